import { buildTopology } from '../model/build-topology.js';
import type { RawHost } from '../model/raw-host.js';
import type { Topology } from '../model/types.js';
import type { DeltaCause, SnapshotMessage, StreamMessage } from '../protocol/messages.js';
import type { TopologySource } from '../protocol/server.js';
import { diffTopology, indexElements, type ElementIndex } from './diff-topology.js';
import type { LiveDeps } from './live-deps.js';
import { LiveScheduler, type ReadSink, type RefreshTargets } from './live-scheduler.js';
import { realLiveDeps } from './real-live-deps.js';

export type { RefreshTargets } from './live-scheduler.js';

export interface LiveOptions {
  /** Skip the engine entirely (`--no-docker`). */
  skipDocker?: boolean;
  env?: NodeJS.ProcessEnv;
  /** How often the firewall and `ip netns` namespaces are checked for changes made by hand (ms). */
  pollMs?: number;
  /** How often everything is re-read, to catch what no event announces (ms). */
  resyncMs?: number;
  log?: (line: string) => void;
  /** Log how long each re-read took (NETLOOM_TRACE=1 in the CLI). */
  trace?: boolean;
}

/** The core made live: a TopologySource that follows the host until stopped. */
export interface LiveTopology extends TopologySource {
  stop(): Promise<void>;
  /** Resolves when no change is pending or being read (for tests and benchmarks). */
  idle(): Promise<void>;
  /**
   * Re-reads what a command just changed without waiting for the engine's event to say so;
   * resolves once a read that covers it has been published (or found nothing new).
   */
  refresh(targets: RefreshTargets): Promise<void>;
}

/**
 * The stream: each read the scheduler hands over is rebuilt into the model and diffed by
 * id against the last one; only a read that changed something is sent, with the next seq
 * and the events that caused it.
 */
class LiveCore implements LiveTopology, ReadSink {
  private topology!: Topology;
  private index!: ElementIndex;
  private seq = 1;
  private readonly listeners = new Set<(m: StreamMessage) => void>();
  readonly scheduler: LiveScheduler;

  constructor(options: LiveOptions, deps: LiveDeps) {
    this.scheduler = new LiveScheduler(deps, this, options);
  }

  first(raw: RawHost): void {
    this.topology = buildTopology(raw);
    this.index = indexElements(this.topology);
  }

  next(raw: RawHost, causes: DeltaCause[]): void {
    const next = buildTopology(raw);
    const { delta, index } = diffTopology(this.topology, this.index, next);
    this.topology = next;
    this.index = index;
    if (!delta) return;
    this.seq += 1;
    const message: StreamMessage = { type: 'delta', seq: this.seq, ...delta, ...(causes.length ? { causes } : {}) };
    for (const l of this.listeners) l(message);
  }

  current(): SnapshotMessage {
    return { type: 'snapshot', seq: this.seq, topology: this.topology };
  }

  subscribe(listener: (m: StreamMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  refresh(targets: RefreshTargets): Promise<void> {
    return this.scheduler.refresh(targets);
  }

  stop(): Promise<void> {
    return this.scheduler.stop();
  }
}

/**
 * Starts following the host: resolves once the first full read is in the model. `deps`
 * replaces the clock, the processes and the readers (tests); by default they are real.
 */
export async function startLiveTopology(options: LiveOptions = {}, deps?: LiveDeps): Promise<LiveTopology> {
  const core = new LiveCore(options, deps ?? realLiveDeps(options));
  await core.scheduler.start();
  return core;
}
