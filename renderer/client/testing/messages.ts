import { PROTOCOL_VERSION, type DeltaMessage, type SnapshotMessage } from '../../../core/protocol/messages.js';
import type { Topology } from '../../../core/model/types.js';

/** Server messages for client tests, shaped as core/protocol/messages.ts says. */
export const hello = (protocol = PROTOCOL_VERSION) => ({ type: 'hello', protocol, version: '0.1.0-test' }) as const;

export const snapshot = (seq: number, topology: Topology): SnapshotMessage => ({ type: 'snapshot', seq, topology });

export function delta(seq: number, changes: Partial<Omit<DeltaMessage, 'type' | 'seq'>> = {}): DeltaMessage {
  return {
    type: 'delta',
    seq,
    add: { nodes: [], edges: [] },
    update: { nodes: [], edges: [] },
    remove: { nodes: [], edges: [] },
    capturedAt: `2026-11-23T19:30:${String(seq % 60).padStart(2, '0')}.000Z`,
    ...changes,
  };
}
