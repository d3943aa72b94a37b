import { connectDocker } from '../core/docker/client.js';
import { reachMatrix } from '../core/reach/matrix.js';
import { reach } from '../core/reach/reach.js';
import { takeSnapshot } from '../core/snapshot/take-snapshot.js';
import { cleanupTestResources } from '../core/testkit/test-host.js';
import { startBenchContainers } from './bench-containers.js';

/**
 * `npm run bench:reach`: with 200 running containers on 10 networks, the engine's time for
 * one pair (the model loaded) and for the whole matrix (every pair by every address, icmp
 * and tcp to one port, and every name), beside the targets. Prints figures; asserts nothing.
 */

const P = 'nlrb-';
const N = Number(process.env.NETLOOM_BENCH_CONTAINERS ?? 200);
const PAIR_TARGET_MS = 5;
const MATRIX_TARGET_MS = 2000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:reach needs root');
  const conn = await connectDocker({ timeoutMs: 60_000 });
  await cleanupTestResources(P);
  try {
    await startBenchContainers(conn, P, N);
    const { topology } = await takeSnapshot({});
    const pairs: [string, string][] = Array.from({ length: 200 }, (_, i) => [
      `${P}c${i % N}`,
      `${P}c${(i * 7 + 3) % N}`,
    ]);
    reach(topology, { src: `${P}c0`, dst: `${P}c1`, proto: 'icmp' });
    const one: number[] = [];
    for (const [src, dst] of pairs) {
      const t0 = performance.now();
      reach(topology, { src, dst, proto: 'tcp', port: 80 });
      one.push(performance.now() - t0);
    }
    const runs: number[] = [];
    let cells = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const m = reachMatrix(topology, 80);
      runs.push(performance.now() - t0);
      cells = m.pairs.length + m.names.length;
    }
    const pair = median(one);
    const matrix = median(runs);
    process.stdout.write(
      [
        `bench:reach — ${N} containers on 10 networks, the model loaded`,
        '',
        'figure                      measured      target      ratio',
        `one pair (median of 200)    ${pair.toFixed(2).padStart(7)} ms   < ${PAIR_TARGET_MS} ms      ${(pair / PAIR_TARGET_MS).toFixed(2)}×`,
        `matrix (${cells} cells, median of 3)  ${matrix.toFixed(0).padStart(6)} ms   < ${MATRIX_TARGET_MS} ms   ${(matrix / MATRIX_TARGET_MS).toFixed(2)}×`,
        '',
      ].join('\n'),
    );
  } finally {
    process.stderr.write('removing the containers…\n');
    await cleanupTestResources(P);
    conn.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:reach: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
