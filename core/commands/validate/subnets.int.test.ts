import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeVethPair, ValidationHost } from '../../testkit/validate-host.js';
import { cleanupTestResources, createNetwork, docker, inspect, runContainer, sh } from '../../testkit/test-host.js';

/**
 * Subnets and static addresses on the real engine and kernel (prefix nlv-v-s-). The
 * overlaps are confirmed with docker network inspect and ip route, not with Netloom.
 */
const P = 'nlv-v-s-';
const host = new ValidationHost(P);

before(async () => {
  await cleanupTestResources(P);
  await createNetwork(`${P}user`, ['--subnet', '10.250.16.0/24', '--gateway', '10.250.16.1']);
  await createNetwork(`${P}nogw`, ['--subnet', '10.250.17.0/24']);
  await createNetwork(`${P}auto`);
  await runContainer(`${P}a`, ['--network', `${P}user`, '--ip', '10.250.16.10']);
  await runContainer(`${P}b`, []);
  // A route of the host's own, on a veth made for the test.
  await makeVethPair(`${P}r0`, `${P}r1`, '10.250.18.1/24');
});
after(async () => {
  host.close();
  await cleanupTestResources(P);
});

interface NetInspect {
  IPAM: { Config: { Subnet: string }[] };
}

describe('a new subnet must not overlap', () => {
  test('another network: named, and confirmed by docker network inspect', async () => {
    const r = await host.refused(
      'network.create',
      { name: `${P}new`, driver: 'bridge', subnet: '10.250.16.128/25' },
      { code: 'conflict', field: 'subnet', rule: 'overlaps-network' },
    );
    assert.deepEqual(r.details.overlaps, { kind: 'network', network: `${P}user`, subnet: '10.250.16.0/24' });
    const held = await inspect<NetInspect>('network', `${P}user`);
    assert.equal(held.IPAM.Config[0]?.Subnet, '10.250.16.0/24');
  });

  test('a wider subnet that holds another network', async () => {
    await host.refused(
      'network.create',
      { name: `${P}new`, driver: 'bridge', subnet: '10.250.0.0/16' },
      { code: 'conflict', field: 'subnet', rule: 'overlaps-network' },
    );
  });

  test('a host route (one Docker itself would not refuse): named, and confirmed by ip route', async () => {
    const r = await host.refused(
      'network.create',
      { name: `${P}new`, driver: 'bridge', subnet: '10.250.18.0/25' },
      { code: 'conflict', field: 'subnet', rule: 'overlaps-route' },
    );
    assert.deepEqual(r.details.overlaps, { kind: 'route', dst: '10.250.18.0/24', dev: `${P}r0` });
    assert.match(await sh('ip', ['route', 'show', '10.250.18.0/24']), new RegExp(`dev ${P}r0`));
  });

  test('the default bridge, through its own route', async () => {
    const bridge = (await inspect<NetInspect>('network', 'bridge')).IPAM.Config[0]?.Subnet ?? '';
    const r = await host.refused(
      'network.create',
      { name: `${P}new`, driver: 'bridge', subnet: bridge },
      { code: 'conflict', field: 'subnet', rule: 'overlaps-network' },
    );
    assert.equal((r.details.overlaps as { network: string }).network, 'bridge');
  });

  test('a free subnet passes; the default route overlaps everything and is ignored', async () => {
    assert.equal(await sh('ip', ['route', 'show', '10.250.19.0/24']), '');
    assert.deepEqual(
      await host.allowed('network.create', { name: `${P}new`, driver: 'bridge', subnet: '10.250.19.0/24' }),
      [],
    );
  });
});

describe('a static address', () => {
  const connect = (network: string, ipv4: string) => ({ network: `${P}${network}`, container: `${P}b`, ipv4 });
  test('outside the subnet', async () => {
    await host.refused('network.connect', connect('user', '10.250.99.5'), {
      code: 'bad-request',
      field: 'ipv4',
      rule: 'outside-subnet',
    });
  });
  test('the network and broadcast addresses', async () => {
    for (const ip of ['10.250.16.0', '10.250.16.255'])
      await host.refused('network.connect', connect('user', ip), {
        code: 'bad-request',
        field: 'ipv4',
        rule: 'ip-reserved',
      });
  });
  test('the gateway', async () => {
    const r = await host.refused('network.connect', connect('user', '10.250.16.1'), {
      code: 'conflict',
      field: 'ipv4',
      rule: 'ip-in-use',
    });
    assert.equal(r.details.holder, 'gateway');
  });
  test('another endpoint’s address: named, and confirmed by docker inspect', async () => {
    const r = await host.refused('network.connect', connect('user', '10.250.16.10'), {
      code: 'conflict',
      field: 'ipv4',
      rule: 'ip-in-use',
    });
    assert.equal(r.details.holder, `${P}a`);
    assert.equal(
      (await docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${P}user").IPAddress}}`, `${P}a`)).trim(),
      '10.250.16.10',
    );
  });
  test('a network whose subnet Docker picked', async () => {
    const sub = (await inspect<NetInspect>('network', `${P}auto`)).IPAM.Config[0]?.Subnet ?? '';
    const ip = sub.replace(/\.0\/\d+$/, '.50');
    await host.refused('network.connect', connect('auto', ip), {
      code: 'bad-request',
      field: 'ipv4',
      rule: 'no-user-subnet',
    });
    await host.refused(
      'container.run',
      { image: 'netloom-busybox:test', network: `${P}auto`, ipv4: ip },
      { code: 'bad-request', field: 'ipv4', rule: 'no-user-subnet' },
    );
  });
  test('the default bridge, named by id', async () => {
    const id = (await inspect<{ Id: string }>('network', 'bridge')).Id;
    await host.refused(
      'container.run',
      { image: 'netloom-busybox:test', network: id.slice(0, 12), ipv4: '172.17.0.50' },
      { code: 'bad-request', field: 'ipv4', rule: 'default-bridge' },
    );
  });
  test('a free address inside a subnet given with or without a gateway passes', async () => {
    assert.deepEqual(await host.allowed('network.connect', connect('user', '10.250.16.20')), []);
    assert.deepEqual(await host.allowed('network.connect', connect('nogw', '10.250.17.20')), []);
  });
  test('an address a stopped container is configured with is a warning', async () => {
    await runContainer(`${P}c`, ['--network', `${P}nogw`, '--ip', '10.250.17.30']);
    await docker('stop', '-t', '0', `${P}c`);
    assert.deepEqual(await host.allowed('network.connect', connect('nogw', '10.250.17.30')), [
      'ip-reserved-by-stopped',
    ]);
  });
});
