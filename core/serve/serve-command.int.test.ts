import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import WebSocket from 'ws';
import { TopologySchema } from '../model/schema.js';
import type { ServerMessage } from '../protocol/messages.js';
import { parseServerMessage } from '../protocol/schema.js';

/** `netloom serve` end to end on the real host: listening line, token, protocol, clean stop. */

const BIN = fileURLToPath(new URL('../../../bin/netloom.js', import.meta.url));

function waitForListening(child: ReturnType<typeof execa>): Promise<URL> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 60 s; stdout so far: ${out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /^netloom: listening on (\S+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(new URL(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`netloom serve exited (${code}) before listening`));
    });
  });
}

function nextMessages(ws: WebSocket, count: number): Promise<ServerMessage[]> {
  return new Promise((resolve, reject) => {
    const got: ServerMessage[] = [];
    ws.on('message', (data) => {
      const parsed = parseServerMessage(JSON.parse(String(data)));
      if (!parsed.ok) return reject(new Error(`invalid server message: ${parsed.error}`));
      got.push(parsed.message);
      if (got.length === count) resolve(got);
    });
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed (${code}) after ${got.length} messages`)));
  });
}

test(
  'netloom serve: listening line, token-gated WebSocket, a valid snapshot, exit 0 on SIGTERM',
  { timeout: 120_000 },
  async () => {
    const child = execa(process.execPath, [BIN, 'serve', '--port', '0'], { reject: false });
    try {
      const url = await waitForListening(child);
      assert.equal(url.hostname, '127.0.0.1');
      const token = url.searchParams.get('token') ?? '';
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);

      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.equal((await fetch(new URL('/healthz', url))).status, 401, 'no token, no answer');

      const ws = new WebSocket(`ws://${url.host}/ws?token=${token}`);
      const messages = nextMessages(ws, 2);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send(JSON.stringify({ type: 'subscribe' }));
      const [hello, snapshot] = await messages;
      assert.equal(hello?.type, 'hello');
      assert.deepEqual(hello?.type === 'hello' && hello.source, { kind: 'live' }, 'the hello says the host is live');
      assert.equal(snapshot?.type, 'snapshot');
      if (snapshot?.type !== 'snapshot') return;
      const check = TopologySchema.safeParse(snapshot.topology);
      assert.ok(check.success, check.success ? '' : JSON.stringify(check.error.issues.slice(0, 3)));
      assert.ok(
        snapshot.topology.nodes.some((n) => n.kind === 'netns'),
        'the host namespace is in the model',
      );
      ws.close();

      child.kill('SIGTERM');
      const result = await child;
      assert.equal(result.exitCode, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  },
);
