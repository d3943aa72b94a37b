import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SourceFormatError } from '../exec/run-tool.js';
import { engineHttp, EngineHttpError } from './engine-http.js';
import { HttpReader } from './http-reader.js';

/** The read path's HTTP client against a real HTTP server on a unix socket, answering as the engine's Go server does. */

const socketPath = join(mkdtempSync(join(tmpdir(), 'nl-http-')), 'engine.sock');
let server: Server;
let connections = 0;
const big = { items: Array.from({ length: 2000 }, (_, i) => ({ i, name: `container-${i}` })) };

before(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/small') return res.writeHead(200, { 'Content-Length': '11' }).end('{"ok":true}');
    if (url === '/big') {
      // No length: node sends it chunked, as the engine does above 4 KB.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const text = JSON.stringify(big);
      for (let i = 0; i < text.length; i += 7000) res.write(text.slice(i, i + 7000));
      return res.end();
    }
    if (url === '/gone') return res.writeHead(404).end('{"message":"No such container: x"}');
    if (url === '/text') return res.writeHead(200, { 'Content-Length': '5' }).end('hello');
    if (url === '/close') return res.writeHead(200, { Connection: 'close', 'Content-Length': '2' }).end('[]');
    if (url === '/slow') return void setTimeout(() => res.writeHead(200).end('{}'), 400);
    if (url.startsWith('/n/')) return setTimeout(() => res.writeHead(200).end(JSON.stringify(url)), 5);
    res.writeHead(500).end();
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(socketPath, r));
});
after(() => new Promise<void>((r) => server.close(() => r())));

describe('engine HTTP', () => {
  test('bodies framed by length and by chunks, on kept-alive sockets, at most 16 of them', async () => {
    const h = engineHttp({ socketPath }, 2000);
    assert.deepEqual(await h.get('/small'), { ok: true });
    assert.deepEqual(await h.get('/big'), big);
    const before = connections;
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => h.get(`/n/${i}`)));
    assert.deepEqual(
      answers,
      Array.from({ length: 60 }, (_, i) => `/n/${i}`),
    );
    assert.ok(connections - before <= 16, `${connections - before} sockets opened`);
    h.close();
  });

  test('a refusal carries the engine’s words and its status; a body that is not JSON is a format error', async () => {
    const h = engineHttp({ socketPath }, 2000);
    await assert.rejects(h.get('/gone'), (e: unknown) => {
      assert.ok(e instanceof EngineHttpError);
      assert.equal(e.statusCode, 404);
      assert.equal(e.message, 'No such container: x');
      return true;
    });
    await assert.rejects(h.get('/text'), SourceFormatError);
    // The socket is still good after both.
    assert.deepEqual(await h.get('/small'), { ok: true });
    h.close();
  });

  test('Connection: close, a timeout and a missing socket', async () => {
    const h = engineHttp({ socketPath }, 150);
    assert.deepEqual(await h.get('/close'), []);
    assert.deepEqual(await h.get('/small'), { ok: true }, 'a new socket after the close');
    await assert.rejects(h.get('/slow'), (e: unknown) => (e as { code?: string }).code === 'ETIMEDOUT');
    assert.deepEqual(await h.get('/small'), { ok: true }, 'and after the timeout');
    h.close();
    const none = engineHttp({ socketPath: join(tmpdir(), 'no-such-engine.sock') }, 500);
    await assert.rejects(none.get('/small'), (e: unknown) => (e as { code?: string }).code === 'ENOENT');
    none.close();
  });

  test('the reader joins a response however the bytes arrive', () => {
    const text = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n';
    for (const size of [1, 3, 17, text.length]) {
      const r = new HttpReader();
      let got = null;
      for (let i = 0; i < text.length; i += size) got = r.push(Buffer.from(text.slice(i, i + size))) ?? got;
      assert.equal(got?.body.toString(), 'hello world', `in pieces of ${size}`);
    }
    assert.throws(() => new HttpReader().push(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n')), /not an HTTP response/);
  });
});
