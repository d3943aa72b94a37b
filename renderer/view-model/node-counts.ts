import type { NodeKind, Topology } from '../../core/model/types.js';

/** Node kinds in the order the page lists them, with words for one and many. */
export const NODE_KINDS: readonly { kind: NodeKind; one: string; many: string }[] = [
  { kind: 'container', one: 'container', many: 'containers' },
  { kind: 'network', one: 'network', many: 'networks' },
  { kind: 'port', one: 'published port', many: 'published ports' },
  { kind: 'netns', one: 'namespace', many: 'namespaces' },
  { kind: 'interface', one: 'interface', many: 'interfaces' },
  { kind: 'nat-rule', one: 'NAT rule', many: 'NAT rules' },
  { kind: 'filter-rule', one: 'filter rule', many: 'filter rules' },
];

/** Recounted per change: one pass over the nodes costs far less than any DOM work. */
export function countByKind(topology: Topology): Map<NodeKind, number> {
  const counts = new Map<NodeKind, number>(NODE_KINDS.map((k) => [k.kind, 0]));
  for (const n of topology.nodes) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  return counts;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
