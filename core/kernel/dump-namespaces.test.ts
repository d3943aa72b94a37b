import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ToolError } from '../exec/run-tool.js';
import { dumpNamespaces, hostNetnsInode, listDockerNetnsFiles, listNamedNetns } from './dump-namespaces.js';

// Stand-ins for netloom-nsdump, to test what dumpNamespaces does with its output.
const dir = mkdtempSync(join(tmpdir(), 'nscap-fake-helper-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const argLog = join(dir, 'args.log');

function fakeHelper(name: string, body: string): string {
  const path = join(dir, name);
  // One line per run: its arguments, space-separated.
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argLog}'\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const echoing = fakeHelper(
  'echoing',
  `for p in "$@"; do
  [ "$p" = --peers ] && break
  case "$p" in
    /proc/self/ns/net) printf '{"target":"%s","inode":7,"nsid":-1,"hostNsid":-1,"links":[],"routes":[{"dst":"default","gateway":"10.0.0.1","flags":[]}]}\\n' "$p" ;;
    *ok*) printf '{"target":"%s","inode":8,"nsid":3,"hostNsid":0,"links":[],"routes":[]}\\n' "$p" ;;
    *eperm*) printf '{"target":"%s","error":"Operation not permitted","errno":1}\\n' "$p" ;;
    *) printf '{"target":"%s","error":"Invalid argument","errno":22}\\n' "$p" ;;
  esac
done`,
);

describe('dumpNamespaces with a helper', () => {
  it('maps lines back to targets in order, host standing for /proc/self/ns/net', async () => {
    writeFileSync(argLog, '');
    const result = await dumpNamespaces(['/run/netns/ok-a', '/stale', 'host', '/run/netns/ok-b'], {
      helperPath: echoing,
    });
    assert.equal(result.method, 'helper');
    assert.deepEqual(
      result.dumps.map((d) => [d.target, d.inode, d.nsid, d.hostNsid]),
      [
        ['/run/netns/ok-a', 8, 3, 0],
        ['host', 7, null, null],
        ['/run/netns/ok-b', 8, 3, 0],
      ],
    );
    assert.equal(result.dumps[1]!.routes[0]!.gateway, '10.0.0.1');
    assert.deepEqual(result.errors, [{ target: '/stale', error: 'Invalid argument', errno: 22 }]);
    // One process, host first so its link dump assigns nsids before the others are asked.
    assert.deepEqual(readFileSync(argLog, 'utf8').trim().split('\n'), [
      '/proc/self/ns/net /run/netns/ok-a /stale /run/netns/ok-b',
    ]);
  });

  it('splits very long target lists into several runs', async () => {
    writeFileSync(argLog, '');
    const targets = Array.from({ length: 2500 }, (_, i) => `/run/netns/ok-${i}`);
    const result = await dumpNamespaces(targets, { helperPath: echoing });
    assert.equal(result.dumps.length, 2500);
    assert.equal(result.dumps[2499]!.target, '/run/netns/ok-2499');
    const runs = readFileSync(argLog, 'utf8').trim().split('\n');
    assert.equal(runs.length, 3);
    // Each run holds the others' namespaces as peers, so a pair split across runs is still named.
    for (const run of runs) {
      const [read, held] = run.split(' --peers ') as [string, string];
      const all = new Set([...read.split(' '), ...held.split(' ')]);
      assert.equal(all.size, 2500);
    }
  });

  it('passes the peers it is given after the targets', async () => {
    writeFileSync(argLog, '');
    await dumpNamespaces(['/run/netns/ok-a'], { helperPath: echoing, peers: ['host', '/proc/9/ns/net'] });
    assert.deepEqual(readFileSync(argLog, 'utf8').trim().split('\n'), ['/run/netns/ok-a --peers /proc/9/ns/net']);
  });

  it('turns a refused namespace into a permission ToolError', async () => {
    await assert.rejects(
      dumpNamespaces(['host', '/run/netns/eperm-x'], { helperPath: echoing }),
      (e: unknown) => e instanceof ToolError && e.kind === 'permission' && e.message.includes('eperm-x'),
    );
  });

  it('falls back to nsenter when the helper crashes or prints too little, and says why', async () => {
    const crashing = fakeHelper('crashing', 'echo boom >&2; exit 3');
    const short = fakeHelper('short', `printf '{"target":"x","error":"Invalid argument","errno":22}\\n'`);
    // Targets that do not exist: the fallback reports them without starting anything.
    for (const helperPath of [crashing, short]) {
      const result = await dumpNamespaces(['/nonexistent/nscap-a', '/nonexistent/nscap-b'], { helperPath });
      assert.equal(result.method, 'nsenter');
      assert.ok(result.helperFailure, 'a reason is given');
      assert.deepEqual(
        result.errors.map((e) => e.target),
        ['/nonexistent/nscap-a', '/nonexistent/nscap-b'],
      );
    }
  });

  it('uses nsenter when the helper is not there', async () => {
    const result = await dumpNamespaces(['/nonexistent/nscap-c'], { helperPath: join(dir, 'absent') });
    assert.equal(result.method, 'nsenter');
    assert.equal(result.helperFailure, undefined);
    assert.deepEqual(result.errors, [{ target: '/nonexistent/nscap-c', error: 'No such file or directory', errno: 2 }]);
  });

  it('starts nothing for no targets', async () => {
    writeFileSync(argLog, '');
    assert.deepEqual(await dumpNamespaces([], { helperPath: echoing }), { dumps: [], errors: [], method: 'helper' });
    assert.equal(readFileSync(argLog, 'utf8'), '');
  });
});

describe('namespace listings', () => {
  it('reads the host namespace inode from /proc/self/ns/net', async () => {
    assert.equal(await hostNetnsInode(), (await stat('/proc/self/ns/net')).ino);
  });

  it('tolerates missing directories', async () => {
    assert.deepEqual(await listDockerNetnsFiles(join(dir, 'no-such-dir')), []);
    assert.ok(Array.isArray(await listNamedNetns()));
  });

  it('lists files with full paths, sorted', async () => {
    const netnsDir = join(dir, 'netns');
    mkdirSync(netnsDir, { recursive: true });
    writeFileSync(join(netnsDir, 'f2'), '');
    writeFileSync(join(netnsDir, 'e1'), '');
    assert.deepEqual(await listDockerNetnsFiles(netnsDir), [join(netnsDir, 'e1'), join(netnsDir, 'f2')]);
  });
});
