import { join } from 'node:path';
import { execa } from 'execa';
import WebSocket from 'ws';
import type { Topology } from '../model/types.js';
import { applyStreamMessage, emptyStreamState, type StreamState } from '../protocol/apply.js';
import type { ServerMessage, StreamMessage } from '../protocol/messages.js';
import { repoRoot } from '../util/repo-root.js';
import { startServe } from './serve-process.js';
import { cleanupTestResources, createNetwork, docker, TEST_IMAGE, TEST_LABEL } from './test-host.js';
import { diffModels, persistentDiff, type ModelDiff } from './model-diff.js';

/**
 * A soak of the live stream: random changes (docker run, network connect and disconnect,
 * restart, stop, start, rm -f) against a running `netloom serve`, a WebSocket client
 * applying its stream, then quiet, then the client's model compared with a fresh
 * `netloom snapshot --json`. The changes touch only the soak's own containers and networks.
 */

export interface SoakOptions {
  seconds: number;
  seed: number;
  /** Name prefix of everything the soak makes (cleaned up before and after). */
  prefix: string;
  /** Changes in flight at once. */
  workers?: number;
  /** Changes started per second at most (the soak this reproduces made ~3.7/s). */
  rate?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  seed: number;
  seconds: number;
  changes: Record<string, number>;
  /** Commands the engine refused (races between workers are expected). */
  refused: number;
  deltas: number;
  gaps: number;
  /** The serve's log lines about recovery (re-reads that failed, the engine going away). */
  serveLog: string[];
  /** Empty when the client's model equals the fresh snapshot. */
  diff: ModelDiff | null;
}

const NETWORKS = 4;
const MAX_CONTAINERS = 14;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a small seeded generator (the workers' timing also shapes a run). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Box {
  name: string;
  networks: Set<string>;
  running: boolean;
  busy: boolean;
}

class Client {
  state: StreamState = emptyStreamState();
  deltas = 0;
  gaps = 0;
  lastAt = Date.now();
  private readonly ws: WebSocket;

