import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ValidationHost } from '../../testkit/validate-host.js';
import {
  cleanupTestResources,
  createNetwork,
  docker,
  inspect,
  runContainer,
  TEST_IMAGE,
} from '../../testkit/test-host.js';

/** Names, references and images, on the real engine (prefix nlv-v-n-). */
const P = 'nlv-v-n-';
const host = new ValidationHost(P);
let netId = '';

before(async () => {
  await cleanupTestResources(P);
  netId = await createNetwork(`${P}net`);
  await runContainer(`${P}web`, []);
});
after(async () => {
  host.close();
  await cleanupTestResources(P);
});

describe('names already taken', () => {
  test('a network name in use is a conflict naming the holder', async () => {
    const r = await host.refused(
      'network.create',
      { name: `${P}net`, driver: 'bridge' },
      { code: 'conflict', field: 'name', rule: 'name-taken' },
    );
    assert.equal(r.details.holder, netId);
    assert.match(r.message, new RegExp(`${P}net`));
  });

  test('a container name in use is a conflict', async () => {
    const id = (await docker('inspect', '-f', '{{.Id}}', `${P}web`)).trim();
    const r = await host.refused(
      'container.run',
      { image: TEST_IMAGE, name: `${P}web` },
      { code: 'conflict', field: 'name', rule: 'name-taken' },
    );
    assert.equal(r.details.holder, id);
  });

  test('an id prefix is not a name: a free name that starts an id is free', async () => {
    assert.deepEqual(await host.allowed('network.create', { name: netId.slice(0, 12), driver: 'bridge' }), []);
  });
});

describe('Docker’s own networks', () => {
  for (const name of ['bridge', 'host', 'none'])
    test(`${name} cannot be created`, async () => {
      await host.refused(
        'network.create',
        { name, driver: 'bridge' },
        { code: 'bad-request', field: 'name', rule: 'predefined' },
      );
    });

  test('bridge cannot be removed, named by its id prefix', async () => {
    const id = (await inspect<{ Id: string }>('network', 'bridge')).Id;
    await host.refused(
      'network.remove',
      { network: id.slice(0, 12) },
      { code: 'bad-request', field: 'network', rule: 'predefined' },
    );
    // Ground truth: it is still there.
    assert.equal((await inspect<{ Name: string }>('network', id)).Name, 'bridge');
  });
});

describe('references must exist', () => {
  const missing = `${P}nosuch`;
  test('network.connect: the network, then the container', async () => {
    await host.refused(
      'network.connect',
      { network: missing, container: `${P}web` },
      { code: 'bad-request', field: 'network', rule: 'not-found' },
    );
    await host.refused(
      'network.connect',
      { network: `${P}net`, container: missing },
      { code: 'bad-request', field: 'container', rule: 'not-found' },
    );
  });
  test('network.remove and network.disconnect', async () => {
    await host.refused(
      'network.remove',
      { network: missing },
      { code: 'bad-request', field: 'network', rule: 'not-found' },
    );
    await host.refused(
      'network.disconnect',
      { network: `${P}net`, container: missing },
      { code: 'bad-request', field: 'container', rule: 'not-found' },
    );
  });
  test('container actions', async () => {
    for (const method of ['container.start', 'container.stop', 'container.restart', 'container.remove'] as const)
      await host.refused(
        method,
        { container: missing },
        { code: 'bad-request', field: 'container', rule: 'not-found' },
      );
    await host.refused(
      'container.publish',
      { container: missing, publish: [{ containerPort: 80, proto: 'tcp' }] },
      { code: 'bad-request', field: 'container', rule: 'not-found' },
    );
  });
  test('container.run: its network, a container: owner, a link', async () => {
    await host.refused(
      'container.run',
      { image: TEST_IMAGE, network: missing },
      { code: 'bad-request', field: 'network', rule: 'not-found' },
    );
    await host.refused(
      'container.run',
      { image: TEST_IMAGE, network: `container:${missing}` },
      { code: 'bad-request', field: 'network', rule: 'not-found' },
    );
    await host.refused(
      'container.run',
      {
        image: TEST_IMAGE,
        links: [
          { container: `${P}web`, alias: 'w' },
          { container: missing, alias: 'x' },
        ],
      },
      { code: 'bad-request', field: 'links.1.container', rule: 'not-found' },
    );
  });
  test('a container named by a unique id prefix is found', async () => {
    const id = (await docker('inspect', '-f', '{{.Id}}', `${P}web`)).trim();
    assert.deepEqual(await host.allowed('container.start', { container: id.slice(0, 10) }), ['already-running']);
  });
});

describe('images', () => {
  test('an image that is not here is refused: Netloom never pulls', async () => {
    const image = 'nlv-v-n-missing:1.0';
    const r = await host.refused(
      'container.run',
      { image },
      { code: 'bad-request', field: 'image', rule: 'image-missing' },
    );
    assert.match(r.message, /docker pull nlv-v-n-missing:1\.0/);
    // Ground truth: the engine has no such image, and still has none afterwards.
    assert.equal(await docker('images', '-q', image), '');
  });
  test('a local image by name or id passes', async () => {
    const id = (await docker('image', 'inspect', '-f', '{{.Id}}', TEST_IMAGE)).trim();
    assert.deepEqual(await host.allowed('container.run', { image: TEST_IMAGE, name: `${P}new` }), []);
    assert.deepEqual(await host.allowed('container.run', { image: id.replace('sha256:', '').slice(0, 12) }), []);
  });
});

describe('an id prefix several share', () => {
  /** A one-character prefix that at least two ids start with, making more of ours until there is one. */
  async function sharedPrefix(list: () => Promise<string>, make: (i: number) => Promise<unknown>): Promise<string> {
    for (let i = 0; i < 17; i++) {
      const counts = new Map<string, number>();
      for (const id of (await list()).split('\n').filter(Boolean))
        counts.set(id[0] ?? '', (counts.get(id[0] ?? '') ?? 0) + 1);
      const hit = [...counts].find(([, n]) => n > 1);
      if (hit) return hit[0];
      await make(i);
    }
    throw new Error('17 ids and no shared first digit');
  }
  test('is a bad request naming the field, not an engine failure', async () => {
    const net = await sharedPrefix(
      () => docker('network', 'ls', '-q', '--no-trunc'),
      (i) => createNetwork(`${P}amb${i}`),
    );
    await host.refused(
      'network.remove',
      { network: net },
      { code: 'bad-request', field: 'network', rule: 'ambiguous' },
    );
    const ctr = await sharedPrefix(
      () => docker('ps', '-aq', '--no-trunc'),
      (i) => docker('create', '--name', `${P}amb${i}`, '--label', 'netloom.test=1', TEST_IMAGE),
    );
    await host.refused(
      'network.connect',
      { network: `${P}net`, container: ctr },
      { code: 'bad-request', field: 'container', rule: 'ambiguous' },
    );
  });
});
