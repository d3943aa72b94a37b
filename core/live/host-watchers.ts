import type { DockerConnection } from '../docker/client.js';
import type { RunningTool } from '../exec/stream-tool.js';
import type { RawHost } from '../model/raw-host.js';
import type { DeltaCause } from '../protocol/messages.js';
import type { LiveProcesses, LiveReaders, Timer } from './live-deps.js';
import type { Timers } from './timers.js';
import type { Work } from './work.js';

/** How long a kernel or firewall trigger waits for more of the same change (see onKernelChange). */
export const SETTLE_MS = 100;
export const MONITOR_RESTART_MS = 1000;
/** Polls skipped in a row because a read was running, before one runs anyway. */
const MAX_SKIPPED_POLLS = 2;

export interface WatcherHost {
  /** Records work and its cause. */
  mark(cause: DeltaCause, apply: (w: Work) => void): void;
  /** The raw host as last read. */
  raw(): RawHost;
  /** A read is running (the poll then waits for the next round). */
  busy(): boolean;
  /** The engine connection, while there is one. */
  conn(): DockerConnection | null;
  log(line: string): void;
}

/**
 * The sources of work that are not the engine: `ip monitor` for the host namespace
 * (restarted 1 s after it dies), `nft monitor` for the firewall (when it dies, the poll
 * takes over), and the poll of the firewall, the `ip netns` namespaces and the networks of
 * stopped containers (which change without an event).
 */
export class HostWatchers {
  private monitor: RunningTool | null = null;
  private firewallMonitor: RunningTool | null = null;
  private kernelTimer: Timer | null = null;
  private firewallTimer: Timer | null = null;
  private namedNames = '';
  private polling = false;
  private skipped = 0;
  private stopped = false;

  constructor(
    private readonly processes: LiveProcesses,
    private readonly readers: LiveReaders,
    private readonly timers: Timers,
    private readonly host: WatcherHost,
  ) {}

  /** Firewall changes announce themselves (`nft monitor` is running). */
  get firewallMonitored(): boolean {
    return this.firewallMonitor !== null;
  }

  startIpMonitor(): void {
    if (this.stopped) return;
    // iproute2 6.1 ignores -j in `ip monitor` (docs/host-facts.md): lines are only triggers to re-read.
    this.monitor = this.processes.ipMonitor(
      () => this.onKernelChange(),
      (reason) => {
        this.monitor = null;
        if (this.stopped) return;
        this.host.log(`ip monitor stopped (${reason}); restarting in 1 s`);
        this.timers.after(MONITOR_RESTART_MS, () => this.startIpMonitor());
      },
    );
  }

  /**
   * `ip monitor` sees Docker's veths ~25 ms before Docker's own event arrives (docs/host-facts.md).
   * Waiting a moment lets both land in one read instead of the event queueing behind a
   * read of the host alone; changes made by hand just arrive that much later.
   */
  private onKernelChange(): void {
    if (this.kernelTimer || this.stopped) return;
    this.kernelTimer = this.timers.after(SETTLE_MS, () => {
      this.kernelTimer = null;
      this.host.mark({ source: 'kernel' }, (w) => (w.host = true));
    });
  }

  /** A read of the host namespace is starting: a pending kernel trigger has nothing left to add. */
  hostReadStarting(): void {
    this.kernelTimer = this.timers.cancel(this.kernelTimer);
  }

  /**
   * With an nf_tables backend (iptables-nft or nft), `nft monitor` announces every ruleset
   * change, so the firewall needs no polling; a legacy backend, or no nft, or a monitor
   * that died, falls back to the poll.
   */
  startFirewallMonitor(): void {
    const backend = this.host.raw().firewall?.backend;
    if (this.stopped || (backend !== 'iptables-nft' && backend !== 'nft')) return;
    this.firewallMonitor = this.processes.nftMonitor(
      () => {
        if (this.firewallTimer || this.stopped) return;
        this.firewallTimer = this.timers.after(SETTLE_MS, () => {
          this.firewallTimer = null;
          this.host.mark({ source: 'firewall' }, (w) => (w.firewall = true));
        });
      },
      (reason) => {
        this.firewallMonitor = null;
        if (!this.stopped) this.host.log(`nft monitor stopped (${reason}); polling the firewall instead`);
      },
    );
  }

  /** The `ip netns` names the poll compares with. */
  async listNamed(): Promise<void> {
    this.namedNames = await this.readers.namedNames();
  }

  /** The cheap check for changes no event announces: firewall rules and `ip netns` namespaces. */
  async poll(): Promise<void> {
    if (this.stopped || this.polling) return;
    // A read in flight may already hold what the poll would find; but under a steady
    // stream of events there is always one, and the poll must not starve.
    if (this.host.busy() && this.skipped++ < MAX_SKIPPED_POLLS) return;
    this.skipped = 0;
    this.polling = true;
    try {
      const names = await this.readers.namedNames();
      if (names !== this.namedNames) {
        this.namedNames = names;
        this.host.mark({ source: 'netns' }, (w) => (w.named = true));
      } else if (names !== '' && (await this.namedChanged())) {
        this.host.mark({ source: 'netns' }, (w) => (w.named = true));
      }
      await this.stoppedChanged();
      if (this.firewallMonitor || this.stopped) return;
      try {
        const fw = await this.readers.firewall();
        if (JSON.stringify(fw) !== JSON.stringify(this.host.raw().firewall))
          this.host.mark({ source: 'firewall' }, (w) => (w.firewall = true));
      } catch {
        if (this.host.raw().facets.firewall.ok) this.host.mark({ source: 'firewall' }, (w) => (w.firewall = true));
      }
    } finally {
      this.polling = false;
    }
  }

  /** Marks each stopped container whose networks differ from the model's (or that it lacks). */
  private async stoppedChanged(): Promise<void> {
    const conn = this.host.conn();
    if (!conn || this.stopped) return;
    let listed: Map<string, string[]>;
    try {
      listed = await this.readers.stoppedNetworks(conn);
    } catch {
      return; // the engine going away is the event stream's to report
    }
    const held = new Map((this.host.raw().docker?.containers ?? []).map((c) => [c.id, c]));
    for (const [id, networks] of listed) {
      const c = held.get(id);
      const known = c ? c.endpoints.map((e) => e.networkName).sort() : null;
      if (c && c.pid > 0) continue; // stopped since the last read: its die event is on its way
      if (!known || known.join('\n') !== networks.join('\n'))
        this.host.mark({ source: 'docker', action: 'poll', id }, (w) => w.containers.add(id));
    }
  }

  /**
   * Named namespaces have no monitor of their own: re-dump the few there are and compare
   * with what the model holds, so an unchanged host costs one helper run and no rebuild.
   */
  private async namedChanged(): Promise<boolean> {
    const kernel = this.host.raw().kernel;
    if (!kernel) return false;
    try {
      const { dumps } = await this.readers.named();
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

  stop(): void {
    this.stopped = true;
    this.monitor?.stop();
    this.firewallMonitor?.stop();
  }
}
