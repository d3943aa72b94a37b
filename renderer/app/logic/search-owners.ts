import { TopologyIndex } from '../../../core/common/topology-index.js';
import type { ContainerNode, Topology } from '../../../core/model/types.js';
import type { SearchResult } from '../../store/search.js';

/**
 * People search an IP or MAC to find a container, but the address belongs to an interface
 * or an endpoint. Put the owning container just before the first such hit, once.
 */
export function withOwningContainers(results: SearchResult[], topology: Topology): SearchResult[] {
  const index = TopologyIndex.of(topology);
  const ownerOf = (r: SearchResult): ContainerNode | undefined => {
    if (r.kind === 'endpoint') return index.container(index.edge(r.id)?.source);
    if (r.kind === 'interface') {
      const iface = index.iface(r.id);
      return iface ? index.containersIn(iface.parent)[0] : undefined;
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
