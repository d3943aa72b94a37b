import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { ServerMessage } from '../protocol/messages.js';
import { ProtocolServer } from '../protocol/server.js';
import type { ServerConnection } from '../protocol/transport.js';
import { sampleTopology } from '../testkit/sample-topology.js';
import { RemoteBindRefusedError, startServer, type RunningServer } from './http-server.js';
import { FakeTopologySource } from '../testkit/fake-source.js';

/** Counts accepted connections, so a refused upgrade can be shown to reach nothing. */
class CountingProtocol extends ProtocolServer {
  accepted = 0;
  override accept(conn: ServerConnection): void {
    this.accepted += 1;
    super.accept(conn);
  }
}

const SECRET = 'SECRET-OUTSIDE-THE-STATIC-DIR';
const FILES: Record<string, [string, string]> = {
  'index.html': ['<!doctype html><title>netloom</title>', 'text/html; charset=utf-8'],
  'assets/app.js': ['console.log(1)', 'text/javascript; charset=utf-8'],
  'assets/app.js.map': ['{}', 'application/json; charset=utf-8'],
  'assets/app.css': ['body{}', 'text/css; charset=utf-8'],
  'assets/icon.svg': ['<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml'],
  'assets/logo.png': ['\x89PNG', 'image/png'],
  'assets/font.woff2': ['wOF2', 'font/woff2'],
  'data.json': ['{"a":1}', 'application/json; charset=utf-8'],
  'favicon.ico': ['ico', 'image/x-icon'],
};

let tmp: string;
let staticDir: string;
let source: FakeTopologySource;
let protocol: CountingProtocol;
let server: RunningServer;
let base: string;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  urlPath: string,
  headers: Record<string, string> = {},
  method = 'GET',
  port = server.port,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends bytes as they are, for requests http.request refuses to build. */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(server.port, '127.0.0.1', () => sock.end(text));
    let out = '';
    sock.setEncoding('latin1');
    sock.on('data', (c: string) => (out += c));
    sock.on('end', () => resolve(out));
    sock.on('error', reject);
  });
}

const withToken = (p: string, token = server.token): string => `${p}${p.includes('?') ? '&' : '?'}token=${token}`;

/** A WebSocket client with a queue of received messages. */
class Client {
  readonly messages: ServerMessage[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as ServerMessage);
      for (const w of this.waiters.splice(0)) w();
    });
  }
  async next(): Promise<ServerMessage> {
    while (this.messages.length === 0) await new Promise<void>((r) => this.waiters.push(r));
    return this.messages.shift() as ServerMessage;
  }
  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }
  closed(): Promise<{ code: number; reason: string }> {
    return new Promise((r) => this.ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
  }
}

type Upgrade = { ok: true; client: Client } | { ok: false; status: number };

/** Opens /ws; resolves with the client, or with the HTTP status the upgrade was refused with. */
function openWs(query: string, headers: Record<string, string> = {}, port = server.port): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers });
    const client = new Client(ws);
    ws.once('open', () => resolve({ ok: true, client }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (err) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(err);
    });
  });
}

async function refused(query: string, headers: Record<string, string> = {}): Promise<number> {
  const before = protocol.accepted;
  const r = await openWs(query, headers);
  if (r.ok) {
    r.client.ws.terminate();
    assert.fail('the upgrade was accepted');
  }
  assert.equal(protocol.accepted, before, 'the protocol server saw the connection');
  return r.status;
}

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'nlt-serve-'));
  staticDir = path.join(tmp, 'static');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  for (const [name, [body]] of Object.entries(FILES)) await writeFile(path.join(staticDir, name), body, 'latin1');
  await writeFile(path.join(tmp, 'package.json'), SECRET);
  await writeFile(path.join(tmp, 'secret.txt'), SECRET);
  await symlink(path.join(tmp, 'secret.txt'), path.join(staticDir, 'link.txt'));
  source = new FakeTopologySource();
  protocol = new CountingProtocol(source, '0.0.0-test');
  server = await startServer({ host: '127.0.0.1', port: 0, allowRemote: false, staticDir, protocol });
  base = `http://127.0.0.1:${server.port}`;
});

