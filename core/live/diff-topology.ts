import type { Topology, TopologyEdge, TopologyNode } from '../model/types.js';
import type { DeltaMessage } from '../protocol/messages.js';

export type TopologyDelta = Omit<DeltaMessage, 'type' | 'seq'>;

/** Serialised elements by id, kept from the previous diff so each element is stringified once. */
export type ElementIndex = Map<string, string>;

export function indexElements(t: Topology): ElementIndex {
  const index: ElementIndex = new Map();
  for (const n of t.nodes) index.set(`n:${n.id}`, JSON.stringify(n));
  for (const e of t.edges) index.set(`e:${e.id}`, JSON.stringify(e));
  return index;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The minimal delta from `prev` to `next`: elements added, removed, or changed in any
 * field (compared as serialised JSON, which is stable because the builder fixes key order).
 * Returns null when nothing a client holds would change.
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
      else if (before !== index.get(`${prefix}${item.id}`)) update.push(item);
    }
  };
  classify(next.nodes, 'n:', delta.add.nodes, delta.update.nodes);
  classify(next.edges, 'e:', delta.add.edges, delta.update.edges);
  for (const key of prevIndex.keys()) {
    if (index.has(key)) continue;
    if (key.startsWith('n:')) delta.remove.nodes.push(key.slice(2));
    else delta.remove.edges.push(key.slice(2));
  }
  if (!sameJson(prev.facets, next.facets)) delta.facets = next.facets;
  if (!sameJson(prev.host, next.host)) delta.host = next.host;
  if (!sameJson(prev.firewall, next.firewall)) delta.firewall = next.firewall;
  const empty =
    delta.add.nodes.length +
      delta.add.edges.length +
      delta.update.nodes.length +
      delta.update.edges.length +
      delta.remove.nodes.length +
      delta.remove.edges.length ===
      0 &&
    delta.facets === undefined &&
    delta.host === undefined &&
    delta.firewall === undefined;
  return { delta: empty ? null : delta, index };
}
