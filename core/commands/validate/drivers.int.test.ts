import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeVethPair, ValidationHost } from '../../testkit/validate-host.js';
import { cleanupTestResources, createNetwork, docker, sh, TEST_IMAGE } from '../../testkit/test-host.js';

/**
 * Network drivers on the real engine and kernel (prefix nlv-v-d-). Parents are ends of
 * veth pairs made for the test. What the kernel has is read independently with zcat.
 */
const P = 'nlv-v-d-';
const host = new ValidationHost(P);
let config = '';
const kernelHas = (symbol: string): boolean => new RegExp(`^${symbol}=[ym]$`, 'm').test(config);

before(async () => {
  await cleanupTestResources(P);
  config = await sh('zcat', ['/proc/config.gz'], { reject: false });
  await makeVethPair(`${P}a`, `${P}b`); // a: parent of a macvlan network; b: a bridge's port
  await makeVethPair(`${P}c`, `${P}d`); // c: a free parent, MTU 1400
  await makeVethPair(`${P}e`, `${P}f`); // e: parent of a network whose parent then goes away
  await sh('ip', ['link', 'set', `${P}c`, 'mtu', '1400']);
  await sh('ip', ['link', 'add', `${P}br`, 'type', 'bridge']);
  await sh('ip', ['link', 'set', `${P}b`, 'master', `${P}br`]);
  await createNetwork(`${P}mv`, ['-d', 'macvlan', '-o', `parent=${P}a`, '--subnet', '10.250.30.0/24']);
  await createNetwork(`${P}gone`, ['-d', 'macvlan', '-o', `parent=${P}e`, '--subnet', '10.250.31.0/24']);
  await sh('ip', ['link', 'del', `${P}e`]);
});
after(async () => {
  host.close();
  await cleanupTestResources(P);
});

const create = (extra: Record<string, unknown>) => ({ name: `${P}new`, driver: 'macvlan' as const, ...extra });

describe('network.create', () => {
  test('overlay needs a swarm manager, as docker info shows there is none', async () => {
    assert.equal((await docker('info', '--format', '{{.Swarm.LocalNodeState}}')).trim(), 'inactive');
    await host.refused(
      'network.create',
      { name: `${P}new`, driver: 'overlay' },
      {
        code: 'bad-request',
        field: 'driver',
        rule: 'swarm-required',
      },
    );
  });
  test('ipvlan needs the kernel driver', async (t) => {
    if (kernelHas('CONFIG_IPVLAN')) return t.skip('this kernel has ipvlan');
    await host.refused('network.create', create({ driver: 'ipvlan', parent: `${P}c` }), {
      code: 'bad-request',
      field: 'driver',
      rule: 'driver-unsupported',
    });
  });
  test('no parent: Docker makes a dummy link, which needs the dummy driver', async (t) => {
    if (kernelHas('CONFIG_DUMMY')) return t.skip('this kernel has dummy');
    await host.refused('network.create', create({}), {
      code: 'bad-request',
      field: 'parent',
      rule: 'driver-unsupported',
    });
  });
  test('a VLAN parent needs 8021q', async (t) => {
    if (kernelHas('CONFIG_VLAN_8021Q')) return t.skip('this kernel has 8021q');
    await host.refused('network.create', create({ parent: `${P}c.10` }), {
      code: 'bad-request',
      field: 'parent',
      rule: 'driver-unsupported',
    });
  });
  test('a parent that is not there', async () => {
    await host.refused('network.create', create({ parent: `${P}zz` }), {
      code: 'bad-request',
      field: 'parent',
      rule: 'parent-missing',
    });
  });
  test('a parent that is a bridge’s port, as ip link shows', async () => {
    assert.match(await sh('ip', ['-o', 'link', 'show', `${P}b`]), new RegExp(`master ${P}br`));
    const r = await host.refused('network.create', create({ parent: `${P}b` }), {
      code: 'conflict',
      field: 'parent',
      rule: 'parent-busy',
    });
    assert.equal(r.details.holder, `${P}br`);
  });
  test('a parent another macvlan network uses', async () => {
    const r = await host.refused('network.create', create({ parent: `${P}a`, subnet: '10.250.32.0/24' }), {
      code: 'conflict',
      field: 'parent',
      rule: 'parent-in-use',
    });
    assert.equal(r.details.holder, `${P}mv`);
  });
  test('an MTU above the parent’s; at or below it, a warning that Docker’s macvlan ignores it', async () => {
    assert.match(await sh('ip', ['-o', 'link', 'show', `${P}c`]), / mtu 1400 /);
    await host.refused('network.create', create({ parent: `${P}c`, mtu: 1500 }), {
      code: 'bad-request',
      field: 'mtu',
      rule: 'mtu-above-parent',
    });
    assert.deepEqual(await host.allowed('network.create', create({ parent: `${P}c`, mtu: 1400 })), [
      'macvlan-host-isolation',
      'mtu-ignored',
    ]);
  });
  test('bridge warnings: icc off, internal', async () => {
    assert.deepEqual(
      await host.allowed('network.create', { name: `${P}new`, driver: 'bridge', icc: false, internal: true }),
      ['icc-off', 'internal-no-route'],
    );
  });
});

describe('joining an existing network', () => {
  test('a macvlan network whose parent is gone', async () => {
    assert.equal(await sh('ip', ['-o', 'link', 'show', `${P}e`], { reject: false }), '');
    await host.refused(
      'container.run',
      { image: TEST_IMAGE, network: `${P}gone` },
      {
        code: 'conflict',
        field: 'network',
        rule: 'parent-missing',
      },
    );
  });
  test('an ipvlan network the engine made although the kernel has no ipvlan', async (t) => {
    if (kernelHas('CONFIG_IPVLAN')) return t.skip('this kernel has ipvlan');
    await createNetwork(`${P}ipv`, ['-d', 'ipvlan', '-o', `parent=${P}c`, '--subnet', '10.250.33.0/24']);
    await host.refused(
      'container.run',
      { image: TEST_IMAGE, network: `${P}ipv` },
      {
        code: 'bad-request',
        field: 'network',
        rule: 'driver-unsupported',
      },
    );
  });
  test('a working macvlan network passes with its warning', async () => {
    assert.deepEqual(await host.allowed('container.run', { image: TEST_IMAGE, network: `${P}mv` }), [
      'macvlan-host-isolation',
    ]);
  });
});
