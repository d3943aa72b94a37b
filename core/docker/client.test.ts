import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connectDocker } from './client.js';

/**
 * How the client learns the engine's version: from /_ping's headers, as Docker's own
 * client negotiates, and from /version when they are missing. A server on a unix socket
 * answers as the engine (or a proxy in front of it) would; what a real engine answers is
 * checked by cli.int.test.ts against `docker version`.
 */

const socketPath = join(mkdtempSync(join(tmpdir(), 'nl-client-')), 'engine.sock');
let server: Server;
/** How the next /_ping is answered. */
let ping: 'docker' | 'bare' | 'missing' = 'docker';
const asked: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    asked.push(url);
    if (url === '/_ping') {
      if (ping === 'missing') return res.writeHead(404, { 'Content-Length': '19' }).end('{"message":"nope"}\n');
      const headers: Record<string, string> = { 'Content-Length': '2', 'Content-Type': 'text/plain' };
      if (ping === 'docker') Object.assign(headers, { 'Api-Version': '1.41', Server: 'Docker/20.10.24+dfsg1 (linux)' });
      return res.writeHead(200, headers).end('OK');
    }
    if (url === '/version') {
      const body = JSON.stringify({ Version: '27.3.1', ApiVersion: '1.47', MinAPIVersion: '1.24' });
      return res.writeHead(200, { 'Content-Length': String(body.length) }).end(body);
    }
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => server.listen(socketPath, r));
});
after(() => new Promise<void>((r) => server.close(() => r())));

async function identify(): Promise<{ version: string; apiVersion: string; asked: string[] }> {
  asked.length = 0;
  const conn = await connectDocker({ env: { DOCKER_HOST: `unix://${socketPath}` } });
  conn.close();
  return { version: conn.version, apiVersion: conn.apiVersion, asked: [...asked] };
}

describe('engine identity', () => {
  test('one /_ping: the API version and the engine version from its headers', async () => {
    ping = 'docker';
    assert.deepEqual(await identify(), { version: '20.10.24+dfsg1', apiVersion: '1.41', asked: ['/_ping'] });
  });

  test('a ping without them (a proxy, another engine) falls back to /version', async () => {
    ping = 'bare';
    assert.deepEqual(await identify(), { version: '27.3.1', apiVersion: '1.47', asked: ['/_ping', '/version'] });
  });

  test('no /_ping at all falls back to /version too', async () => {
    ping = 'missing';
    assert.deepEqual(await identify(), { version: '27.3.1', apiVersion: '1.47', asked: ['/_ping', '/version'] });
  });
});
