import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readHost } from './read-host.js';

/**
 * `dockerDown`: while the live core knows the engine is down, a full read must not dial
 * it (the reconnect does, with backoff). A socket standing in for the engine counts dials.
 */

let dir: string;
let server: Server;
let dials = 0;
let env: NodeJS.ProcessEnv;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nls-read-host-'));
  const path = join(dir, 'docker.sock');
  server = createServer((socket) => {
    dials++;
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(path, r));
  env = { DOCKER_HOST: `unix://${path}` };
});

after(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe('readHost with dockerDown', () => {
  test('does not dial the engine; the docker facet says why', async () => {
    dials = 0;
    const why = 'Docker engine at /var/run/docker.sock went away (the engine closed its event stream); reconnecting';
    const { raw, hints } = await readHost({ dockerDown: why, env });
    assert.equal(dials, 0);
    assert.deepEqual(raw.facets.docker, { ok: false, reason: why });
    assert.equal(raw.docker, null);
    assert.ok(hints.some((h) => h.includes(why)));
  });

  test('without it, the same read dials the engine (and reports what it said)', async () => {
    dials = 0;
    const { raw } = await readHost({ env });
    assert.ok(dials >= 1, 'dialled');
    assert.equal(raw.facets.docker.ok, false);
    assert.match(raw.facets.docker.reason ?? '', /docker\.sock/);
  });
});
