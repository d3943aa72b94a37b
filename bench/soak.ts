import { runSoak } from '../core/testkit/soak.js';

/**
 * `npm run soak -- --minutes 5 [--seed N]`: the live soak of the suite (soak.int.test.ts)
 * for longer, printing what it did and whether the client's model ended equal to a fresh
 * snapshot. Exit code 1 when it did not.
 */

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.getuid?.() !== 0) throw new Error('soak needs root (it reads every namespace)');
const minutes = Number(arg('minutes') ?? 5);
const seed = Number(arg('seed') ?? Date.now() % 1_000_000);
if (!(minutes > 0) || !Number.isInteger(seed)) throw new Error('usage: npm run soak -- [--minutes M] [--seed N]');
const t0 = Date.now();
const stamp = () => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s`;
console.log(`soak: ${minutes} min of random changes, seed ${seed}`);
const r = await runSoak({
  seconds: minutes * 60,
  seed,
  prefix: 'nls-soak-',
  log: (l) => console.log(`${stamp()} ${l}`),
});
const total = Object.values(r.changes).reduce((a, b) => a + b, 0);
console.log(
  `\nchanges: ${total} (${Object.entries(r.changes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}), refused ${r.refused}`,
);
console.log(`deltas received: ${r.deltas}, seq gaps: ${r.gaps}`);
for (const l of r.serveLog) console.log(`serve: ${l}`);
if (r.diff) {
  console.log(`RESULT: DIFFERS from a fresh snapshot`);
  console.log(`  only in the client: ${r.diff.onlyClient.join(' ') || '-'}`);
  console.log(`  only in the snapshot: ${r.diff.onlyFresh.join(' ') || '-'}`);
  for (const c of r.diff.changed) console.log(`  changed ${c.id}: ${c.fields.join(', ')}`);
  process.exitCode = 1;
} else {
  console.log('RESULT: the client model equals a fresh snapshot');
}
