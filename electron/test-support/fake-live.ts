import type { LiveOptions, LiveTopology } from '../../core/live/live-topology.js';
import type { SnapshotMessage, StreamMessage } from '../../core/protocol/messages.js';
import { sampleTopology } from '../../core/testkit/sample-topology.js';

/** What main.ts did with the core, for main.test.ts. */
export const liveRecord = {
  options: [] as LiveOptions[],
  stopped: 0,
  listeners: new Set<(m: StreamMessage) => void>(),
};

export async function startLiveTopology(options: LiveOptions = {}): Promise<LiveTopology> {
  liveRecord.options.push(options);
  return {
    current: (): SnapshotMessage => ({ type: 'snapshot', seq: 1, topology: sampleTopology() }),
    subscribe: (listener) => {
      liveRecord.listeners.add(listener);
      return () => liveRecord.listeners.delete(listener);
    },
    stop: async () => {
      liveRecord.stopped += 1;
    },
    idle: async () => undefined,
    refresh: async () => undefined,
  };
}
