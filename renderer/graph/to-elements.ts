import type { ElementDefinition } from 'cytoscape';
import type { Topology } from '../../core/model/types.js';
import { visibleIds } from '../store/filters.js';
import type { Filters, ViewName } from '../store/types.js';
import { dockerElements } from './docker-elements.js';
import type { GraphElement } from './element-data.js';
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

export function toGraphElements(topology: Topology, view: ViewName, filters: Filters): GraphElement[] {
  const index = buildIndex(topology);
  const visible = visibleIds(topology, filters);
  const els = view === 'kernel' ? kernelElements(topology, index, visible) : dockerElements(topology, index, visible);
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
