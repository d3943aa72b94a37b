import type { Topology } from '../model/types.js';
import type { DeltaMessage, StreamMessage } from './messages.js';

/**
 * Client-side state of a topology stream: the model as received and the last seq.
 * Pure functions, shared by the renderer's client, `netloom watch` consumers and tests.
 */
export interface StreamState {
  topology: Topology | null;
  seq: number | null;
}

export const emptyStreamState = (): StreamState => ({ topology: null, seq: null });

/** What happened when a message was applied. */
export type ApplyOutcome = 'applied' | 'gap' | 'stale';

/** Applies one delta to a topology, returning a new topology (the input is not changed). */
export function applyDelta(t: Topology, d: DeltaMessage): Topology {
  const removeNodes = new Set(d.remove.nodes);
  const removeEdges = new Set(d.remove.edges);
  const nodes = new Map(t.nodes.filter((n) => !removeNodes.has(n.id)).map((n) => [n.id, n]));
  const edges = new Map(t.edges.filter((e) => !removeEdges.has(e.id)).map((e) => [e.id, e]));
  for (const n of [...d.add.nodes, ...d.update.nodes]) nodes.set(n.id, n);
  for (const e of [...d.add.edges, ...d.update.edges]) edges.set(e.id, e);
  return {
    ...t,
    capturedAt: d.capturedAt,
    facets: d.facets ?? t.facets,
    host: d.host ?? t.host,
    firewall: d.firewall === undefined ? t.firewall : d.firewall,
    nodes: [...nodes.values()],
    edges: [...edges.values()],
  };
}

/**
 * Applies one stream message. A snapshot always replaces the state; a delta applies only
 * when it is the next seq ('gap' tells the caller to ask for a resync; 'stale' is an old
 * message after a resync and is ignored).
 */
export function applyStreamMessage(
  state: StreamState,
  msg: StreamMessage,
): { state: StreamState; outcome: ApplyOutcome } {
  if (msg.type === 'snapshot') return { state: { topology: msg.topology, seq: msg.seq }, outcome: 'applied' };
  if (state.topology === null || state.seq === null) return { state, outcome: 'gap' };
  if (msg.seq <= state.seq) return { state, outcome: 'stale' };
  if (msg.seq !== state.seq + 1) return { state, outcome: 'gap' };
  return { state: { topology: applyDelta(state.topology, msg), seq: msg.seq }, outcome: 'applied' };
}