after(async () => {
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('startServer: access', () => {
  test('prints a loopback URL carrying a fresh base64url token', () => {
    assert.equal(server.url, `${base}/?token=${server.token}`);
    assert.match(server.token, /^[A-Za-z0-9_-]{43}$/);
  });

  test('no token: 401 for the page, /healthz and the WebSocket upgrade', async () => {
    for (const p of ['/', '/healthz', '/assets/app.js']) {
      const r = await request(p);
      assert.equal(r.status, 401, p);
      assert.equal(r.headers['set-cookie'], undefined);
      assert.doesNotMatch(r.body, /netloom<\/title>|console/);
    }
    assert.equal(await refused(''), 401);
  });

  test('a wrong token: 401 by query, Bearer, cookie and on the upgrade', async () => {
    const wrong = 'A'.repeat(43);
    assert.equal((await request(withToken('/', wrong))).status, 401);
    assert.equal((await request('/healthz', { authorization: `Bearer ${wrong}` })).status, 401);
    assert.equal((await request('/', { cookie: `netloom_token=${wrong}` })).status, 401);
    assert.equal(await refused(`?token=${wrong}`), 401);
    assert.equal(await refused('', { cookie: `netloom_token=${wrong}` }), 401);
  });

  test('a valid query token: 200 and the HttpOnly, SameSite=Strict cookie', async () => {
    const r = await request(withToken('/'));
    assert.equal(r.status, 200);
    assert.equal(r.body, FILES['index.html']?.[0]);
    assert.deepEqual(r.headers['set-cookie'], [`netloom_token=${server.token}; HttpOnly; SameSite=Strict; Path=/`]);
  });

  test('the cookie alone opens the assets, /healthz and the WebSocket afterwards', async () => {
    const cookie = { cookie: `theme=dark; netloom_token=${server.token}` };
    const js = await request('/assets/app.js', cookie);
    assert.equal(js.status, 200);
    assert.equal(js.headers['set-cookie'], undefined, 'the cookie is only set from a query token');
    assert.equal((await request('/healthz', cookie)).status, 200);
    const ws = await openWs('', cookie);
    assert.ok(ws.ok);
    assert.equal((await ws.client.next()).type, 'hello');
    ws.client.ws.close();
  });

  test('Bearer works for scripts; /healthz answers {"ok":true}', async () => {
    const r = await request('/healthz', { authorization: `Bearer ${server.token}` });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(r.body), { ok: true });
    const ws = await openWs('', { authorization: `Bearer ${server.token}` });
    assert.ok(ws.ok);
    ws.client.ws.close();
  });

  test('a foreign Origin on the upgrade: 403 and no connection; own origin and loopback spellings pass', async () => {
    const q = `?token=${server.token}`;
    assert.equal(await refused(q, { origin: 'http://evil.example' }), 403);
    assert.equal(await refused(q, { origin: `http://evil.example:${server.port}` }), 403);
    assert.equal(await refused(q, { origin: 'null' }), 403);
    assert.equal(await refused(q, { origin: `http://127.0.0.1:${server.port + 1}` }), 403);
    for (const origin of [base, `http://localhost:${server.port}`]) {
      const ws = await openWs(q, { origin });
      assert.ok(ws.ok, origin);
      ws.client.ws.close();
    }
  });

  test('a Host header the server does not answer to: 403 (DNS rebinding)', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    assert.equal((await request('/healthz', { ...auth, host: `evil.example:${server.port}` })).status, 403);
    assert.equal((await request('/healthz', { ...auth, host: `127.0.0.1:${server.port + 1}` })).status, 403);
    assert.equal((await request('/healthz', { ...auth, host: `localhost:${server.port}` })).status, 200);
    assert.equal(await refused(`?token=${server.token}`, { host: `evil.example:${server.port}` }), 403);
  });

  test('requests that change things: foreign Origin 403, otherwise 405 (there is nothing to change over HTTP)', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    assert.equal((await request('/', { ...auth, origin: 'http://evil.example' }, 'POST')).status, 403);
    const r = await request('/', { ...auth, origin: base }, 'POST');
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'GET, HEAD');
  });

  test('a non-loopback bind is refused without allowRemote', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.1', 'example.com']) {
      await assert.rejects(
        startServer({ host, port: 0, allowRemote: false, staticDir, protocol }),
        RemoteBindRefusedError,
        host,
      );
    }
  });

  test('with allowRemote it binds, warns, and still checks Host', async () => {
    const lines: string[] = [];
    const remote = await startServer({
      host: '0.0.0.0',
      port: 0,
      allowRemote: true,
      staticDir,
      protocol,
      log: (l) => lines.push(l),
    });
    try {
      assert.match(lines.join('\n'), /warning: .*0\.0\.0\.0.*token/);
      assert.match(remote.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const auth = { authorization: `Bearer ${remote.token}` };
      assert.equal(
        (await request('/healthz', { ...auth, host: `192.0.2.7:${remote.port}` }, 'GET', remote.port)).status,
        200,
      );
      assert.equal(
        (await request('/healthz', { ...auth, host: `evil.example:${remote.port}` }, 'GET', remote.port)).status,
        403,
      );
    } finally {
      await remote.close();
    }
  });

  test('a token given by the caller is used; an unusable one is refused', async () => {
    const token = 'fixed-token-for-scripts-0123456789';
    const fixed = await startServer({ host: 'localhost', port: 0, allowRemote: false, staticDir, protocol, token });
    try {
      assert.equal(fixed.token, token);
      assert.match(fixed.url, new RegExp(`^http://localhost:${fixed.port}/\\?token=${token}$`));
    } finally {
      await fixed.close();
    }
    await assert.rejects(
      startServer({ host: '127.0.0.1', port: 0, allowRemote: false, staticDir, protocol, token: 'x' }),
    );
  });
});

