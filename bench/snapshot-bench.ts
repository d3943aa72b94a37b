import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import {
  cleanupTestResources,
  createNetwork,
  docker,
  runContainer,
  sh,
  TEST_LABEL,
} from '../core/testkit/test-host.js';
import { mapLimit } from '../core/util/map-limit.js';

/**
 * `npm run bench:snapshot`: cold snapshot time and peak memory at 50, 200 and 500
 * containers over 10 networks, against the physical floor measured on this kind of
 * machine (docs/host-facts.md). Prints figures; asserts nothing.
 */

const P = 'nlb-';
const SIZES = (process.env.NETLOOM_BENCH_SIZES ?? '50,200,500').split(',').map(Number);
const RUNS = Number(process.env.NETLOOM_BENCH_RUNS ?? 7);
/** docs/host-facts.md: all reads batched, Docker and kernel in parallel (ms). 50 is derived from its raw reads. */
const FLOOR: Record<number, number> = { 50: 25, 200: 80, 500: 190 };
const TARGET: Record<number, number> = { 200: 250, 500: 600 };
const ONCE = fileURLToPath(new URL('./snapshot-once.js', import.meta.url));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

async function existingContainers(): Promise<Set<string>> {
  const out = await sh('docker', ['ps', '-a', '--filter', `label=${TEST_LABEL}`, '--format', '{{.Names}}']);
  return new Set(out.split('\n').filter((n) => n.startsWith(P)));
}

/** Makes exactly containers 0..to-1 exist, reusing what a kept earlier run left. */
async function resize(to: number, existing: Set<string>): Promise<void> {
  const extra = [...existing].filter((n) => Number(n.slice(`${P}c`.length)) >= to);
  for (let i = 0; i < extra.length; i += 100) await docker('rm', '-f', ...extra.slice(i, i + 100));
  for (const n of extra) existing.delete(n);
  const idx = Array.from({ length: to }, (_, i) => i).filter((i) => !existing.has(`${P}c${i}`));
  // ~5 creations per second on 2 cores (docs/host-facts.md); 4 in flight keeps the engine busy.
  await mapLimit(idx, 4, async (i) => {
    await runContainer(`${P}c${i}`, [
      '--network',
      `${P}net${i % 10}`,
      ...(i % 20 === 0 ? ['-p', `${20000 + i}:80`] : []),
    ]);
    if (i % 25 === 0) await docker('network', 'connect', `${P}net${(i + 1) % 10}`, `${P}c${i}`);
    existing.add(`${P}c${i}`);
  });
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:snapshot needs root (it enters namespaces and reads iptables)');
  // NETLOOM_BENCH_KEEP=1 keeps the containers for the next run, which then reuses them.
  const existing = await existingContainers();
  if (!process.env.NETLOOM_BENCH_KEEP) {
    console.log('cleaning up stale benchmark resources…');
    await cleanupTestResources(P);
    existing.clear();
  }
  const nets = await sh('docker', ['network', 'ls', '--format', '{{.Name}}']);
  for (let n = 0; n < 10; n++) if (!nets.split('\n').includes(`${P}net${n}`)) await createNetwork(`${P}net${n}`);
  const cores = (await sh('nproc', [])).trim();
  console.log(`netloom bench:snapshot — ${cores} cores, ${RUNS} runs per size, fresh process per size\n`);
  console.log(
    'containers | nodes | edges | cold 1st ms | median ms | docker | kernel | firewall | build | peak RSS MiB | floor ms | ratio | target',
  );
  try {
    for (const n of SIZES) {
      const t0 = performance.now();
      await resize(n, existing);
      process.stderr.write(`(${n} containers ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      const r = await execa(process.execPath, [ONCE, String(RUNS)]);
      const { samples, maxRssKiB } = JSON.parse(r.stdout) as {
        samples: {
          total: number;
          docker: number;
          kernel: number;
          firewall: number;
          build: number;
          nodes: number;
          edges: number;
        }[];
        maxRssKiB: number;
      };
      const med = median(samples.map((s) => s.total));
      const floor = FLOOR[n];
      const target = TARGET[n];
      const last = samples[samples.length - 1] as (typeof samples)[number];
      console.log(
        [
          String(n).padStart(10),
          String(last.nodes).padStart(5),
          String(last.edges).padStart(5),
          (samples[0]?.total ?? 0).toFixed(0).padStart(11),
          med.toFixed(0).padStart(9),
          median(samples.map((s) => s.docker))
            .toFixed(0)
            .padStart(6),
          median(samples.map((s) => s.kernel))
            .toFixed(0)
            .padStart(6),
          median(samples.map((s) => s.firewall))
            .toFixed(0)
            .padStart(8),
          median(samples.map((s) => s.build))
            .toFixed(1)
            .padStart(5),
          (maxRssKiB / 1024).toFixed(0).padStart(12),
          floor ? String(floor).padStart(8) : '       -',
          floor ? `${(med / floor).toFixed(2)}×`.padStart(5) : '    -',
          target ? `≤ ${target} ms ${med <= target ? 'met' : 'MISSED'}` : '-',
        ].join(' | '),
      );
    }
  } finally {
    if (!process.env.NETLOOM_BENCH_KEEP) {
      process.stderr.write('removing benchmark containers…\n');
      await cleanupTestResources(P);
    }
  }
}

await main();