  constructor(url: string) {
    const u = new URL(url);
    this.ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`);
    this.ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as ServerMessage;
      if (msg.type !== 'snapshot' && msg.type !== 'delta') return;
      const r = applyStreamMessage(this.state, msg as StreamMessage);
      this.state = r.state;
      this.lastAt = Date.now();
      if (msg.type === 'delta') this.deltas++;
      if (r.outcome === 'gap') {
        this.gaps++;
        this.ws.send(JSON.stringify({ type: 'resync' }));
      }
    });
  }

  async open(): Promise<void> {
    await new Promise((r, j) => this.ws.once('open', r).once('error', j));
    this.ws.send(JSON.stringify({ type: 'subscribe' }));
    while (!this.state.topology) await sleep(50);
  }

  /** Until no message for `quietMs` (at most `maxMs`). */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const start = Date.now();
    while (Date.now() - this.lastAt < quietMs && Date.now() - start < maxMs) await sleep(100);
  }

  close(): void {
    this.ws.close();
  }
}

/** One random change; resolves with its kind, or null when the engine refused it. */
async function change(rand: () => number, boxes: Map<string, Box>, nets: string[], o: SoakOptions, n: () => number) {
  const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
  const free = [...boxes.values()].filter((b) => !b.busy);
  const roll = rand();
  const box = pick(free);
  const run = boxes.size < 3 || (roll < 0.2 && boxes.size < MAX_CONTAINERS) || !box;
  if (run) {
    const name = `${o.prefix}c${n()}`;
    const net = pick(nets) as string;
    const b: Box = { name, networks: new Set([net]), running: true, busy: true };
    boxes.set(name, b);
    const publish = rand() < 0.25 ? ['-p', '127.0.0.1::80'] : [];
    try {
      await docker(
        'run',
        '-d',
        '--name',
        name,
        '--label',
        TEST_LABEL,
        '--dns',
        '127.0.0.1',
        '--network',
        net,
        ...publish,
        TEST_IMAGE,
        'sleep',
        '1d',
      );
      return 'run';
    } catch {
      return null;
    } finally {
      b.busy = false;
    }
  }
  box.busy = true;
  try {
    const on = nets.filter((x) => box.networks.has(x));
    const off = nets.filter((x) => !box.networks.has(x));
    if (roll < 0.4 && off.length > 0) {
      const net = pick(off) as string;
      await docker('network', 'connect', net, box.name);
      box.networks.add(net);
      return 'connect';
    }
    if (roll < 0.55 && on.length > 1) {
      const net = pick(on) as string;
      await docker('network', 'disconnect', net, box.name);
      box.networks.delete(net);
      return 'disconnect';
    }
    if (roll < 0.7) {
      await docker('restart', '-t', '0', box.name);
      box.running = true;
      return 'restart';
    }
    if (roll < 0.8) {
      await docker(box.running ? 'stop' : 'start', ...(box.running ? ['-t', '0'] : []), box.name);
      box.running = !box.running;
      return box.running ? 'start' : 'stop';
    }
    await docker('rm', '-f', box.name);
    boxes.delete(box.name);
    return 'rm -f';
  } catch {
    return null;
  } finally {
    box.busy = false;
  }
}

const snapshotNow = async (): Promise<Topology> =>
  JSON.parse(
    (await execa(process.execPath, [join(repoRoot(), 'bin', 'netloom.js'), 'snapshot', '--json'])).stdout,
  ) as Topology;

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => undefined);
  const rand = random(o.seed);
  await cleanupTestResources(o.prefix);
  const nets: string[] = [];
  for (let i = 0; i < NETWORKS; i++) {
    nets.push(`${o.prefix}n${i}`);
    await createNetwork(`${o.prefix}n${i}`);
  }
  const { server, url, logs } = await startServe({ stderr: 'pipe' });
  const serveLog = () => logs.filter((l) => /re-read failed|went away|is back|monitor stopped/.test(l));
  const client = new Client(url);
  const changes: Record<string, number> = {};
  let refused = 0;
  try {
    await client.open();
    const boxes = new Map<string, Box>();
    let counter = 0;
    const deadline = Date.now() + o.seconds * 1000;
    let done = 0;
    let nextAt = Date.now();
    const worker = async () => {
      while (Date.now() < deadline) {
        const wait = nextAt - Date.now();
        nextAt = Math.max(nextAt, Date.now()) + 1000 / (o.rate ?? 4);
        if (wait > 0) await sleep(wait);
        const kind = await change(rand, boxes, nets, o, () => counter++);
        if (kind) changes[kind] = (changes[kind] ?? 0) + 1;
        else refused++;
        if (++done % 100 === 0) log(`${done} changes, ${client.deltas} deltas`);
      }
    };
    await Promise.all(Array.from({ length: o.workers ?? 3 }, worker));
    log(`changes done (${done}); waiting for quiet`);
    // Other tests may change the host meanwhile: a difference must persist to count.
    const diffs: (ModelDiff | null)[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      await client.quiet(3000, 60_000);
      const fresh = await snapshotNow();
      const diff = client.state.topology ? diffModels(client.state.topology, fresh) : null;
      diffs.push(diff);
      if (!diff) break;
      log(`attempt ${attempt + 1} differs: ${JSON.stringify(diff).slice(0, 600)}`);
      await sleep(3000);
    }
    const diff = persistentDiff(diffs);
    return {
      seed: o.seed,
      seconds: o.seconds,
      changes,
      refused,
      deltas: client.deltas,
      gaps: client.gaps,
      serveLog: serveLog(),
      diff,
    };
  } finally {
    client.close();
    server.kill('SIGTERM');
    await server.catch(() => undefined);
    await cleanupTestResources(o.prefix);
  }
}