describe('startServer: static files', () => {
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${server.token}` });

  test('content types, index.html for /, and HEAD', async () => {
    for (const [name, [body, type]] of Object.entries(FILES)) {
      const r = await request(`/${name}`, auth());
      assert.equal(r.status, 200, name);
      assert.equal(r.headers['content-type'], type, name);
      assert.equal(r.body, body, name);
    }
    const head = await request('/', auth(), 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-length'], String(FILES['index.html']?.[0].length));
  });

  test('security headers on every response; no-store for the page', async () => {
    for (const r of [
      await request('/', auth()),
      await request('/assets/app.js', auth()),
      await request('/nope', auth()),
      await request('/'),
    ]) {
      const csp = String(r.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${server.port}`));
      assert.match(csp, /object-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
    }
    assert.equal((await request('/', auth())).headers['cache-control'], 'no-store');
    assert.equal((await request('/index.html', auth())).headers['cache-control'], 'no-store');
  });

  test('traversal attempts never return a file outside the static dir', async () => {
    const attempts = [
      '/../package.json',
      '/../secret.txt',
      '/assets/../../package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/..%5cpackage.json',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/index.html%00',
      '/%00/../package.json',
      '/%E0%A4%A',
      '/link.txt',
      '/.hidden',
    ];
    for (const p of attempts) {
      const r = await request(p, auth());
      assert.ok(r.status === 400 || r.status === 404, `${p}: ${r.status}`);
      assert.doesNotMatch(r.body, /SECRET|root:/, p);
    }
    const nul = await rawRequest(
      `GET /index.html\0.js HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nAuthorization: Bearer ${server.token}\r\nConnection: close\r\n\r\n`,
    );
    assert.match(nul, /^HTTP\/1\.1 40[04]/);
    assert.doesNotMatch(nul, /SECRET/);
  });

  test('404 for what is not there, 426 for /ws without an upgrade', async () => {
    assert.equal((await request('/missing.js', auth())).status, 404);
    assert.equal((await request('/assets/', auth())).status, 404);
    assert.equal((await request('/ws', auth())).status, 426);
  });

  test('without a built UI: a page saying so (200), and the protocol still works', async () => {
    const empty = path.join(tmp, 'empty');
    await mkdir(empty, { recursive: true });
    const bare = await startServer({ host: '127.0.0.1', port: 0, allowRemote: false, staticDir: empty, protocol });
    try {
      const r = await request(withToken('/', bare.token), {}, 'GET', bare.port);
      assert.equal(r.status, 200);
      assert.match(r.body, /not built/);
      assert.match(r.body, /npm run build/);
      const ws = await openWs(`?token=${bare.token}`, {}, bare.port);
      assert.ok(ws.ok);
      assert.equal((await ws.client.next()).type, 'hello');
      ws.client.ws.close();
    } finally {
      await bare.close();
    }
  });
});

describe('startServer: the protocol over WebSocket', () => {
  test('hello, subscribe, snapshot, a pushed delta with the next seq, ping, then an invalid message closes with 1008', async () => {
    const ws = await openWs(`?token=${server.token}`);
    assert.ok(ws.ok);
    const { client } = ws;
    assert.deepEqual(await client.next(), {
      type: 'hello',
      protocol: 1,
      version: '0.0.0-test',
      control: { enabled: false, reason: 'this server does not offer control' },
    });
    client.send({ type: 'subscribe' });
    const snap = await client.next();
    assert.equal(snap.type, 'snapshot');
    assert.equal(snap.type === 'snapshot' && snap.seq, source.seq);
    assert.deepEqual(snap.type === 'snapshot' && snap.topology, sampleTopology());
    const pushed = source.push();
    const delta = await client.next();
    assert.deepEqual(delta, pushed);
    assert.equal(delta.type === 'delta' && delta.seq, (snap.type === 'snapshot' ? snap.seq : NaN) + 1);
    client.send({ type: 'request', id: 5, method: 'ping' });
    const pong = await client.next();
    assert.equal(pong.type, 'response');
    assert.ok(pong.type === 'response' && pong.id === 5 && pong.ok);
    const closed = client.closed();
    client.send({ type: 'nonsense' });
    const { code, reason } = await closed;
    assert.equal(code, 1008);
    assert.match(reason, /^invalid message/);
  });

  test('a frame that is not JSON closes with 1008', async () => {
    const ws = await openWs(`?token=${server.token}`);
    assert.ok(ws.ok);
    await ws.client.next();
    const closed = ws.client.closed();
    ws.client.send('this is not json');
    assert.equal((await closed).code, 1008);
  });

  test('closing the server tells connected clients it is going away', async () => {
    const own = await startServer({ host: '127.0.0.1', port: 0, allowRemote: false, staticDir, protocol });
    const ws = await openWs(`?token=${own.token}`, {}, own.port);
    assert.ok(ws.ok);
    await ws.client.next();
    const closed = ws.client.closed();
    await own.close();
    assert.equal((await closed).code, 1001);
  });
});
