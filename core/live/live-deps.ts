import type { DockerConnection } from '../docker/client.js';
import type { RunningTool } from '../exec/stream-tool.js';
import type { FirewallDump } from '../firewall/types.js';
import type { NetnsDump } from '../kernel/ip-json.js';
import type { RawHost } from '../model/raw-host.js';
import type { DockerEvent, EventStream } from './docker-events.js';
import type { PartialRead } from './merge-read.js';
import type { Work } from './work.js';

/**
 * What the live scheduler needs from the world, passed in so that its timing and its
 * recovery paths can be tested with a fake clock and fake processes (live-scheduler.test.ts);
 * `realLiveDeps` (real-live-deps.ts) holds the real ones.
 */

export interface Timer {
  cancel(): void;
}

export interface Clock {
  setTimeout(fn: () => void, ms: number): Timer;
  setInterval(fn: () => void, ms: number): Timer;
  /** Milliseconds, for the trace log. */
  now(): number;
}

/** A connection to the engine and the event stream followed on it. */
export interface DockerLink {
  conn: DockerConnection;
  events: EventStream;
}

export interface LiveProcesses {
  /** `ip -o monitor link address route` in the host namespace: each line says it changed. */
  ipMonitor(onLine: (line: string) => void, onExit: (reason: string) => void): RunningTool;
  /** `nft monitor`: each line says the ruleset changed. */
  nftMonitor(onLine: (line: string) => void, onExit: (reason: string) => void): RunningTool;
  /**
   * Connects to the engine and follows its events (events first, then the reads, so that
   * nothing in between is missed); rejects with an Error saying why the engine is out of reach.
   * `onEnd` fires once when the stream stops.
   */
  connectDocker(onEvent: (e: DockerEvent) => void, onEnd: (reason: string) => void): Promise<DockerLink>;
}

export interface LiveReaders {
  /** Everything; with `dockerDown` set (and no connection) the engine is not dialled. */
  full(conn: DockerConnection | null, dockerDown: string | undefined): Promise<RawHost>;
  /** What the work names; rejects with a DockerUnavailableError when the engine went away. */
  partial(prev: RawHost, work: Work, conn: DockerConnection | null): Promise<PartialRead>;
  /** The names in /run/netns as one string. */
  namedNames(): Promise<string>;
  /** The `ip netns` namespaces with their dumps. */
  named(): Promise<{ named: { name: string; inode: number }[]; dumps: NetnsDump[] }>;
  firewall(): Promise<FirewallDump>;
  /** The networks of each container that is not running, by id (see readStoppedNetworks). */
  stoppedNetworks(conn: DockerConnection): Promise<Map<string, string[]>>;
}

export interface LiveDeps {
  clock: Clock;
  processes: LiveProcesses;
  readers: LiveReaders;
}
