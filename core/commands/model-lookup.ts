import type { Topology, TopologyEdge, TopologyNode } from '../model/types.js';

/**
 * Id lookups for the checks an action runs on each published model: one map per model
 * object (a delta makes a new one), far cheaper than the full topology index.
 */
const cache = new WeakMap<Topology, { nodes: Map<string, TopologyNode>; edges: Map<string, TopologyEdge> }>();

function maps(t: Topology) {
  let m = cache.get(t);
  if (!m) {
    m = { nodes: new Map(t.nodes.map((n) => [n.id, n])), edges: new Map(t.edges.map((e) => [e.id, e])) };
    cache.set(t, m);
  }
  return m;
}

export function nodeOf<K extends TopologyNode['kind']>(
  t: Topology,
  id: string,
  kind: K,
): Extract<TopologyNode, { kind: K }> | undefined {
  const n = maps(t).nodes.get(id);
  return n?.kind === kind ? (n as Extract<TopologyNode, { kind: K }>) : undefined;
}

export function edgeOf<K extends TopologyEdge['kind']>(
  t: Topology,
  id: string,
  kind: K,
): Extract<TopologyEdge, { kind: K }> | undefined {
  const e = maps(t).edges.get(id);
  return e?.kind === kind ? (e as Extract<TopologyEdge, { kind: K }>) : undefined;
}

/** A container's endpoints (edges from its node). */
export const endpointsOf = (t: Topology, containerNode: string) =>
  t.edges.filter(
    (e): e is Extract<TopologyEdge, { kind: 'endpoint' }> => e.kind === 'endpoint' && e.source === containerNode,
  );

/** A container's published ports. */
export const portsOf = (t: Topology, containerNode: string) =>
  t.nodes.filter(
    (n): n is Extract<TopologyNode, { kind: 'port' }> => n.kind === 'port' && n.container === containerNode,
  );
