import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { execa } from 'execa';
import { repoRoot } from '../util/repo-root.js';
import { EXIT } from './exit-codes.js';

/**
 * The `netloom` command as npm installs it: bin/netloom (a sh launcher, linked into a bin
 * directory) starting bin/netloom.js, which runs the bundled CLI while it is current.
 */

const root = repoRoot();
const LAUNCHER = join(root, 'bin', 'netloom');
const ENTRY = join(root, 'bin', 'netloom.js');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const tmp = mkdtempSync(join(tmpdir(), 'nl-launcher-'));
after(() => execa('rm', ['-rf', tmp]));

describe('the netloom command', () => {
  test('linked into a bin directory, it finds its script and passes arguments as typed, never to a shell', async () => {
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    symlinkSync(LAUNCHER, join(bin, 'netloom'));
    const r = await execa(join(bin, 'netloom'), ['--version'], { reject: false });
    assert.equal(r.exitCode, EXIT.ok, r.stderr);
    assert.equal(r.stdout.trim(), version);
    const marker = join(tmp, 'touched');
    const bad = await execa(join(bin, 'netloom'), [`$(touch ${marker})`, `; touch ${marker}`], { reject: false });
    assert.equal(bad.exitCode, EXIT.usage, bad.stderr);
    assert.ok(!existsSync(marker), 'an argument was run by a shell');
  });

  test('Node starts without NODE_EXTRA_CA_CERTS: it would parse that bundle before any script runs', async () => {
    const env = { NODE_EXTRA_CA_CERTS: join(tmp, 'no-such-bundle.pem') };
    // Node warns when it cannot read the bundle: the warning shows whether it tried.
    const direct = await execa(process.execPath, [ENTRY, '--version'], { env, reject: false });
    assert.match(direct.stderr, /extra certs/i, 'node itself reads the variable (else this test proves nothing)');
    const launched = await execa(LAUNCHER, ['--version'], { env, reject: false });
    assert.equal(launched.exitCode, EXIT.ok);
    assert.equal(launched.stderr, '');
  });
});

describe('bin/netloom.js: the bundle or the compiled modules', () => {
  /** A tree shaped like the package: bin/netloom.js beside a dist/ holding both forms. */
  function tree(bundleAge: number, compiledAge: number): string {
    const dir = mkdtempSync(join(tmp, 'tree-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    mkdirSync(join(dir, 'dist', 'core', 'cli'), { recursive: true });
    writeFileSync(join(dir, 'bin', 'netloom.js'), readFileSync(ENTRY));
    const says = (what: string) => `export async function main() { process.stdout.write('${what}'); return 0; }\n`;
    const bundle = join(dir, 'dist', 'cli', 'netloom.js');
    const compiled = join(dir, 'dist', 'core', 'cli', 'main.js');
    writeFileSync(bundle, says('bundle'));
    writeFileSync(compiled, says('compiled'));
    const now = Date.now() / 1000;
    utimesSync(bundle, now - bundleAge, now - bundleAge);
    utimesSync(compiled, now - compiledAge, now - compiledAge);
    return dir;
  }
  const run = async (dir: string) => (await execa(process.execPath, [join(dir, 'bin', 'netloom.js')])).stdout;

  test('the bundle when it was built after the modules were compiled', async () => {
    assert.equal(await run(tree(10, 60)), 'bundle');
  });

  test('the compiled modules when tsc ran after the bundle was built (it would run stale code)', async () => {
    assert.equal(await run(tree(60, 10)), 'compiled');
  });

  test('the compiled modules when there is no bundle', async () => {
    const dir = tree(10, 60);
    await execa('rm', [join(dir, 'dist', 'cli', 'netloom.js')]);
    assert.equal(await run(dir), 'compiled');
  });

  test('this build runs the bundle: `npm run build` makes it last', () => {
    const bundle = statSync(join(root, 'dist', 'cli', 'netloom.js')).mtimeMs;
    assert.ok(
      bundle >= statSync(join(root, 'dist', 'core', 'cli', 'main.js')).mtimeMs,
      'dist/cli is older than dist/core',
    );
  });
});
