import type { DockerConnection } from '../docker/client.js';
import { DockerUnavailableError } from '../docker/client.js';
import type { FirewallDump } from '../firewall/types.js';
import type { DockerEvent } from '../live/docker-events.js';
import type { Clock, LiveDeps, LiveProcesses, LiveReaders, Timer } from '../live/live-deps.js';
import type { PartialRead } from '../live/merge-read.js';
import type { Work } from '../live/work.js';
import type { RawHost } from '../model/raw-host.js';

/**
 * A clock, processes and readers for the live scheduler's unit tests: time moves only when
 * the test says so, monitors print and die on command, the engine is up or down at will,
 * and every read is recorded with the time it happened.
 */

/** Lets promise chains started by a timer run to their end. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

export class FakeClock implements Clock {
  private t = 0;
  private nextId = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void; every: number | null }>();

  setTimeout(fn: () => void, ms: number): Timer {
    return this.add(fn, ms, null);
  }

  setInterval(fn: () => void, ms: number): Timer {
    return this.add(fn, ms, ms);
  }

  now(): number {
    return this.t;
  }

  /** Runs every timer due within `ms`, in time order, letting each one's work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      let due: [number, { at: number; fn: () => void; every: number | null }] | null = null;
      for (const entry of this.pending) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      const [id, timer] = due;
      this.t = timer.at;
      if (timer.every === null) this.pending.delete(id);
      else timer.at += timer.every;
      timer.fn();
      await flush();
    }
    this.t = end;
    await flush();
  }

  private add(fn: () => void, ms: number, every: number | null): Timer {
    const id = this.nextId++;
    this.pending.set(id, { at: this.t + ms, fn, every });
    return { cancel: () => this.pending.delete(id) };
  }
}

/** A long-running tool the test drives: print a line, or make it die. */
export class FakeTool {
  stopped = false;
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onExit: (reason: string) => void,
  ) {}
  print(line = 'change'): void {
    if (!this.stopped) this.onLine(line);
  }
  die(reason = 'killed'): void {
    this.stopped = true;
    this.onExit(reason);
  }
  stop(): void {
    this.stopped = true;
  }
}

export class FakeEngine {
  up = true;
  /** When each dial happened, and whether it succeeded. */
  readonly dials: { at: number; ok: boolean }[] = [];
  private stream: { onEvent: (e: DockerEvent) => void; onEnd: (reason: string) => void; closed: boolean } | null = null;
  readonly conn = { endpoint: 'unix:///fake/docker.sock', close: () => undefined } as unknown as DockerConnection;

  constructor(private readonly clock: Clock) {}

  connect(onEvent: (e: DockerEvent) => void, onEnd: (reason: string) => void) {
    this.dials.push({ at: this.clock.now(), ok: this.up });
    if (!this.up) return Promise.reject(new DockerUnavailableError('Docker engine at unix:///fake refused', 'x'));
    const stream = { onEvent, onEnd, closed: false };
    this.stream = stream;
    return Promise.resolve({ conn: this.conn, events: { close: () => (stream.closed = true) } });
  }

  emit(e: Partial<DockerEvent> & { id: string }): void {
    if (this.stream && !this.stream.closed)
      this.stream.onEvent({ type: 'container', action: 'start', container: null, timeNano: 0, ...e });
  }

  /** The engine goes away: its stream ends and it refuses dials until `up` is set again. */
  stopEngine(): void {
    this.up = false;
    const s = this.stream;
    this.stream = null;
    if (s && !s.closed) s.onEnd('the engine closed its event stream');
  }
}

export interface ReadRecord {
  kind: 'full' | 'partial';
  at: number;
  work?: Work;
  conn: DockerConnection | null;
  dockerDown?: string;
}

export class FakeReaders implements LiveReaders {
  readonly reads: ReadRecord[] = [];
  firewallReads = 0;
  /** What the next full read returns. */
  fullRaw: () => RawHost;
  /** What a partial read returns (by default nothing new); may throw. */
  onPartial: (prev: RawHost, work: Work) => PartialRead | Promise<PartialRead> = () => ({ capturedAt: 'later' });
  /** The firewall a poll sees; a function that throws makes the read fail. */
  firewallNow: () => FirewallDump | null;
  /** Holds each read until the test releases it (to see what arrives meanwhile). */
  gate: Promise<void> | null = null;

  constructor(
    raw: () => RawHost,
    private readonly clock: Clock,
  ) {
    this.fullRaw = raw;
    this.firewallNow = () => raw().firewall;
  }

  async full(conn: DockerConnection | null, dockerDown: string | undefined): Promise<RawHost> {
    this.reads.push({ kind: 'full', at: this.clock.now(), conn, dockerDown });
    await this.gate;
    const raw = this.fullRaw();
    if (!conn) {
      raw.docker = null;
      raw.containerNetns = {};
      raw.facets = { ...raw.facets, docker: { ok: false, reason: dockerDown ?? 'no engine' } };
    }
    return raw;
  }

  async partial(prev: RawHost, work: Work, conn: DockerConnection | null): Promise<PartialRead> {
    this.reads.push({ kind: 'partial', at: this.clock.now(), work, conn });
    await this.gate;
    return this.onPartial(prev, work);
  }

  async namedNames(): Promise<string> {
    return '';
  }

  async named() {
    return { named: [], dumps: [] };
  }

  /** What the list of stopped containers says (by default: what the full read held). */
  stoppedNow: (() => Map<string, string[]>) | null = null;
  stoppedReads = 0;

  async stoppedNetworks(): Promise<Map<string, string[]>> {
    this.stoppedReads++;
    if (this.stoppedNow) return this.stoppedNow();
    const stopped = (this.fullRaw().docker?.containers ?? []).filter((c) => c.pid === 0);
    return new Map(stopped.map((c) => [c.id, c.endpoints.map((e) => e.networkName).sort()]));
  }

  async firewall(): Promise<FirewallDump> {
    this.firewallReads++;
    const fw = this.firewallNow();
    if (!fw) throw new Error('iptables-save failed');
    return fw;
  }
}

export interface FakeWorld {
  clock: FakeClock;
  engine: FakeEngine;
  readers: FakeReaders;
  ipMonitors: FakeTool[];
  nftMonitors: FakeTool[];
  deps: LiveDeps;
}

export function fakeWorld(raw: () => RawHost): FakeWorld {
  const clock = new FakeClock();
  const engine = new FakeEngine(clock);
  const readers = new FakeReaders(raw, clock);
  const ipMonitors: FakeTool[] = [];
  const nftMonitors: FakeTool[] = [];
  const processes: LiveProcesses = {
    ipMonitor: (onLine, onExit) => {
      const t = new FakeTool(onLine, onExit);
      ipMonitors.push(t);
      return t;
    },
    nftMonitor: (onLine, onExit) => {
      const t = new FakeTool(onLine, onExit);
      nftMonitors.push(t);
      return t;
    },
    connectDocker: (onEvent, onEnd) => engine.connect(onEvent, onEnd),
  };
  return { clock, engine, readers, ipMonitors, nftMonitors, deps: { clock, processes, readers } };
}
