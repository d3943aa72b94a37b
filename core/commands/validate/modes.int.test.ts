import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ValidationHost } from '../../testkit/validate-host.js';
import { cleanupTestResources, createNetwork, docker, runContainer, TEST_IMAGE } from '../../testkit/test-host.js';

/** Network modes, endpoints and links on the real engine (prefix nlv-v-m-). */
const P = 'nlv-v-m-';
const host = new ValidationHost(P);
const networksOf = async (name: string): Promise<string[]> =>
  Object.keys(JSON.parse(await docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', name)) as object).sort();

before(async () => {
  await cleanupTestResources(P);
  await createNetwork(`${P}net`, ['--subnet', '10.250.20.0/24']);
  await createNetwork(`${P}icc`, ['-o', 'com.docker.network.bridge.enable_icc=false']);
  await createNetwork(`${P}int`, ['--internal']);
  await runContainer(`${P}a`, ['--network', `${P}net`]);
  await runContainer(`${P}b`, []);
  await runContainer(`${P}h`, ['--network', 'host']);
  await runContainer(`${P}n`, ['--network', 'none']);
  await runContainer(`${P}k`, ['--network', `container:${P}a`]);
  await runContainer(`${P}s`, []);
  await docker('stop', '-t', '0', `${P}s`);
});
after(async () => {
  host.close();
  await cleanupTestResources(P);
});

const c = (name: string) => `${P}${name}`;

describe('network.connect', () => {
  test('a host-mode or container-mode container has no endpoint of its own', async () => {
    for (const name of ['h', 'k'])
      await host.refused(
        'network.connect',
        { network: c('net'), container: c(name) },
        { code: 'conflict', field: 'container', rule: 'shared-netns' },
      );
  });
  test('a container on none, until it leaves none', async () => {
    assert.deepEqual(await networksOf(c('n')), ['none']);
    await host.refused(
      'network.connect',
      { network: c('net'), container: c('n') },
      { code: 'conflict', field: 'container', rule: 'no-network' },
    );
  });
  test('none only alone; the host network never', async () => {
    await host.refused(
      'network.connect',
      { network: 'none', container: c('b') },
      { code: 'conflict', field: 'network', rule: 'no-network' },
    );
    await host.refused(
      'network.connect',
      { network: 'host', container: c('b') },
      { code: 'bad-request', field: 'network', rule: 'host-network' },
    );
  });
  test('already connected, as docker inspect shows', async () => {
    assert.deepEqual(await networksOf(c('a')), [c('net')]);
    await host.refused(
      'network.connect',
      { network: c('net'), container: c('a') },
      { code: 'conflict', field: 'network', rule: 'already-connected' },
    );
  });
  test('aliases on the default bridge', async () => {
    await host.refused(
      'network.connect',
      { network: 'bridge', container: c('a'), aliases: ['db'] },
      { code: 'bad-request', field: 'aliases', rule: 'default-bridge' },
    );
    await host.refused(
      'network.connect',
      { network: 'bridge', container: c('a'), ipv4: '172.17.0.99' },
      { code: 'bad-request', field: 'ipv4', rule: 'default-bridge' },
    );
  });
  test('warnings: icc off, internal; a stopped container may be connected', async () => {
    assert.deepEqual(await host.allowed('network.connect', { network: c('icc'), container: c('b') }), ['icc-off']);
    assert.deepEqual(await host.allowed('network.connect', { network: c('int'), container: c('s') }), [
      'internal-no-route',
    ]);
  });
});

describe('network.disconnect', () => {
  test('not connected', async () => {
    await host.refused(
      'network.disconnect',
      { network: c('net'), container: c('b') },
      { code: 'conflict', field: 'network', rule: 'not-connected' },
    );
  });
  test('the host network cannot be left', async () => {
    await host.refused(
      'network.disconnect',
      { network: 'host', container: c('h') },
      { code: 'bad-request', field: 'network', rule: 'host-network' },
    );
  });
  test('the last network: a warning naming those that share the stack', async () => {
    const w = await host.validate('network.disconnect', { network: c('net'), container: c('a') });
    assert.deepEqual(
      w.map((x) => x.code),
      ['last-network'],
    );
    assert.match(w[0]?.message ?? '', new RegExp(c('k')));
    // Leaving none takes nothing away (Docker allows it; the container may then join others).
    assert.deepEqual(await host.allowed('network.disconnect', { network: 'none', container: c('n') }), []);
  });
});

describe('container.run', () => {
  test('container:X needs X running', async () => {
    await host.refused(
      'container.run',
      { image: TEST_IMAGE, network: `container:${c('s')}` },
      { code: 'conflict', field: 'network', rule: 'owner-not-running' },
    );
    assert.deepEqual(await host.allowed('container.run', { image: TEST_IMAGE, network: `container:${c('a')}` }), []);
  });
  test('links on the default bridge need the target running; the engine accepts them there', async () => {
    await host.refused(
      'container.run',
      { image: TEST_IMAGE, links: [{ container: c('s'), alias: 'db' }] },
      { code: 'conflict', field: 'links.0.container', rule: 'link-not-running' },
    );
    assert.deepEqual(
      await host.allowed('container.run', { image: TEST_IMAGE, links: [{ container: c('b'), alias: 'db' }] }),
      [],
    );
    assert.deepEqual(
      await host.allowed('container.run', {
        image: TEST_IMAGE,
        network: 'bridge',
        links: [{ container: c('b'), alias: 'db' }],
      }),
      [],
    );
  });
  test('links on a user network resolve only for containers on it', async () => {
    const run = (to: string) => ({ image: TEST_IMAGE, network: c('net'), links: [{ container: c(to), alias: 'db' }] });
    assert.deepEqual(await host.allowed('container.run', run('b')), ['link-not-on-network']);
    assert.deepEqual(await host.allowed('container.run', run('a')), []);
    // A stopped target is fine on a user network: the link is only a name.
    assert.deepEqual(await host.allowed('container.run', run('s')), ['link-not-on-network']);
  });
  test('the default bridge named by id gets the request-only rules too', async () => {
    const id = (await docker('network', 'inspect', '-f', '{{.Id}}', 'bridge')).trim();
    await host.refused(
      'container.run',
      { image: TEST_IMAGE, network: id.slice(0, 12), aliases: ['x'] },
      { code: 'bad-request', field: 'aliases', rule: 'default-bridge' },
    );
    const hostId = (await docker('network', 'inspect', '-f', '{{.Id}}', 'host')).trim();
    await host.refused(
      'container.run',
      { image: TEST_IMAGE, network: hostId.slice(0, 12), publish: [{ containerPort: 80, proto: 'tcp' }] },
      { code: 'bad-request', field: 'publish', rule: 'shared-netns' },
    );
  });
  test('warnings: an internal network’s ports, a DNS server on loopback', async () => {
    assert.deepEqual(
      await host.allowed('container.run', {
        image: TEST_IMAGE,
        network: c('int'),
        publish: [{ containerPort: 80, hostIp: '127.0.0.1', hostPort: 18971, proto: 'tcp' }],
      }),
      ['internal-no-route', 'publish-internal'],
    );
    assert.deepEqual(await host.allowed('container.run', { image: TEST_IMAGE, dns: ['127.0.0.1'] }), ['dns-localhost']);
  });
});
