import { FILE_CONTROL_OFF } from '../commands/core.js';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import WebSocket from 'ws';
import { EXIT } from '../cli/exit-codes.js';
import type { Topology } from '../model/types.js';
import type { ServerMessage } from '../protocol/messages.js';
import { parseServerMessage } from '../protocol/schema.js';
import { fixture } from '../testkit/fixtures.js';
import { repoRoot } from '../util/repo-root.js';

/**
 * `netloom serve --open FILE` end to end: the file's topology over the WebSocket with a
 * hello that says so, nothing read from this host (it runs as nobody, without Docker or
 * any tool on PATH), and exit 2 with the file and the problem named for a bad file.
 */

const BIN = join(repoRoot(), 'bin', 'netloom.js');
const FIXTURE = join(repoRoot(), 'fixtures', 'snapshot', 'small-host.json');
const NOBODY = 65534;
// Nothing to find: no Docker socket, no ip, iptables or nsenter on PATH, only node itself.
const BARE_ENV = { PATH: dirname(process.execPath), DOCKER_HOST: 'unix:///nonexistent/docker.sock', HOME: '/' };

function serveOpen(file: string, uid?: number) {
  return execa(process.execPath, [BIN, 'serve', '--port', '0', '--open', file], {
    reject: false,
    env: BARE_ENV,
    extendEnv: false,
    timeout: 60_000,
    ...(uid === undefined ? {} : { uid, gid: NOBODY }),
  });
}

function listening(child: ReturnType<typeof serveOpen>): Promise<URL> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /^netloom: listening on (\S+)$/m.exec(out);
      if (m?.[1]) resolve(new URL(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`netloom serve --open exited (${code}) before listening`)));
  });
}

/** Every message in the first `ms` after subscribing. */
function messagesFor(ws: WebSocket, ms: number): Promise<ServerMessage[]> {
  return new Promise((resolve, reject) => {
    const got: ServerMessage[] = [];
    ws.on('message', (data) => {
      const parsed = parseServerMessage(JSON.parse(String(data)));
      if (!parsed.ok) return reject(new Error(`invalid server message: ${parsed.error}`));
      got.push(parsed.message);
      if (parsed.message.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe' }));
    });
    ws.once('error', reject);
    setTimeout(() => resolve(got), ms);
  });
}

describe('netloom serve --open', { timeout: 120_000 }, () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nlo-open-'));
    // Open to every user, so the unreadable case is the file's own mode.
    await chmod(dir, 0o755);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("serves the file's topology, says it is a file, sends no delta, and reads nothing of the host", async () => {
    const expected = JSON.parse(fixture('snapshot/small-host.json')) as Topology;
    const child = serveOpen(FIXTURE, NOBODY);
    try {
      const url = await listening(child);
      const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token') ?? ''}`);
      const messages = await messagesFor(ws, 2_500);
      assert.deepEqual(
        messages.map((m) => m.type),
        ['hello', 'snapshot'],
        'one snapshot, never a delta',
      );
      const [hello, snapshot] = messages;
      assert.deepEqual(hello, {
        type: 'hello',
        protocol: 1,
        version: (JSON.parse(await readFile(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version,
        source: { kind: 'file', name: 'small-host.json' },
        control: FILE_CONTROL_OFF,
      });
      assert.equal(snapshot?.type, 'snapshot');
      // Exactly the file: a live read (as nobody, without Docker) would differ in every facet.
      if (snapshot?.type === 'snapshot') assert.deepEqual(snapshot.topology, expected);
      ws.send(JSON.stringify({ type: 'resync', lastSeq: 0 }));
      ws.send(JSON.stringify({ type: 'request', id: 1, method: 'topology.get' }));
      const more = await messagesFor(ws, 1_000);
      assert.deepEqual(
        more.map((m) => m.type),
        ['snapshot', 'response'],
      );
      ws.close();
      child.kill('SIGTERM');
      const result = await child;
      assert.equal(result.exitCode, EXIT.ok, result.stderr);
      assert.match(result.stderr, /serving .*small-host\.json read-only: a snapshot of vm captured /);
      assert.doesNotMatch(result.stderr, /facet missing|docker|permission/i, 'no source was tried');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('the usage text tells about --open, and flags are checked before the file', async () => {
    const r = await execa(process.execPath, [BIN, 'serve', '--open', FIXTURE, '--bogus'], { reject: false });
    assert.equal(r.exitCode, EXIT.usage, 'flags are still checked first');
    assert.match(r.stderr, /usage: netloom serve .*--open FILE/);
  });

  test('a missing, unreadable or invalid file exits 2 naming the file and what is wrong', async () => {
    const t = JSON.parse(fixture('snapshot/small-host.json')) as Topology;
    const broken = structuredClone(t);
    const i = broken.nodes.findIndex((n) => n.kind === 'container');
    (broken.nodes[i] as { id: string }).id = 'container:nothex';
    const cases: [name: string, body: string | null, problem: RegExp][] = [
      ['missing.json', null, /no such file/],
      ['notes.txt', 'these are my notes', /not JSON/],
      ['package.json', '{"name":"x"}', /not a Netloom topology document/],
      ['v2.json', JSON.stringify({ ...t, schema: 'netloom.topology/v2' }), /"netloom\.topology\/v2" is not supported/],
      ['broken.json', JSON.stringify(broken), new RegExp(`nodes\\[${i}\\]\\.id \\(container:nothex\\): `)],
    ];
    for (const [name, body, problem] of cases) {
      const file = join(dir, name);
      if (body !== null) await writeFile(file, body);
      const r = await serveOpen(file);
      assert.equal(r.exitCode, EXIT.usage, `${name}: ${r.stderr}`);
      assert.equal(r.stdout, '', `${name}: nothing listens`);
      assert.match(
        r.stderr,
        new RegExp(`^netloom: cannot open ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `),
        name,
      );
      assert.match(r.stderr, problem, name);
      assert.doesNotMatch(r.stderr, /^\s+at /m, `${name}: no stack trace`);
    }
    // Unreadable for the user serve runs as.
    const secret = join(dir, 'secret.json');
    await writeFile(secret, fixture('snapshot/small-host.json'), { mode: 0o600 });
    const r = await serveOpen(secret, NOBODY);
    assert.equal(r.exitCode, EXIT.usage, r.stderr);
    assert.match(r.stderr, /cannot open .*secret\.json: permission denied/);
  });
});
