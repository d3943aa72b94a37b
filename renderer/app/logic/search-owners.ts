import type { ContainerNode, Topology } from '../../../core/model/types.js';
import type { SearchResult } from '../../store/search.js';

/**
 * People search an IP or MAC to find a container, but the address belongs to an interface
 * or an endpoint. Put the owning container just before the first such hit, once.
 */
export function withOwningContainers(results: SearchResult[], topology: Topology): SearchResult[] {
  const containers = topology.nodes.filter((n): n is ContainerNode => n.kind === 'container');
  const ownerOf = (r: SearchResult): ContainerNode | undefined => {
    if (r.kind === 'endpoint') {
      const edge = topology.edges.find((e) => e.id === r.id);
      return containers.find((c) => c.id === edge?.source);
    }
    if (r.kind === 'interface') {
      const iface = topology.nodes.find((n) => n.id === r.id);
      const ns = iface?.kind === 'interface' ? iface.parent : null;
      const host = topology.nodes.some((n) => n.kind === 'netns' && n.id === ns && n.host);
      return host ? undefined : containers.find((c) => c.netns === ns);
    }
    return undefined;
  };
  const seen = new Set(results.map((r) => r.id));
  const out: SearchResult[] = [];
  for (const r of results) {
    const owner = ownerOf(r);
    if (owner && !seen.has(owner.id)) {
      seen.add(owner.id);
      out.push({ id: owner.id, label: owner.name, kind: 'container', why: r.why, score: r.score });
    }
    out.push(r);
  }
  return out;
}
