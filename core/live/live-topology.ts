import { readdir, stat } from 'node:fs/promises';
import { connectDocker, explainDockerError, type DockerConnection } from '../docker/client.js';
import { containerRefs, readContainers, readNetworks } from '../docker/read-docker.js';
import { streamTool, type RunningTool } from '../exec/stream-tool.js';
import { readFirewall } from '../firewall/read-firewall.js';
import { dumpNamespaces, listNamedNetns } from '../kernel/dump-namespaces.js';
import type { NetnsDump } from '../kernel/ip-json.js';
import { buildTopology } from '../model/build-topology.js';
import type { RawHost } from '../model/raw-host.js';
import type { Topology } from '../model/types.js';
import type { DeltaCause, SnapshotMessage, StreamMessage } from '../protocol/messages.js';
import type { TopologySource } from '../protocol/server.js';
import { readHost } from '../snapshot/read-host.js';
import { diffTopology, indexElements, type ElementIndex } from './diff-topology.js';
import { followDockerEvents, type DockerEvent, type EventStream } from './docker-events.js';

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

interface Work {
  full: boolean;
  networks: boolean;
  host: boolean;
  named: boolean;
  firewall: boolean;
  containers: Set<string>;
}

const noWork = (): Work => ({
  full: false,
  networks: false,
  host: false,
  named: false,
  firewall: false,
  containers: new Set(),
});
const hasWork = (w: Work): boolean => w.full || w.networks || w.host || w.named || w.firewall || w.containers.size > 0;

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;
const KERNEL_SETTLE_MS = 100;

async function netnsInodeOfPid(pid: number): Promise<number | null> {
  try {
    return (await stat(`/proc/${pid}/ns/net`)).ino;
  } catch {
    return null;
  }
}

/**
 * Follows the host: Docker events name the container or network to re-read, `ip monitor`
 * says when the host namespace changed, and a cheap poll catches firewall and `ip netns`
 * changes made by hand. Bursts coalesce (events arriving during a read are handled by
 * the next one), each read is rebuilt into the model and only the difference is sent.
 */
