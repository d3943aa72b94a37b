import type { Topology, TopologyNode } from '../model/types.js';

/**
 * A real host's topology cut down to a few containers and what they stand on, so a
 * fixture stays small while every id, field and reference is still the engine's own:
 * the host namespace (its loopback and uplinks), the kept containers with their
 * namespaces and interfaces, their networks and bridges, the host ends of their veths,
 * their published ports, and the NAT and filter rules tied to those by an edge.
 */
export function trimTopology(t: Topology, keepContainer: (name: string) => boolean): Topology {
  const keep = new Set<string>();
  const containers = t.nodes.filter((n) => n.kind === 'container' && keepContainer(n.name));
  const hostNs = t.nodes.find((n) => n.kind === 'netns' && n.host);
  if (hostNs) keep.add(hostNs.id);
  const namespaces = new Set<string>();
  for (const c of containers) {
    if (c.kind !== 'container') continue;
    keep.add(c.id);
    if (c.netns !== null && c.netns !== hostNs?.id) namespaces.add(c.netns);
  }
  for (const id of namespaces) keep.add(id);
  for (const n of t.nodes) {
    if (n.kind !== 'interface') continue;
    if (namespaces.has(n.parent)) keep.add(n.id);
    // The host's own links that are not per-container plumbing: lo and the uplink NICs.
    if (n.parent === hostNs?.id && (n.type === 'loopback' || n.type === 'device')) keep.add(n.id);
  }
  for (const e of t.edges) {
    // A kept container's networks, and both ends of every veth into a kept namespace.
    if (e.kind === 'endpoint' && keep.has(e.source)) keep.add(e.target);
    if (e.kind === 'veth' && (keep.has(e.source) || keep.has(e.target))) {
      keep.add(e.source);
      keep.add(e.target);
    }
  }
  for (const n of t.nodes) {
    if (n.kind === 'network' && keep.has(n.id) && n.bridge !== null) keep.add(n.bridge);
    if (n.kind === 'port' && keep.has(n.container)) {
      keep.add(n.id);
      if (n.rule !== null) keep.add(n.rule);
    }
  }
  for (const e of t.edges) {
    if ((e.kind === 'masquerade' || e.kind === 'filters') && keep.has(e.target)) keep.add(e.source);
    if (e.kind === 'bridge-port' && keep.has(e.source)) keep.add(e.target);
  }
  const nodes = t.nodes
    .filter((n) => keep.has(n.id))
    .map((n): TopologyNode =>
      n.kind === 'netns' ? { ...n, routes: n.routes.filter((r) => r.dev === null || keep.has(r.dev)) } : n,
    );
  const edges = t.edges.filter((e) => keep.has(e.source) && keep.has(e.target));
  return { ...t, nodes, edges };
}
