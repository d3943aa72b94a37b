import { sameValue } from '../common/same-value.js';
import type { Topology, TopologyEdge, TopologyNode } from '../model/types.js';
import type { DeltaMessage } from '../protocol/messages.js';

export type TopologyDelta = Omit<DeltaMessage, 'type' | 'seq'>;

/** The previous model's elements by id, kept between diffs. */
export type ElementIndex = Map<string, TopologyNode | TopologyEdge>;

export function indexElements(t: Topology): ElementIndex {
  const index: ElementIndex = new Map();
  for (const n of t.nodes) index.set(`n:${n.id}`, n);
  for (const e of t.edges) index.set(`e:${e.id}`, e);
  return index;
}

/**
 * The minimal delta from `prev` to `next`: elements added, removed, or changed in any
 * field. Returns null when nothing a client holds would change.
 */
export function diffTopology(
  prev: Topology,
  prevIndex: ElementIndex,
  next: Topology,
): { delta: TopologyDelta | null; index: ElementIndex } {
  const index = indexElements(next);
  const delta: TopologyDelta = {
    add: { nodes: [], edges: [] },
    update: { nodes: [], edges: [] },
    remove: { nodes: [], edges: [] },
    capturedAt: next.capturedAt,
  };
  const classify = <T extends TopologyNode | TopologyEdge>(items: T[], prefix: string, add: T[], update: T[]): void => {
    for (const item of items) {
      const before = prevIndex.get(`${prefix}${item.id}`);
      if (before === undefined) add.push(item);
      else if (!sameValue(before, item)) update.push(item);
    }
  };
  classify(next.nodes, 'n:', delta.add.nodes, delta.update.nodes);
  classify(next.edges, 'e:', delta.add.edges, delta.update.edges);
  for (const key of prevIndex.keys()) {
    if (index.has(key)) continue;
    if (key.startsWith('n:')) delta.remove.nodes.push(key.slice(2));
    else delta.remove.edges.push(key.slice(2));
  }
  if (!sameValue(prev.facets, next.facets)) delta.facets = next.facets;
  if (!sameValue(prev.host, next.host)) delta.host = next.host;
  if (!sameValue(prev.firewall, next.firewall)) delta.firewall = next.firewall;
  const changed =
    delta.add.nodes.length +
    delta.add.edges.length +
    delta.update.nodes.length +
    delta.update.edges.length +
    delta.remove.nodes.length +
    delta.remove.edges.length;
  const empty = changed === 0 && delta.facets === undefined && delta.host === undefined && delta.firewall === undefined;
  return { delta: empty ? null : delta, index };
}
