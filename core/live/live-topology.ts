import type { TopologySource } from '../protocol/server.js';

export interface LiveOptions {
  /** Skip the engine entirely (`--no-docker`). */
  skipDocker?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** The core made live: a TopologySource that follows the host until stopped. */
export interface LiveTopology extends TopologySource {
  stop(): Promise<void>;
}

export async function startLiveTopology(_options: LiveOptions = {}): Promise<LiveTopology> {
  throw new Error('not yet implemented');
}
