import type { ElementDefinition } from 'cytoscape';
import type { Facets, Topology } from '../../core/model/types.js';
import { visibleIds } from '../store/filters.js';
import type { Filters, ViewName } from '../store/types.js';
import { dockerElements } from './docker-elements.js';
import type { GraphElement, GraphNodeKind } from './element-data.js';
import { kernelElements } from './kernel-elements.js';
import { buildIndex } from './model-index.js';

/** Compound boxes first (outer before inner), then plain nodes, then edges, each by id. */
function rank(el: GraphElement, depth: Map<string, number>): number {
  if (el.group === 'edges') return 100;
  return depth.get(el.data.id) ?? 50;
}

/**
 * The cytoscape elements for one view of the topology. Element ids are model ids
 * (Kiali-style) so a delta patches the graph by id, and the output is sorted so the same
 * topology always gives the same list (VISUAL.md principle 2).
 */
export function toElements(topology: Topology, view: ViewName, filters: Filters): ElementDefinition[] {
  return toGraphElements(topology, view, filters);
}

/**
 * Which drawn nodes stand where an unread facet leaves a hole (VISUAL.md badge: missing
 * facet "?"): the host box for anything missing in the kernel view; in the Docker view the
 * network boxes when the kernel is unread (no bridges or veths behind them) and the ports
 * when the firewall is (no DNAT rule behind them).
 */
export function facetsMissingAt(topology: Topology, view: ViewName, kind: GraphNodeKind): (keyof Facets)[] {
  const missing = (['docker', 'kernel', 'firewall'] as const).filter((f) => !topology.facets[f].ok);
  if (missing.length === 0) return [];
  if (view === 'kernel') return kind === 'host' ? missing : [];
  if (kind === 'network') return missing.filter((f) => f === 'kernel');
  if (kind === 'port') return missing.filter((f) => f === 'firewall');
  return [];
}

/** Kinds whose label gains a second line (image and short id, addresses) from zoom 1 up (VISUAL.md). */
const withDetail = (el: GraphElement): boolean =>
  el.data.kind === 'container' ||
  (el.data.kind === 'interface' && (el.data.role === 'nic' || el.data.role === 'bridge'));

export function toGraphElements(topology: Topology, view: ViewName, filters: Filters): GraphElement[] {
  const index = buildIndex(topology);
  const visible = visibleIds(topology, filters);
  const els = view === 'kernel' ? kernelElements(topology, index, visible) : dockerElements(topology, index, visible);
  for (const el of els) {
    if (el.group === 'nodes' && facetsMissingAt(topology, view, el.data.kind).length > 0) {
      el.data.label = `? ${el.data.label}`;
      el.classes = `${el.classes} facet-missing`;
    }
    if (el.group === 'nodes' && withDetail(el)) {
      // Link-local IPv6 says nothing a reader needs at a glance; the inspector lists it.
      const detail = el.data.detail
        .split(' ')
        .filter((w) => !w.toLowerCase().startsWith('fe80:'))
        .join(' ')
        .trim();
      if (detail !== '') el.data.detailLabel = `${el.data.label}\n${detail}`;
    }
  }
  const parents = new Map<string, string | undefined>();
  for (const el of els) if (el.group === 'nodes') parents.set(el.data.id, el.data.parent);
  const hasChildren = new Set([...parents.values()].filter((p): p is string => p !== undefined));
  const depth = new Map<string, number>();
  for (const id of parents.keys()) {
    let d = 0;
    for (let p = parents.get(id); p !== undefined && d < 10; p = parents.get(p)) d++;
    depth.set(id, hasChildren.has(id) ? d : 50 + d);
  }
  return els.sort(
    (a, b) => rank(a, depth) - rank(b, depth) || (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0),
  );
}