class LiveCore implements LiveTopology {
  private conn: DockerConnection | null = null;
  private events: EventStream | null = null;
  private monitor: RunningTool | null = null;
  private raw!: RawHost;
  private topology!: Topology;
  private index!: ElementIndex;
  private seq = 1;
  private readonly listeners = new Set<(m: StreamMessage) => void>();
  private work: Work = noWork();
  private causes: DeltaCause[] = [];
  /** Resolved once the read that takes the current work has been published. */
  private waiters: (() => void)[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private kernelTimer: NodeJS.Timeout | null = null;
  private firewallMonitor: RunningTool | null = null;
  private firewallTimer: NodeJS.Timeout | null = null;
  private dockerDown: string | undefined;
  /** Namespaces from the last full read that no container or name accounts for. */
  private extraInodes = new Set<number>();
  private namedNames = '';
  private readonly log: (line: string) => void;

  constructor(private readonly options: LiveOptions) {
    this.log = options.log ?? (() => undefined);
  }

  async start(): Promise<void> {
    if (!this.options.skipDocker) await this.connect();
    this.startMonitor();
    await this.fullRead();
    this.topology = buildTopology(this.raw);
    this.index = indexElements(this.topology);
    this.namedNames = await this.namedList();
    this.startFirewallMonitor();
    this.timers.push(setInterval(() => void this.poll(), this.options.pollMs ?? 2000));
    this.timers.push(
      setInterval(() => this.mark({ source: 'resync' }, (w) => (w.full = true)), this.options.resyncMs ?? 300_000),
    );
    for (const t of this.timers) t.unref();
    if (!this.options.skipDocker && !this.conn) this.scheduleReconnect();
    this.kick();
  }

  current(): SnapshotMessage {
    return { type: 'snapshot', seq: this.seq, topology: this.topology };
  }

  subscribe(listener: (m: StreamMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

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
    for (const t of this.timers) clearInterval(t);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.kernelTimer) clearTimeout(this.kernelTimer);
    this.events?.close();
    this.monitor?.stop();
    this.firewallMonitor?.stop();
    if (this.firewallTimer) clearTimeout(this.firewallTimer);
    await this.idle();
    for (const w of this.waiters.splice(0)) w();
    this.conn?.close();
  }

  // ---- sources of work ----------------------------------------------------------------

  private async connect(): Promise<boolean> {
    let conn: DockerConnection;
    try {
      conn = await connectDocker({ env: this.options.env });
    } catch (err) {
      this.dockerDown = explainDockerError(err, 'the Docker engine').message;
      return false;
    }
    try {
      // Events first, then the read: nothing that happens in between can be missed.
      this.events = await followDockerEvents(
        conn,
        (e) => this.onDockerEvent(e),
        (reason) => this.onDockerGone(`Docker engine at ${conn.endpoint} went away (${reason}); reconnecting`),
      );
    } catch (err) {
      this.dockerDown = explainDockerError(err, conn.endpoint).message;
      return false;
    }
    this.conn = conn;
    this.dockerDown = undefined;
    this.reconnectDelay = RECONNECT_MIN_MS;
    return true;
  }

  private onDockerEvent(e: DockerEvent): void {
    this.mark({ source: 'docker', action: e.action, id: e.id, timeNano: e.timeNano }, (w) => {
      // With `nft monitor` running, rule changes announce themselves; only a polled
      // (legacy) firewall is re-read on every engine event.
      if (!this.firewallMonitor) w.firewall = true;
      if (e.type === 'container') w.containers.add(e.id);
      if (e.type === 'network') {
        w.networks = true;
        w.host = true;
        if (e.container) w.containers.add(e.container);
      }
    });
  }

  private onDockerGone(reason: string): void {
    if (this.stopped || !this.conn) return;
    this.log(reason);
    this.events?.close();
    this.events = null;
    this.conn = null;
    this.dockerDown = reason;
    this.mark({ source: 'resync' }, (w) => (w.full = true));
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      if (this.stopped) return;
      if (await this.connect()) {
        this.log('Docker engine is back');
        this.mark({ source: 'resync' }, (w) => (w.full = true));
      } else {
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
        this.scheduleReconnect();
      }
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
  }

  private startMonitor(): void {
    if (this.stopped) return;
    // iproute2 6.1 ignores -j in `ip monitor` (docs/host-facts.md): lines are only triggers to re-read.
    this.monitor = streamTool(
      'ip',
      ['-o', 'monitor', 'link', 'address', 'route'],
      () => this.onKernelChange(),
      (reason) => {
        this.monitor = null;
        if (this.stopped) return;
        this.log(`ip monitor stopped (${reason}); restarting in 1 s`);
        setTimeout(() => this.startMonitor(), 1000).unref();
      },
    );
  }

  /**
   * `ip monitor` sees Docker's veths ~25 ms before Docker's own event arrives (docs/host-facts.md).
   * Waiting a moment lets both land in one read instead of the event queueing behind a
   * read of the host alone; changes made by hand just arrive that much later.
   */
  private onKernelChange(): void {
    if (this.kernelTimer) return;
    this.kernelTimer = setTimeout(() => {
      this.kernelTimer = null;
      this.mark({ source: 'kernel' }, (w) => (w.host = true));
    }, KERNEL_SETTLE_MS);
    this.kernelTimer.unref();
  }

  private async namedList(): Promise<string> {
    try {
      return (await readdir('/run/netns')).sort().join('\n');
    } catch {
      return '';
    }
  }

  /** The cheap check for changes no event announces: firewall rules and `ip netns` namespaces. */
  private async poll(): Promise<void> {
    if (this.stopped || this.running) return;
    const names = await this.namedList();
    if (names !== this.namedNames) {
      this.namedNames = names;
      this.mark({ source: 'netns' }, (w) => (w.named = true));
    } else if (names !== '' && (await this.namedChanged())) {
      this.mark({ source: 'netns' }, (w) => (w.named = true));
    }
    if (this.firewallMonitor) return;
    try {
      const fw = await readFirewall();
      if (JSON.stringify(fw) !== JSON.stringify(this.raw.firewall))
        this.mark({ source: 'firewall' }, (w) => (w.firewall = true));
    } catch {
      if (this.raw.facets.firewall.ok) this.mark({ source: 'firewall' }, (w) => (w.firewall = true));
    }
  }

  /**
   * Named namespaces have no monitor of their own: re-dump the few there are and compare
   * with what the model holds, so an unchanged host costs one helper run and no rebuild.
   */
  private async namedChanged(): Promise<boolean> {
    const kernel = this.raw.kernel;
    if (!kernel) return false;
    try {
      const { dumps } = await this.readNamed();
      const held = new Map(kernel.dumps.map((d) => [d.inode, d]));
      return dumps.some((d) => {
        const before = held.get(d.inode);
        return (
          !before ||
          JSON.stringify(before.links) !== JSON.stringify(d.links) ||
          JSON.stringify(before.routes) !== JSON.stringify(d.routes)
        );
      });
    } catch {
      return true;
    }
  }

  /**
   * With an nf_tables backend (iptables-nft or nft), `nft monitor` announces every ruleset
   * change, so the firewall needs no polling; a legacy backend, or no nft, falls back to
   * the poll.
   */
  private startFirewallMonitor(): void {
    const backend = this.raw.firewall?.backend;
    if (this.stopped || (backend !== 'iptables-nft' && backend !== 'nft')) return;
    this.firewallMonitor = streamTool(
      'nft',
      ['monitor'],
      () => {
        if (this.firewallTimer) return;
        this.firewallTimer = setTimeout(() => {
          this.firewallTimer = null;
          this.mark({ source: 'firewall' }, (w) => (w.firewall = true));
        }, KERNEL_SETTLE_MS);
        this.firewallTimer.unref();
      },
      (reason) => {
        this.firewallMonitor = null;
        if (!this.stopped) this.log(`nft monitor stopped (${reason}); polling the firewall instead`);
      },
    );
  }

  // ---- reading --------------------------------------------------------------------------

  /** Records work and its cause, and starts reading unless a read is already running. */
  private mark(cause: DeltaCause, apply: (w: Work) => void, quiet = false): void {
    if (this.stopped) return;
    apply(this.work);
    if (!quiet) this.causes.push(cause);
    this.kick();
  }

  private kick(): void {
    if (this.running || this.stopped || !hasWork(this.work) || !this.topology) return;
    this.running = (async () => {
      try {
        while (hasWork(this.work) && !this.stopped) {
          const work = this.work;
          const causes = this.causes;
          const waiters = this.waiters;
          this.work = noWork();
          this.causes = [];
          this.waiters = [];
          // This read covers the host namespace: a pending kernel trigger has nothing left to add.
          if (this.kernelTimer && (work.full || work.host || work.containers.size > 0)) {
            clearTimeout(this.kernelTimer);
            this.kernelTimer = null;
          }
          const t0 = performance.now();
          let t1 = t0;
          try {
            try {
              if (work.full) await this.fullRead();
              else await this.partialRead(work);
            } catch (err) {
              this.log(`re-read failed (${err instanceof Error ? err.message : String(err)}); reading everything`);
              await this.fullRead();
            }
            t1 = performance.now();
            this.publish(causes);
          } finally {
            for (const w of waiters) w();
          }
          if (this.options.trace) {
            const what = work.full
              ? 'full'
              : `${work.containers.size} containers${work.host ? ', host' : ''}${work.firewall ? ', firewall' : ''}`;
            this.log(
              `re-read ${what}: read ${(t1 - t0).toFixed(1)} ms, build+diff+send ${(performance.now() - t1).toFixed(1)} ms`,
            );
          }
        }
      } finally {
        this.running = null;
      }
    })();
  }

  private async fullRead(): Promise<void> {
    const { raw } = await readHost({
      docker: this.conn,
      skipDocker: this.options.skipDocker,
      dockerDown: this.conn ? undefined : this.dockerDown,
      env: this.options.env,
    });
    if (this.conn && !raw.facets.docker.ok) this.onDockerGone(raw.facets.docker.reason ?? 'Docker engine unavailable');
    this.raw = raw;
    const accounted = new Set<number>([raw.kernel?.hostInode ?? -1, ...(raw.kernel?.named.map((n) => n.inode) ?? [])]);
    for (const inode of Object.values(raw.containerNetns)) if (inode !== null) accounted.add(inode);
    this.extraInodes = new Set((raw.kernel?.dumps ?? []).map((d) => d.inode).filter((i) => !accounted.has(i)));
  }

  /**
   * Re-reads only what the work names, into the cached reads. The host namespace, the
   * namespaces of containers whose PID is already known, the firewall and the Docker
   * reads all start at once; only a container that has just started needs a second dump.
   */
  private async partialRead(work: Work): Promise<void> {
    const raw = this.raw;
    const docker = raw.docker;
    const conn = this.conn;
    const knownPid = new Map((docker?.containers ?? []).filter((c) => c.pid > 0).map((c) => [c.id, c.pid]));
    const early = new Set<string>();
    if (raw.kernel && (work.host || work.containers.size > 0)) {
      early.add('host');
      for (const id of work.containers) {
        const pid = knownPid.get(id);
        if (pid) early.add(`/proc/${pid}/ns/net`);
      }
    }
    const earlyDump = early.size > 0 ? dumpNamespaces([...early]) : null;
    const dockerReads =
      conn && docker
        ? Promise.all([
            work.networks ? readNetworks(conn) : null,
            work.containers.size > 0
              ? readContainers(conn, [...work.containers], containerRefs(docker.containers))
              : null,
          ])
        : Promise.resolve([null, null] as const);
    const firewallRead = work.firewall
      ? readFirewall().then(
          (f) => ({ f, err: null }),
          (err: unknown) => ({ f: null, err }),
        )
      : null;
    const namedRead = work.named && raw.kernel ? this.readNamed() : null;
    let networks, containers;
    try {
      [networks, containers] = await dockerReads;
    } catch (err) {
      await Promise.allSettled([earlyDump, firewallRead, namedRead]);
      if (err instanceof Error && err.name === 'DockerUnavailableError') {
        this.onDockerGone(err.message);
        return this.fullRead();
      }
      throw err;
    }
    const late = new Set<string>();
    if (docker && networks) docker.networks = networks;
    if (docker && containers) {
      const byId = new Map(docker.containers.map((c) => [c.id, c]));
      for (const [id, c] of containers) {
        if (c) byId.set(id, c);
        else byId.delete(id);
        delete raw.containerNetns[id];
        if (c && c.pid > 0) {
          raw.containerNetns[id] = await netnsInodeOfPid(c.pid);
          const target = `/proc/${c.pid}/ns/net`;
          if (raw.kernel && !early.has(target)) late.add(target);
        }
      }
      docker.containers = [...byId.values()];
    }
    if (raw.kernel) {
      if (earlyDump) this.replaceDumps((await earlyDump).dumps);
      if (late.size > 0) this.replaceDumps((await dumpNamespaces([...late])).dumps);
      if (namedRead) {
        const { named, dumps } = await namedRead;
        raw.kernel.named = named;
        this.replaceDumps(dumps);
      }
      const keep = new Set<number>([
        raw.kernel.hostInode,
        ...raw.kernel.named.map((n) => n.inode),
        ...this.extraInodes,
      ]);
      for (const inode of Object.values(raw.containerNetns)) if (inode !== null) keep.add(inode);
      raw.kernel.dumps = raw.kernel.dumps.filter((d) => keep.has(d.inode));
    }
    if (firewallRead) {
      const { f, err } = await firewallRead;
      raw.firewall = f;
      raw.facets = {
        ...raw.facets,
        firewall: f ? { ok: true } : { ok: false, reason: err instanceof Error ? err.message : String(err) },
      };
    }
    raw.capturedAt = new Date().toISOString();
  }

  private async readNamed(): Promise<{ named: { name: string; inode: number }[]; dumps: NetnsDump[] }> {
    const list = await listNamedNetns();
    const result = await dumpNamespaces(list.map((n) => n.path));
    const named: { name: string; inode: number }[] = [];
    for (const d of result.dumps) {
      const n = list.find((x) => x.path === d.target);
      if (n) named.push({ name: n.name, inode: d.inode });
    }
    return { named, dumps: result.dumps };
  }

  private replaceDumps(dumps: NetnsDump[]): void {
    const kernel = this.raw.kernel;
    if (!kernel) return;
    const fresh = new Set(dumps.map((d) => d.inode));
    kernel.dumps = [...kernel.dumps.filter((d) => !fresh.has(d.inode)), ...dumps];
  }

  private publish(causes: DeltaCause[]): void {
    const next = buildTopology(this.raw);
    const { delta, index } = diffTopology(this.topology, this.index, next);
    this.topology = next;
    this.index = index;
    if (!delta) return;
    this.seq += 1;
    const message: StreamMessage = { type: 'delta', seq: this.seq, ...delta, ...(causes.length ? { causes } : {}) };
    for (const l of this.listeners) l(message);
  }
}

export async function startLiveTopology(options: LiveOptions = {}): Promise<LiveTopology> {
  const core = new LiveCore(options);
  await core.start();
  return core;
}
