import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../util/repo-root.js';
import { EXIT } from './exit-codes.js';
import { parseCommandLine } from './main.js';

/** What `netloom ARGV…` chose or exited with, and what it printed. */
function parse(...argv: string[]) {
  let out = '';
  let err = '';
  const result = parseCommandLine(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { result, out, err };
}

describe('netloom command line', () => {
  test('netloom --help, help and -h list every command on stdout, exit 0', () => {
    for (const argv of [['--help'], ['help'], ['-h']]) {
      const r = parse(...argv);
      assert.equal(r.result, EXIT.ok, argv.join(' '));
      assert.equal(r.err, '');
      for (const c of ['snapshot', 'watch', 'serve']) assert.match(r.out, new RegExp(`^  ${c} `, 'm'));
      assert.match(r.out, /Exit codes: 0 complete, 3 partial/);
    }
  });

  test('no command: the overview, exit 2', () => {
    const r = parse();
    assert.equal(r.result, EXIT.usage);
    assert.match(r.out, /Usage: netloom/);
  });

  test('--version and -V print the package version', () => {
    for (const flag of ['--version', '-V']) {
      const r = parse(flag);
      assert.equal(r.result, EXIT.ok);
      assert.match(r.out, /^\d+\.\d+\.\d+\n$/);
    }
  });

  test('each subcommand answers --help (and help NAME) with its own usage, exit 0', () => {
    const own: Record<string, RegExp[]> = {
      snapshot: [/^Usage: netloom snapshot \[--json \[--pretty\] \| --dot\] \[--no-docker\]/, /--dot/, /--pretty/],
      watch: [/^Usage: netloom watch \[--no-docker\]/, /NDJSON/],
      serve: [/^Usage: netloom serve \[--host 127\.0\.0\.1\] \[--port 0\]/, /--allow-remote-control/, /--open <file>/],
    };
    for (const [name, patterns] of Object.entries(own)) {
      for (const argv of [
        [name, '--help'],
        [name, '-h'],
        ['help', name],
      ]) {
        const r = parse(...argv);
        assert.equal(r.result, EXIT.ok, argv.join(' '));
        assert.equal(r.err, '');
        for (const p of patterns) assert.match(r.out, p, argv.join(' '));
        for (const other of Object.keys(own).filter((o) => o !== name))
          assert.doesNotMatch(r.out, new RegExp(`Usage: netloom ${other}`));
      }
    }
    assert.doesNotMatch(parse('serve', '--help').out, /--token/, 'the fixed token stays out of the help');
  });

  test('unknown flags, commands and arguments: exit 2, the message and the command usage on stderr', () => {
    const cases: [string[], RegExp][] = [
      [['snapshot', '--bogus'], /^netloom: unknown option '--bogus'\nusage: netloom snapshot /],
      [['watch', '--json'], /^netloom: unknown option '--json'\nusage: netloom watch /],
      [['serve', '--bogus'], /^netloom: unknown option '--bogus'\nusage: netloom serve /],
      [['snapshot', 'extra'], /^netloom: too many arguments/],
      [['frobnicate'], /^netloom: unknown command 'frobnicate'/],
      [['--bogus'], /^netloom: unknown option '--bogus'/],
      [['snapshot', '--json', '--dot'], /^netloom: choose one of --json and --dot\nusage: netloom snapshot/],
      [['serve', '--port', '70000'], /^netloom: --port must be an integer from 0 to 65535/],
      [['serve', '--open'], /^netloom: option '--open <file>' argument missing/],
    ];
    for (const [argv, message] of cases) {
      const r = parse(...argv);
      assert.equal(r.result, EXIT.usage, argv.join(' '));
      assert.match(r.err, message, argv.join(' '));
      assert.equal(r.out, '', argv.join(' '));
    }
  });

  test('snapshot flags as before', () => {
    const base = { format: 'text', pretty: false, skipDocker: false, color: undefined };
    assert.deepEqual(parse('snapshot').result, { command: 'snapshot', options: base });
    assert.deepEqual(parse('snapshot', '--json', '--pretty').result, {
      command: 'snapshot',
      options: { ...base, format: 'json', pretty: true },
    });
    assert.deepEqual(parse('snapshot', '--dot', '--no-docker').result, {
      command: 'snapshot',
      options: { ...base, format: 'dot', skipDocker: true },
    });
    assert.deepEqual(parse('snapshot', '--color').result, { command: 'snapshot', options: { ...base, color: true } });
    assert.deepEqual(parse('snapshot', '--no-color').result, {
      command: 'snapshot',
      options: { ...base, color: false },
    });
  });

  test('watch and serve flags as before', () => {
    assert.deepEqual(parse('watch').result, { command: 'watch', options: { skipDocker: false } });
    assert.deepEqual(parse('watch', '--no-docker').result, { command: 'watch', options: { skipDocker: true } });
    const serve = parse('serve', '--port=8080', '--read-only', '--no-docker', '--open', 'host.json').result;
    assert.deepEqual(serve, {
      command: 'serve',
      options: {
        host: '127.0.0.1',
        port: 8080,
        allowRemote: false,
        allowRemoteControl: false,
        readOnly: true,
        skipDocker: true,
        token: process.env.NETLOOM_TOKEN || undefined,
        open: 'host.json',
      },
    });
  });

  test('a reader that stops early (| head) ends netloom quietly, not with an EPIPE trace', async () => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'netloom.js'), 'reach', '--help'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before anything is read, as head does after its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
