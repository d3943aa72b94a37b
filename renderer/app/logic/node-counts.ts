import type { NodeKind, Topology } from '../../../core/model/types.js';

export const NODE_KINDS: readonly NodeKind[] = [
  'container',
  'network',
  'port',
  'netns',
  'interface',
  'nat-rule',
  'filter-rule',
];

/** Recounted per change: one pass over the nodes costs far less than any DOM work. */
export function countByKind(topology: Topology): Map<NodeKind, number> {
  const counts = new Map<NodeKind, number>(NODE_KINDS.map((k) => [k, 0]));
  for (const n of topology.nodes) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  return counts;
}
