import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ValidationHost } from '../../testkit/validate-host.js';
import { cleanupTestResources, docker, runContainer, sh, TEST_IMAGE } from '../../testkit/test-host.js';

/**
 * Host ports on the real engine and kernel (prefix nlv-v-p-): ports published by test
 * containers and sockets this test opens on loopback, each confirmed with docker port
 * and ss.
 */
const P = 'nlv-v-p-';
const host = new ValidationHost(P);
const servers: Server[] = [];
const listen = (port: number, hostIp: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ port, host: hostIp }, () => resolve());
    servers.push(s);
  });

before(async () => {
  await cleanupTestResources(P);
  await runContainer(`${P}web`, ['-p', '127.0.0.1:18961:80', '-p', '18964:53/udp']);
  await runContainer(`${P}hostmode`, ['--network', 'host']);
  await runContainer(`${P}shared`, ['--network', `container:${P}web`]);
  await runContainer(`${P}alone`, ['--network', 'none']);
  await listen(18962, '127.0.0.1');
  await listen(18963, '::');
});
after(async () => {
  for (const s of servers) s.close();
  host.close();
  await cleanupTestResources(P);
});

const run = (hostPort: number, hostIp?: string, proto: 'tcp' | 'udp' = 'tcp') => ({
  image: TEST_IMAGE,
  publish: [{ containerPort: 80, proto, hostPort, ...(hostIp ? { hostIp } : {}) }],
});

describe('a port another container publishes', () => {
  test('the same address: a conflict naming the container, as docker port shows it', async () => {
    assert.match(await docker('port', `${P}web`, '80/tcp'), /127\.0\.0\.1:18961/);
    const r = await host.refused('container.run', run(18961, '127.0.0.1'), {
      code: 'conflict',
      field: 'publish.0.hostPort',
      rule: 'port-published',
    });
    assert.deepEqual(r.details.holder, { container: `${P}web` });
  });
  test('every address meets 127.0.0.1', async () => {
    await host.refused('container.run', run(18961), {
      code: 'conflict',
      field: 'publish.0.hostPort',
      rule: 'port-published',
    });
  });
  test('udp on 0.0.0.0 meets any address', async () => {
    await host.refused('container.run', run(18964, '127.0.0.3', 'udp'), {
      code: 'conflict',
      field: 'publish.0.hostPort',
      rule: 'port-published',
    });
  });
  test('another address, or the other protocol, is free', async () => {
    assert.deepEqual(await host.allowed('container.run', run(18961, '127.0.0.2')), []);
    assert.deepEqual(await host.allowed('container.run', run(18961, '127.0.0.1', 'udp')), []);
  });
});

describe('a port a host process listens on', () => {
  test('refused, naming the process (this test), as ss shows it', async () => {
    assert.match(await sh('ss', ['-Hltn', 'sport = :18962']), /127\.0\.0\.1:18962/);
    const r = await host.refused('container.run', run(18962, '127.0.0.1'), {
      code: 'conflict',
      field: 'publish.0.hostPort',
      rule: 'port-listening',
    });
    assert.equal((r.details.holder as { pid: number }).pid, process.pid);
    assert.match(r.message, /node \(pid \d+\)/);
  });
  test('a [::] listener: sure for every address, a warning for one IPv4 address', async () => {
    await host.refused('container.run', run(18963), {
      code: 'conflict',
      field: 'publish.0.hostPort',
      rule: 'port-listening',
    });
    assert.deepEqual(await host.allowed('container.run', run(18963, '127.0.0.1')), ['port-maybe-in-use']);
  });
  test('a free port on every address passes with a warning', async () => {
    assert.equal(await sh('ss', ['-Hltn', 'sport = :18969']), '');
    assert.deepEqual(await host.allowed('container.run', run(18969)), ['publish-all-addresses']);
  });
});

describe('container.publish', () => {
  const publish = (container: string, hostPort: number, hostIp?: string) => ({
    container: `${P}${container}`,
    publish: [{ containerPort: 8080, proto: 'tcp' as const, hostPort, ...(hostIp ? { hostIp } : {}) }],
  });
  test('its own ports are freed by the recreate: a new port passes', async () => {
    assert.deepEqual(await host.allowed('container.publish', publish('web', 18965, '127.0.0.1')), []);
  });
  test('a new port that meets one it keeps is refused', async () => {
    await host.refused('container.publish', publish('web', 18961), {
      code: 'bad-request',
      field: 'publish.0.hostPort',
      rule: 'already-published',
    });
  });
  test('a host-mode, container-mode or none container cannot publish', async () => {
    await host.refused('container.publish', publish('hostmode', 18966, '127.0.0.1'), {
      code: 'conflict',
      field: 'publish',
      rule: 'shared-netns',
    });
    await host.refused('container.publish', publish('shared', 18966, '127.0.0.1'), {
      code: 'conflict',
      field: 'publish',
      rule: 'shared-netns',
    });
    await host.refused('container.publish', publish('alone', 18966, '127.0.0.1'), {
      code: 'conflict',
      field: 'publish',
      rule: 'no-network',
    });
  });
  test('another container’s port is still refused', async () => {
    await host.refused('container.publish', publish('alone', 18962, '127.0.0.1'), {
      code: 'conflict',
      field: 'publish',
      rule: 'no-network',
    });
  });
});
