import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../core/docker/client.js';
import { followDockerEvents } from '../core/live/docker-events.js';
import { ControlClient, type Answer } from '../core/testkit/control-client.js';
import { startServe } from '../core/testkit/serve-process.js';
import { cleanupTestResources, createNetwork } from '../core/testkit/test-host.js';
import { startBenchContainers } from './bench-containers.js';

/**
 * `npm run bench:control`: with 200 containers present, request → response over
 * `netloom serve`'s WebSocket for network.connect and network.disconnect (the answer
 * arrives after the delta that shows the change, so this is the time until a client has
 * applied it), beside Docker's own event time for the same change (its timeNano, from the
 * request's send). Prints figures beside the target.
 */

const P = 'nlc-bench-';
const N = Number(process.env.NETLOOM_BENCH_CONTAINERS ?? 200);
const ROUNDS = Number(process.env.NETLOOM_BENCH_ROUNDS ?? 20);
const TARGET_P95_MS = 150;
/** NETLOOM_BENCH_KEEP=1 keeps the containers for the next run, which reuses them (for profiling). */
const KEEP = process.env.NETLOOM_BENCH_KEEP === '1';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};
const ms = (x: number): string => `${x.toFixed(1).padStart(6)} ms`;

interface Sample {
  response: number;
  event: number | null;
  seen: boolean;
}

async function setUp(conn: Awaited<ReturnType<typeof connectDocker>>): Promise<void> {
  await cleanupTestResources(P);
  await createNetwork(`${P}target`, ['--subnet', '10.213.200.0/22']);
  await startBenchContainers(conn, P, N);
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:control needs root');
  const conn = await connectDocker({ timeoutMs: 60_000 });
  const present = await conn.api.listContainers({ filters: { name: [`^/${P}c`] } });
  if (!KEEP || present.length !== N) await setUp(conn);
  const stateHome = mkdtempSync(join(tmpdir(), 'nlc-bench-state-'));
  const { server, url, logs } = await startServe({
    env: { XDG_STATE_HOME: stateHome, NETLOOM_TRACE: process.env.NETLOOM_TRACE ?? '' },
    stderr: 'pipe',
  });
  const client = await ControlClient.open(url);
  const events = new Map<string, number>();
  const stream = await followDockerEvents(
    conn,
    (e) => {
      if (e.type === 'network' && e.container && (e.action === 'connect' || e.action === 'disconnect'))
        events.set(`${e.action}:${e.container}`, e.timeNano / 1e6);
    },
    () => undefined,
  );
  const ids = new Map<string, string>();
  for (const n of client.model.nodes)
    if (n.kind === 'container' && n.name.startsWith(P)) ids.set(n.name, n.id.slice('container:'.length));

  const measure = async (
    action: 'connect' | 'disconnect',
    name: string,
    send: () => Promise<Answer<'network.connect'> | Answer<'network.disconnect'>>,
    shows: (a: Answer<'network.connect'>) => boolean,
  ): Promise<Sample> => {
    const id = ids.get(name) ?? '';
    events.delete(`${action}:${id}`);
    const sentEpoch = Date.now();
    const a = (await send()) as Answer<'network.connect'>;
    if (!a.ok) throw new Error(`${action} ${name}: ${a.error.message}`);
    if (!shows(a)) throw new Error(`${action} ${name}: the answer came before the client's model showed it`);
    for (let i = 0; i < 50 && !events.has(`${action}:${id}`); i++) await new Promise((r) => setTimeout(r, 10));
    const at = events.get(`${action}:${id}`);
    // Let the engine's own event and the reads it triggers pass before the next round.
    await new Promise((r) => setTimeout(r, 150));
    return {
      response: a.answeredAt - a.sentAt,
      event: at === undefined ? null : at - sentEpoch,
      seen: a.result.effect.seen,
    };
  };

  // Unmeasured rounds first (JIT, sockets, the engine's own caches), on a container the measured rounds do not use.
  const spare = `${P}c${N - 1}`;
  for (let i = 0; i < 3; i++) {
    await client.request('network.connect', { network: `${P}target`, container: spare });
    await client.request('network.disconnect', { network: `${P}target`, container: spare });
  }
  const connects: Sample[] = [];
  const disconnects: Sample[] = [];
  const targetId = client.model.nodes.find((n) => n.kind === 'network' && n.name === `${P}target`)?.id ?? '';
  const edgeOf = (a: Answer<'network.connect'>, name: string) =>
    a.model.edges.find(
      (e) => e.kind === 'endpoint' && e.target === targetId && e.source === `container:${ids.get(name)}`,
    );
  for (let i = 0; i < ROUNDS; i++) {
    const name = `${P}c${i}`;
    connects.push(
      await measure(
        'connect',
        name,
        () => client.request('network.connect', { network: `${P}target`, container: name }),
        (a) => {
          const e = edgeOf(a, name);
          return e?.kind === 'endpoint' && e.interface !== null;
        },
      ),
    );
  }
  for (let i = 0; i < ROUNDS; i++) {
    const name = `${P}c${i}`;
    disconnects.push(
      await measure(
        'disconnect',
        name,
        () => client.request('network.disconnect', { network: `${P}target`, container: name }),
        (a) => !edgeOf(a, name),
      ),
    );
  }
  stream.close();
  client.close();
  server.kill('SIGTERM');
  await server;

  process.stdout.write(
    `\nbench:control — ${N} containers, ${ROUNDS} rounds each, request → response over the WebSocket\n`,
  );
  process.stdout.write(
    `(the response arrives after the delta that shows the change; "event" is Docker's own event time from the send)\n\n`,
  );
  process.stdout.write(
    `${'action'.padEnd(12)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}   target p95   event p50  event p95   p95 / event p95\n`,
  );
  for (const [label, xs] of [
    ['connect', connects],
    ['disconnect', disconnects],
  ] as const) {
    const r = xs.map((x) => x.response);
    const e = xs.map((x) => x.event).filter((x): x is number => x !== null);
    const ok = pct(r, 95) < TARGET_P95_MS ? 'met' : 'MISSED';
    process.stdout.write(
      `${label.padEnd(12)}${ms(pct(r, 50)).padStart(10)}${ms(pct(r, 95)).padStart(10)}${ms(Math.max(...r)).padStart(10)}` +
        `   < ${TARGET_P95_MS} ms ${ok.padEnd(6)}${ms(pct(e, 50)).padStart(10)}${ms(pct(e, 95)).padStart(10)}` +
        `   ${(pct(r, 95) / pct(e, 95)).toFixed(2)}×` +
        `${xs.some((x) => !x.seen) ? `   (${xs.filter((x) => !x.seen).length} answered unseen)` : ''}\n`,
    );
  }
  if (process.env.NETLOOM_TRACE) process.stderr.write(`${logs.join('\n')}\n`);
  if (KEEP) return;
  process.stderr.write('removing the containers…\n');
  await cleanupTestResources(P);
  rmSync(stateHome, { recursive: true, force: true });
}

main().catch(async (err: unknown) => {
  process.stderr.write(`bench:control failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await cleanupTestResources(P).catch(() => undefined);
  process.exit(1);
});
