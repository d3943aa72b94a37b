import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { minimatch } from 'minimatch';
import { repoRoot } from '../core/util/repo-root.js';

/**
 * What electron-builder packs, by the file patterns in package.json (later patterns win, a
 * `!` pattern takes files out): the app and its helper, never test support — the fakes,
 * the scenario builders and the test hosts, the e2e tests and the benchmarks.
 */

const root = repoRoot();
const patterns = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { build: { files: string[] } }).build
  .files;

function packed(file: string): boolean {
  let keep = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (minimatch(file, p.slice(1), { dot: true })) keep = false;
    } else if (minimatch(file, p, { dot: true })) keep = true;
  }
  return keep;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(relative(root, full));
  }
  return out;
}

test('the package holds the app and leaves test support out', () => {
  const all = walk(join(root, 'dist')).filter((f) => !f.startsWith('dist/release/'));
  const inside = all.filter(packed);
  for (const must of ['dist/electron/main.js', 'dist/core/cli/main.js', 'dist/renderer/index.html', 'package.json'])
    assert.ok(inside.includes(must) || packed(must), `${must} is packed`);
  const leaks = inside.filter(
    (f) =>
      /\.test\.js$/.test(f) ||
      /^dist\/(core\/testkit|renderer\/client\/testing|electron\/test-support|e2e|bench)\//.test(f),
  );
  assert.deepEqual(leaks, []);
  // Nothing packed reaches for what was left out.
  const reaching = inside
    .filter((f) => f.endsWith('.js'))
    .filter((f) => /from ['"][^'"]*(testkit|client\/testing|test-support)\//.test(readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(reaching, []);
  assert.ok(
    all.some((f) => f.startsWith('dist/core/testkit/')),
    'the build does make test support, for the tests',
  );
});
