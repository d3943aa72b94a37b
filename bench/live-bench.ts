import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import type { DeltaMessage, ServerMessage } from '../core/protocol/messages.js';
import { startServe } from '../core/testkit/serve-process.js';
import {
  cleanupTestResources,
  createNetwork,
  docker,
  runContainer,
  sh,
  TEST_IMAGE,
  TEST_LABEL,
} from '../core/testkit/test-host.js';
import { mapLimit } from '../core/util/map-limit.js';
import { connectDocker } from '../core/docker/client.js';
import { followDockerEvents, type DockerEvent } from '../core/live/docker-events.js';

/**
 * `npm run bench:live`: with 200 containers present, how long until a change reaches a
 * WebSocket client of `netloom serve` — from the CLI command's start and from the Docker
 * event's own timestamp — for network connect, disconnect and docker run; the core's
 * idle CPU over 30 s; and bytes per delta against the snapshot's size. Prints figures.
 */

const P = 'nlbl-';
const N = Number(process.env.NETLOOM_BENCH_CONTAINERS ?? 200);
const ROUNDS = Number(process.env.NETLOOM_BENCH_ROUNDS ?? 20);
const IDLE_S = Number(process.env.NETLOOM_BENCH_IDLE_S ?? 30);

interface Sample {
  fromCommand: number;
  fromEvent: number;
  bytes: number;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

async function cpuTicks(pid: number): Promise<number> {
  // utime + stime + cutime + cstime of the process, plus its live children (ip monitor).
  const own = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  const children = (await sh('pgrep', ['-P', String(pid)], { reject: false })).split('\n').filter(Boolean);
  for (const c of children) ticks += await cpuTicks(Number(c)).catch(() => 0);
  return ticks;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:live needs root');
  await cleanupTestResources(P);
  for (let n = 0; n < 10; n++) await createNetwork(`${P}net${n}`);
  process.stderr.write(`creating ${N} containers…\n`);
  await mapLimit(
    Array.from({ length: N }, (_, i) => i),
    4,
    (i) => runContainer(`${P}c${i}`, ['--network', `${P}net${i % 10}`]),
  );

  const { server, url } = await startServe();
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`);
  let snapshotBytes = 0;
  const waiters: {
    test: (d: DeltaMessage) => boolean;
    resolve: (v: { d: DeltaMessage; at: number; bytes: number }) => void;
  }[] = [];
  ws.on('message', (data: Buffer) => {
    const at = Date.now();
    const msg = JSON.parse(data.toString()) as ServerMessage;
    if (msg.type === 'snapshot') snapshotBytes = data.length;
    if (msg.type !== 'delta') return;
    for (const w of [...waiters]) {
      if (w.test(msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve({ d: msg, at, bytes: data.length });
      }
    }
  });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'subscribe' }));
  while (snapshotBytes === 0) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 3000));

  const waitFor = (test: (d: DeltaMessage) => boolean) =>
    new Promise<{ d: DeltaMessage; at: number; bytes: number }>((resolve) => waiters.push({ test, resolve }));
  // The engine's own timestamps, read from its event stream by the bench itself: the core
  // may see a change (e.g. a container running) before the event announcing it arrives.
  const events: DockerEvent[] = [];
  const conn = await connectDocker();
  const stream = await followDockerEvents(
    conn,
    (e) => events.push(e),
    () => undefined,
  );
  const eventTime = async (match: (e: DockerEvent) => boolean): Promise<number> => {
    for (let i = 0; i < 40; i++) {
      const e = events.find(match);
      if (e) return e.timeNano / 1e6;
      await new Promise((r) => setTimeout(r, 25));
    }
    return NaN;
  };
  const results: Record<string, Sample[]> = { connect: [], disconnect: [], run: [] };
  const idOf = async (name: string) => (await docker('inspect', '-f', '{{.Id}}', name)).trim();
  for (let r = 0; r < ROUNDS; r++) {
    const name = `${P}c${r}`;
    const id = await idOf(name);
    const net = `${P}net${(r + 1) % 10}`;
    const netId = (await docker('network', 'inspect', '-f', '{{.Id}}', net)).trim();
    const edge = `endpoint:${id}:${netId}`;
    let t0 = Date.now();
    let w = waitFor((d) => d.add.edges.some((e) => e.id === edge));
    await docker('network', 'connect', net, name);
    let got = await w;
    const connectAt = await eventTime((e) => e.action === 'connect' && e.container === id && e.id === netId);
    results.connect?.push({ fromCommand: got.at - t0, fromEvent: got.at - connectAt, bytes: got.bytes });
    await new Promise((res) => setTimeout(res, 150));
    t0 = Date.now();
    w = waitFor((d) => d.remove.edges.includes(edge));
    await docker('network', 'disconnect', net, name);
    got = await w;
    const disconnectAt = await eventTime((e) => e.action === 'disconnect' && e.container === id && e.id === netId);
    results.disconnect?.push({ fromCommand: got.at - t0, fromEvent: got.at - disconnectAt, bytes: got.bytes });
    await new Promise((res) => setTimeout(res, 150));
    const runName = `${P}run${r}`;
    t0 = Date.now();
    w = waitFor((d) =>
      [...d.add.nodes, ...d.update.nodes].some(
        (n) => n.kind === 'container' && n.name === runName && n.state === 'running',
      ),
    );
    const runId = await docker(
      'run',
      '-d',
      '--name',
      runName,
      '--label',
      TEST_LABEL,
      '--dns',
      '127.0.0.1',
      '--network',
      net,
      TEST_IMAGE,
      'sleep',
      '1d',
    );
    got = await w;
    const startAt = await eventTime((e) => e.action === 'start' && e.id === runId.trim());
    results.run?.push({ fromCommand: got.at - t0, fromEvent: got.at - startAt, bytes: got.bytes });
    await new Promise((res) => setTimeout(res, 150));
  }

  // Let the last containers settle (IPv6 addresses, link states) before calling it idle.
  await new Promise((r) => setTimeout(r, 10_000));
  const hz = Number((await sh('getconf', ['CLK_TCK'])).trim()) || 100;
  const c0 = await cpuTicks(server.pid as number);
  const i0 = Date.now();
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const idleCpu = ((await cpuTicks(server.pid as number)) - c0) / hz / ((Date.now() - i0) / 1000);

  console.log(`netloom bench:live — ${N} containers, ${ROUNDS} rounds each, 2 cores\n`);
  console.log(
    'change      | from command p50/p95/max ms | from Docker event p50/p95/max ms | bytes/delta median (snapshot bytes)',
  );
  for (const [k, xs] of Object.entries(results)) {
    const fc = xs.map((x) => x.fromCommand);
    const fe = xs.map((x) => x.fromEvent).filter((x) => !Number.isNaN(x));
    if (fe.length === 0) fe.push(NaN);
    console.log(
      `${k.padEnd(11)} | ${[pct(fc, 50), pct(fc, 95), Math.max(...fc)]
        .map((x) => x.toFixed(0))
        .join(' / ')
        .padStart(27)} | ${[pct(fe, 50), pct(fe, 95), Math.max(...fe)]
        .map((x) => x.toFixed(0))
        .join(' / ')
        .padStart(32)} | ${pct(
        xs.map((x) => x.bytes),
        50,
      )} (${snapshotBytes})`,
    );
  }
  console.log(`\nidle CPU over ${IDLE_S} s: ${(idleCpu * 100).toFixed(2)}% of one core (target < 1%)`);
  console.log('targets: p95 < 30 ms after the Docker event, < 100 ms from the command');
  console.log('(a negative "from event" means the delta reached the client before the engine announced the change)');
  stream.close();
  ws.close();
  server.kill('SIGTERM');
  await server.catch(() => undefined);
  if (!process.env.NETLOOM_BENCH_KEEP) await cleanupTestResources(P);
}

await main();
