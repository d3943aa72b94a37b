import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanupTestResources, createNetwork, runContainer, sh } from '../core/testkit/test-host.js';
import { mapLimit } from '../core/util/map-limit.js';

/**
 * `npm run bench:cli`: whole `netloom` processes, as a person or a script starts them, at
 * 200 containers over 10 networks: `--help`, `serve --help` and `snapshot --json` beside
 * `docker inspect` of every container and every network (what the same facts cost through
 * Docker's own CLI). The commands take turns, so a busy moment hits all of them alike.
 * Prints figures beside the targets; asserts nothing.
 */

const P = 'nlcb-';
const N = Number(process.env.NETLOOM_BENCH_CONTAINERS ?? 200);
const RUNS = Number(process.env.NETLOOM_BENCH_RUNS ?? 9);
/** NETLOOM_BENCH_KEEP=1 keeps the containers for the next run, which reuses them. */
const KEEP = process.env.NETLOOM_BENCH_KEEP === '1';
/** The `netloom` command as npm installs it: the launcher, not `node bin/netloom.js`. */
const BIN = fileURLToPath(new URL('../../bin/netloom', import.meta.url));
// Tolerant of a container another process removes between the list and the inspect, as netloom is.
const DOCKER_INSPECT_ALL =
  'docker inspect $(docker ps -aq) >/dev/null 2>&1; docker network inspect $(docker network ls -q) >/dev/null 2>&1; true';

interface Case {
  name: string;
  cmd: string;
  args: string[];
  /** An absolute bound in ms, or a ratio to the docker inspect floor. */
  target: { ms: number } | { ratio: number } | null;
}

const CASES: Case[] = [
  // Node's own start-up, for reading the others on a busy machine: no netloom command can be faster.
  { name: 'node -e 0 (reference)', cmd: process.execPath, args: ['-e', '0'], target: null },
  { name: 'netloom --help', cmd: BIN, args: ['--help'], target: { ms: 100 } },
  { name: 'netloom serve --help', cmd: BIN, args: ['serve', '--help'], target: { ms: 100 } },
  { name: 'netloom snapshot --json', cmd: BIN, args: ['snapshot', '--json'], target: { ratio: 1 } },
  // Two containers on one network (exit 0). The reach target (< 300 ms) is for a small
  // host; here it reads 200 containers first.
  { name: 'netloom reach c0 c10', cmd: BIN, args: ['reach', `${P}c0`, `${P}c10`], target: null },
  { name: 'docker inspect (every container + network)', cmd: 'sh', args: ['-c', DOCKER_INSPECT_ALL], target: null },
];

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
};

/** Wall time of one process from spawn to exit; output goes to /dev/null as it would in a pipe to a file. */
function timeProcess(c: Case): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(c.cmd, c.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0 && code !== 3) reject(new Error(`${c.name} exited ${code}: ${stderr.trim()}`));
      else resolve(ms);
    });
  });
}

async function setUp(): Promise<void> {
  const existing = new Set((await sh('docker', ['ps', '-a', '--format', '{{.Names}}'])).split('\n'));
  const nets = new Set((await sh('docker', ['network', 'ls', '--format', '{{.Name}}'])).split('\n'));
  for (let n = 0; n < 10; n++) if (!nets.has(`${P}net${n}`)) await createNetwork(`${P}net${n}`);
  const missing = Array.from({ length: N }, (_, i) => i).filter((i) => !existing.has(`${P}c${i}`));
  if (missing.length === 0) return;
  process.stderr.write(`creating ${missing.length} containers…\n`);
  const t0 = performance.now();
  // ~5 creations a second on 2 cores (docs/host-facts.md): 4 in flight keep the engine busy.
  await mapLimit(missing, 4, (i) => runContainer(`${P}c${i}`, ['--network', `${P}net${i % 10}`]));
  process.stderr.write(`  ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}

function verdict(c: Case, median: number, floor: number): string {
  if (!c.target) return c.cmd === 'sh' ? 'the floor' : '-';
  if ('ms' in c.target) return `< ${c.target.ms} ms: ${median < c.target.ms ? 'met' : 'MISSED'}`;
  const ratio = median / floor;
  return `${ratio.toFixed(2)}× the floor, target ≤ ${c.target.ratio.toFixed(1)}×: ${ratio <= c.target.ratio ? 'met' : 'MISSED'}`;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:cli needs root (snapshot enters namespaces and reads iptables)');
  if (!KEEP) {
    process.stderr.write('cleaning up stale benchmark resources…\n');
    await cleanupTestResources(P);
  }
  try {
    await setUp();
    const containers = (await sh('docker', ['ps', '-aq'])).split('\n').filter(Boolean).length;
    const networks = (await sh('docker', ['network', 'ls', '-q'])).split('\n').filter(Boolean).length;
    const cores = (await sh('nproc', [])).trim();
    console.log(
      `netloom bench:cli — ${cores} cores, ${containers} containers and ${networks} networks on the engine, ${RUNS} runs each (after one warm-up), taking turns`,
    );
    // Node parses the bundle it names at every start; the netloom launcher drops it, node -e 0 does not.
    const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
    console.log(`NODE_EXTRA_CA_CERTS ${extraCerts ? `is set (${extraCerts})` : 'is not set'}\n`);
    const samples = new Map<Case, number[]>(CASES.map((c) => [c, []]));
    for (const c of CASES) await timeProcess(c); // the page cache and the engine warm, for every command alike
    for (let r = 0; r < RUNS; r++) for (const c of CASES) samples.get(c)?.push(await timeProcess(c));
    const floor = pct(samples.get(CASES[CASES.length - 1] as Case) ?? [], 50);
    console.log('command                                     | median ms | p95 ms | target');
    for (const c of CASES) {
      const xs = samples.get(c) ?? [];
      const median = pct(xs, 50);
      console.log(
        [
          c.name.padEnd(43),
          median.toFixed(0).padStart(9),
          pct(xs, 95).toFixed(0).padStart(6),
          verdict(c, median, floor),
        ].join(' | '),
      );
    }
  } finally {
    if (!KEEP) {
      process.stderr.write('removing benchmark containers…\n');
      await cleanupTestResources(P);
    }
  }
}

await main();
