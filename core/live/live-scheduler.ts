import type { RawHost } from '../model/raw-host.js';
import type { DeltaCause } from '../protocol/messages.js';
import { EngineLink } from './engine-link.js';
import { HostWatchers } from './host-watchers.js';
import type { LiveDeps } from './live-deps.js';
import { mergeRead } from './merge-read.js';
import { Timers } from './timers.js';
import { describeWork, hasWork, noWork, type Work } from './work.js';

export { RECONNECT_MAX_MS, RECONNECT_MIN_MS } from './engine-link.js';
export { MONITOR_RESTART_MS, SETTLE_MS } from './host-watchers.js';
export const DEFAULT_POLL_MS = 2000;
export const DEFAULT_RESYNC_MS = 300_000;

/** What a command changed, so the live core knows what to re-read. */
export interface RefreshTargets {
  /** Container ids (full) to re-inspect, with their namespaces. */
  containers?: string[];
  /** The network list. */
  networks?: boolean;
  /** The host namespace (bridges, veths). */
  host?: boolean;
  /** The firewall rules. */
  firewall?: boolean;
}

export interface SchedulerOptions {
  skipDocker?: boolean;
  pollMs?: number;
  resyncMs?: number;
  log?: (line: string) => void;
  trace?: boolean;
}

/** Where each read goes: the first (at start) and every later one with what caused it. */
export interface ReadSink {
  first(raw: RawHost): void;
  next(raw: RawHost, causes: DeltaCause[]): void;
}

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Decides what to re-read and when. Docker events name the container or network
 * (engine-link.ts), the monitors and the poll the host namespace, the firewall and the
 * `ip netns` namespaces (host-watchers.ts), and a periodic full read catches what nothing
 * announces. Bursts coalesce: work arriving during a read is taken by the next one.
 */
export class LiveScheduler {
  private raw!: RawHost;
  private readonly timers: Timers;
  private readonly engine: EngineLink;
  private readonly watchers: HostWatchers;
  private work: Work = noWork();
  private causes: DeltaCause[] = [];
  /** Resolved once the read that takes the current work has been published. */
  private waiters: (() => void)[] = [];
  private running: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  private readonly log: (line: string) => void;

  constructor(
    private readonly deps: LiveDeps,
    private readonly sink: ReadSink,
    private readonly options: SchedulerOptions = {},
  ) {
    this.log = options.log ?? (() => undefined);
    this.timers = new Timers(deps.clock);
    const everything = (w: Work) => (w.full = true);
    this.engine = new EngineLink(
      deps.processes,
      this.timers,
      {
        event: (e) =>
          this.mark({ source: 'docker', action: e.action, id: e.id, timeNano: e.timeNano }, (w) => {
            // With `nft monitor` running, rule changes announce themselves; only a polled
            // (legacy) firewall is re-read on every engine event.
            if (!this.watchers.firewallMonitored) w.firewall = true;
            if (e.type === 'container') w.containers.add(e.id);
            if (e.type === 'network') {
              w.networks = true;
              w.host = true;
              if (e.container) w.containers.add(e.container);
            }
          }),
        gone: () => this.mark({ source: 'resync' }, everything),
        back: () => this.mark({ source: 'resync' }, everything),
      },
      this.log,
    );
    this.watchers = new HostWatchers(deps.processes, deps.readers, this.timers, {
      mark: (cause, apply) => this.mark(cause, apply),
      raw: () => this.raw,
      busy: () => this.running !== null,
      conn: () => this.engine.conn,
      log: this.log,
    });
  }

  async start(): Promise<void> {
    if (!this.options.skipDocker) await this.engine.connect();
    this.watchers.startIpMonitor();
    await this.readFull();
    this.sink.first(this.raw);
    await this.watchers.listNamed();
    this.watchers.startFirewallMonitor();
    this.timers.every(this.options.pollMs ?? DEFAULT_POLL_MS, () => void this.watchers.poll());
    this.timers.every(this.options.resyncMs ?? DEFAULT_RESYNC_MS, () =>
      this.mark({ source: 'resync' }, (w) => (w.full = true)),
    );
    if (!this.options.skipDocker && !this.engine.conn) this.engine.scheduleReconnect();
    this.started = true;
    this.kick();
  }

  /** Resolves when no change is pending or being read. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  refresh(targets: RefreshTargets): Promise<void> {
    const some = (targets.containers?.length ?? 0) > 0 || targets.networks || targets.host || targets.firewall;
    if (this.stopped || !some) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      this.mark(
        { source: 'docker', action: 'command' },
        (w) => {
          for (const id of targets.containers ?? []) w.containers.add(id);
          if (targets.networks) w.networks = true;
          if (targets.host) w.host = true;
          if (targets.firewall) w.firewall = true;
        },
        true,
      );
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timers.cancelAll();
    this.engine.stop();
    this.watchers.stop();
    await this.idle();
    for (const w of this.waiters.splice(0)) w();
    this.engine.close();
  }

  /** Records work and its cause, and starts reading unless a read is already running. */
  private mark(cause: DeltaCause, apply: (w: Work) => void, quiet = false): void {
    if (this.stopped) return;
    apply(this.work);
    if (!quiet) this.causes.push(cause);
    this.kick();
  }

  private kick(): void {
    if (this.running || this.stopped || !this.started || !hasWork(this.work)) return;
    this.running = (async () => {
      try {
        while (hasWork(this.work) && !this.stopped) await this.readOnce();
      } finally {
        this.running = null;
      }
    })();
  }

  /** Takes the pending work, reads it and hands the result on; its waiters are released whatever happens. */
  private async readOnce(): Promise<void> {
    const { work, causes, waiters } = this;
    this.work = noWork();
    this.causes = [];
    this.waiters = [];
    if (work.full || work.host || work.containers.size > 0) this.watchers.hostReadStarting();
    const t0 = this.timers.now();
    let t1 = t0;
    try {
      await this.read(work);
      t1 = this.timers.now();
      this.sink.next(this.raw, causes);
    } catch (err) {
      this.log(`re-read failed (${describe(err)}); the next change or the resync will read again`);
    } finally {
      for (const w of waiters) w();
    }
    if (this.options.trace) {
      const build = (this.timers.now() - t1).toFixed(1);
      this.log(`re-read ${describeWork(work)}: read ${(t1 - t0).toFixed(1)} ms, build+diff+send ${build} ms`);
    }
  }

  private async read(work: Work): Promise<void> {
    if (work.full) return this.readFull();
    try {
      const read = await this.deps.readers.partial(this.raw, work, this.engine.conn);
      this.raw = mergeRead(this.raw, read);
    } catch (err) {
      if (err instanceof Error && err.name === 'DockerUnavailableError') this.engine.lost(err.message);
      else this.log(`re-read failed (${describe(err)}); reading everything`);
      await this.readFull();
    }
  }

  private async readFull(): Promise<void> {
    const conn = this.engine.conn;
    const raw = await this.deps.readers.full(conn, conn ? undefined : this.engine.down);
    this.raw = raw;
    if (conn && this.engine.conn === conn && !raw.facets.docker.ok)
      this.engine.lost(raw.facets.docker.reason ?? 'Docker engine unavailable');
  }
}
