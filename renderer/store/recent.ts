import type { DeltaMessage } from '../../core/protocol/messages.js';
import type { RecentChanges } from './types.js';

/** The ids a delta touched, for the graph to highlight; edges and nodes together. */
export function recentFromDelta(delta: DeltaMessage, now: number): RecentChanges {
  const ids = (c: { nodes: { id: string }[]; edges: { id: string }[] }): string[] => [
    ...c.nodes.map((n) => n.id),
    ...c.edges.map((e) => e.id),
  ];
  return {
    added: ids(delta.add),
    updated: ids(delta.update),
    removed: [...delta.remove.nodes, ...delta.remove.edges],
    at: now,
  };
}
