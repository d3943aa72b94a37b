import type { DeltaMessage, SnapshotMessage, StreamMessage } from '../protocol/messages.js';
import type { TopologySource } from '../protocol/server.js';
import { sampleTopology } from './sample-topology.js';

/** A TopologySource for transport tests: the sample host, and empty deltas pushed on demand. */
export class FakeTopologySource implements TopologySource {
  seq = 1;
  readonly listeners = new Set<(m: StreamMessage) => void>();

  current(): SnapshotMessage {
    return { type: 'snapshot', seq: this.seq, topology: sampleTopology() };
  }

  subscribe(listener: (m: StreamMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends the next delta (with nothing in it) to every subscriber. */
  push(): DeltaMessage {
    this.seq += 1;
    const delta: DeltaMessage = {
      type: 'delta',
      seq: this.seq,
      add: { nodes: [], edges: [] },
      update: { nodes: [], edges: [] },
      remove: { nodes: [], edges: [] },
      capturedAt: new Date().toISOString(),
    };
    for (const l of this.listeners) l(delta);
    return delta;
  }
}
