import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { EXIT } from './exit-codes.js';
import { parseServeArgs } from './serve-args.js';

const BIN = fileURLToPath(new URL('../../../bin/netloom.js', import.meta.url));
const TOKEN = 'a-fixed-token-for-tests-0123456789';

describe('netloom serve: arguments', () => {
  test('defaults: loopback, any free port, Docker on, a random token', () => {
    assert.deepEqual(parseServeArgs([], {}), {
      host: '127.0.0.1',
      port: 0,
      allowRemote: false,
      allowRemoteControl: false,
      readOnly: false,
      skipDocker: false,
      token: undefined,
      open: undefined,
    });
  });

  test('flags, and the token from --token or NETLOOM_TOKEN', () => {
    assert.deepEqual(parseServeArgs(['--host', '::1', '--port', '8080', '--no-docker', '--token', TOKEN], {}), {
      host: '::1',
      port: 8080,
      allowRemote: false,
      allowRemoteControl: false,
      readOnly: false,
      skipDocker: true,
      token: TOKEN,
      open: undefined,
    });
    assert.equal((parseServeArgs([], { NETLOOM_TOKEN: TOKEN }) as { token: string }).token, TOKEN);
    assert.equal((parseServeArgs(['--token', TOKEN], { NETLOOM_TOKEN: 'x' }) as { token: string }).token, TOKEN);
  });

  test('--open names the topology document to serve instead of the host', () => {
    assert.equal((parseServeArgs(['--open', 'host.json'], {}) as { open: string }).open, 'host.json');
    assert.equal((parseServeArgs(['--open=dir/a b.json', '--port', '0'], {}) as { open: string }).open, 'dir/a b.json');
    assert.match(String(parseServeArgs(['--open', ''], {})), /--open needs a file name/);
    assert.match(String(parseServeArgs(['--open'], {})), /--open/, 'a missing argument is a usage error');
  });

  test('ports outside 0-65535 or not integers are usage errors', () => {
    for (const port of ['65536', '-1', '1.5', 'http', '', '1e3', '0x50', '123456']) {
      assert.match(String(parseServeArgs([`--port=${port}`], {})), /--port must be an integer from 0 to 65535/, port);
    }
    assert.equal((parseServeArgs(['--port', '65535'], {}) as { port: number }).port, 65535);
  });

  test('a non-loopback host needs --allow-remote', () => {
    assert.match(String(parseServeArgs(['--host', '0.0.0.0'], {})), /--allow-remote/);
    assert.match(String(parseServeArgs(['--host', '192.168.1.10'], {})), /not a loopback address/);
    const ok = parseServeArgs(['--host', '0.0.0.0', '--allow-remote'], {});
    assert.equal(typeof ok, 'object');
  });

  test('--read-only, and --allow-remote-control only beside --allow-remote', () => {
    assert.equal((parseServeArgs(['--read-only'], {}) as { readOnly: boolean }).readOnly, true);
    assert.match(String(parseServeArgs(['--allow-remote-control'], {})), /goes with --allow-remote/);
    const remote = parseServeArgs(['--host', '0.0.0.0', '--allow-remote', '--allow-remote-control'], {});
    assert.equal((remote as { allowRemoteControl: boolean }).allowRemoteControl, true);
  });

  test('unknown flags, positionals and weak tokens are usage errors', () => {
    assert.equal(typeof parseServeArgs(['--bogus'], {}), 'string');
    assert.equal(typeof parseServeArgs(['extra'], {}), 'string');
    assert.match(String(parseServeArgs(['--token', 'short'], {})), /at least 22 characters/);
    assert.match(String(parseServeArgs([], { NETLOOM_TOKEN: 'has spaces in it, far too many' })), /token/);
  });

  test('bad usage exits 2 with a message and starts nothing', async () => {
    const r = await execa(process.execPath, [BIN, 'serve', '--port', '70000'], { reject: false, timeout: 20_000 });
    assert.equal(r.exitCode, EXIT.usage);
    assert.match(r.stderr, /^netloom: --port must be/m);
    assert.match(r.stderr, /usage: netloom serve/);
    assert.equal(r.stdout, '');
  });
});
