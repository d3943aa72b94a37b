import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EndpointEdge } from '../model/types.js';
import {
  HTTPD,
  IDLE,
  inspectOrNull,
  iptablesSave,
  LABELS,
  startControlServe,
  type ControlServe,
} from '../testkit/control-serve.js';
import { cleanupTestResources, containerPid, linksInPid, sh, TEST_IMAGE, TEST_LABEL } from '../testkit/test-host.js';

/** network.* through a real `netloom serve`, each effect checked with docker inspect, ip and iptables-save. */

const P = 'nlc-net-';
let s: ControlServe;

interface NetInspect {
  Id: string;
  Driver: string;
  Internal: boolean;
  Labels: Record<string, string>;
  Options: Record<string, string>;
  IPAM: { Config: { Subnet?: string; Gateway?: string; IPRange?: string }[] };
  Containers: Record<string, unknown>;
}
interface CtrInspect {
  Id: string;
  NetworkSettings: {
    Networks: Record<
      string,
      { Aliases: string[] | null; IPAMConfig: { IPv4Address?: string } | null; IPAddress: string }
    >;
  };
}

before(async () => {
  await cleanupTestResources(P);
  s = await startControlServe();
});
after(async () => {
  await s?.stop();
  await cleanupTestResources(P);
});

const bridgeOf = (id: string): string => `br-${id.slice(0, 12)}`;

describe('network.create / network.remove', { timeout: 60_000 }, () => {
  test('a bridge with subnet, gateway, range, icc off, MTU and labels; then removed', async () => {
    const name = `${P}one`;
    const a = await s.client.request('network.create', {
      name,
      driver: 'bridge',
      subnet: '10.213.1.0/24',
      gateway: '10.213.1.254',
      ipRange: '10.213.1.128/25',
      icc: false,
      mtu: 1400,
      labels: { ...LABELS, 'netloom.test.case': 'create' },
    });
    assert.ok(a.ok, JSON.stringify(a.error));
    const n = await inspectOrNull<NetInspect>('network', name);
    assert.ok(n);
    assert.equal(n.Id, a.result.id);
    assert.deepEqual(n.IPAM.Config, [{ Subnet: '10.213.1.0/24', Gateway: '10.213.1.254', IPRange: '10.213.1.128/25' }]);
    assert.equal(n.Options['com.docker.network.bridge.enable_icc'], 'false');
    assert.equal(n.Options['com.docker.network.driver.mtu'], '1400');
    assert.equal(n.Labels['netloom.test.case'], 'create');
    const link = JSON.parse(await sh('ip', ['-j', 'addr', 'show', 'dev', bridgeOf(n.Id)]))[0];
    assert.ok(link.addr_info.some((x: { local: string }) => x.local === '10.213.1.254'));
    const rules = await iptablesSave();
    assert.match(rules, new RegExp(`-A POSTROUTING -s 10\\.213\\.1\\.0/24 ! -o ${bridgeOf(n.Id)} -j MASQUERADE`));
    // The answer came after the delta that shows it, with what it did.
    assert.equal(a.result.effect.seen, true);
    assert.ok(
      a.model.nodes.some((x) => x.id === `network:${n.Id}`),
      'the client has the network when the answer comes',
    );
    assert.ok(a.seq >= (a.result.effect.seq ?? Infinity));
    const kinds = a.result.effect.items.map((i) => `${i.change} ${i.kind}`);
    assert.ok(
      kinds.includes('added network') && kinds.includes('added interface') && kinds.includes('added nat-rule'),
      kinds.join(),
    );

    const r = await s.client.request('network.remove', { network: n.Id.slice(0, 12) });
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(await inspectOrNull('network', name), null);
    assert.equal((await sh('ip', ['link', 'show', 'dev', bridgeOf(n.Id)], { reject: false })).trim(), '');
    assert.doesNotMatch(await iptablesSave(), /10\.213\.1\.0\/24/);
    assert.ok(!r.model.nodes.some((x) => x.id === `network:${n.Id}`));
    assert.ok(r.result.effect.items.some((i) => i.change === 'removed' && i.kind === 'nat-rule'));
  });

  test('an internal network has no MASQUERADE; an overlapping subnet is refused before the engine is asked', async () => {
    const name = `${P}internal`;
    const a = await s.client.request('network.create', {
      name,
      driver: 'bridge',
      subnet: '10.213.2.0/24',
      internal: true,
      labels: LABELS,
    });
    assert.ok(a.ok, JSON.stringify(a.error));
    assert.equal((await inspectOrNull<NetInspect>('network', name))?.Internal, true);
    assert.doesNotMatch(await iptablesSave(), /-s 10\.213\.2\.0\/24 .*MASQUERADE/);
    const again = await s.client.request('network.create', {
      name: `${P}overlap`,
      driver: 'bridge',
      subnet: '10.213.2.0/24',
      labels: LABELS,
    });
    assert.equal(again.ok, false);
    assert.equal(again.error?.code, 'conflict');
    assert.equal(again.error?.details?.rule, 'overlaps-network');
    assert.match(String(again.error?.message), new RegExp(`${P}internal`), 'names the network it meets');
    assert.equal(await inspectOrNull('network', `${P}overlap`), null);
    const missing = await s.client.request('network.remove', { network: `${P}nothing` });
    assert.equal(missing.error?.code, 'bad-request');
    assert.deepEqual(missing.error?.details, { field: 'network', rule: 'not-found' });
  });

  test('a macvlan network on one end of a veth pair made for the test', async () => {
    await sh('ip', ['link', 'add', `${P}v0`, 'type', 'veth', 'peer', 'name', `${P}v1`]);
    const name = `${P}mac`;
    const a = await s.client.request('network.create', {
      name,
      driver: 'macvlan',
      parent: `${P}v0`,
      subnet: '10.213.4.0/24',
      labels: LABELS,
    });
    assert.ok(a.ok, JSON.stringify(a.error));
    const n = await inspectOrNull<NetInspect>('network', name);
    assert.equal(n?.Driver, 'macvlan');
    assert.equal(n?.Options.parent, `${P}v0`);
    assert.ok(a.model.nodes.some((x) => x.kind === 'network' && x.name === name && x.parentName === `${P}v0`));
    assert.ok((await s.client.request('network.remove', { network: name })).ok);
    assert.equal(await inspectOrNull('network', name), null);
  });

  test('prune with a label removes only the unused networks that carry it', async () => {
    const label = `netloom.test.prune=${process.pid}`;
    const [k, v] = label.split('=') as [string, string];
    for (const n of ['a', 'b', 'keep']) {
      const r = await s.client.request('network.create', {
        name: `${P}prune-${n}`,
        driver: 'bridge',
        labels: { ...LABELS, ...(n === 'keep' ? {} : { [k]: v }) },
      });
      assert.ok(r.ok);
    }
    await sh('docker', [
      'run',
      '-d',
      '--name',
      `${P}prune-user`,
      '--label',
      TEST_LABEL,
      '--dns',
      '127.0.0.1',
      '--network',
      `${P}prune-b`,
      TEST_IMAGE,
      ...IDLE,
    ]);
    const preview = await s.client.request('action.preview', { method: 'network.prune', params: { label } });
    assert.ok(preview.ok);
    assert.deepEqual(preview.result.cli, [`docker network prune -f --filter label=${label}`]);
    assert.equal(preview.result.lost.length, 1);
    assert.match(preview.result.lost[0] ?? '', new RegExp(`${P}prune-a`));
    const r = await s.client.request('network.prune', { label });
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.deepEqual(r.result.removed, [`${P}prune-a`]);
    assert.equal(await inspectOrNull('network', `${P}prune-a`), null);
    assert.ok(await inspectOrNull('network', `${P}prune-b`), 'in use: kept');
    assert.ok(await inspectOrNull('network', `${P}prune-keep`), 'without the label: kept');
    assert.ok(!r.model.nodes.some((x) => x.kind === 'network' && x.name === `${P}prune-a`));
  });
});

describe('network.connect / network.disconnect', { timeout: 60_000 }, () => {
  test('connect with aliases and a static address, then disconnect', async () => {
    const net = `${P}conn`;
    assert.ok(
      (
        await s.client.request('network.create', {
          name: net,
          driver: 'bridge',
          subnet: '10.213.3.0/24',
          labels: LABELS,
        })
      ).ok,
    );
    const run = await s.client.request('container.run', {
      image: TEST_IMAGE,
      name: `${P}c1`,
      dns: ['127.0.0.1'],
      labels: LABELS,
      command: HTTPD,
    });
    assert.ok(run.ok, JSON.stringify(run.error));
    const c = await s.client.request('network.connect', {
      network: net,
      container: `${P}c1`,
      aliases: ['db', 'db.local'],
      ipv4: '10.213.3.77',
    });
    assert.ok(c.ok, JSON.stringify(c.error));
    const ctr = await inspectOrNull<CtrInspect>('container', `${P}c1`);
    const ep = ctr?.NetworkSettings.Networks[net];
    assert.equal(ep?.IPAddress, '10.213.3.77');
    assert.equal(ep?.IPAMConfig?.IPv4Address, '10.213.3.77');
    assert.ok(ep?.Aliases?.includes('db') && ep.Aliases.includes('db.local'));
    const inside = await linksInPid(await containerPid(`${P}c1`));
    assert.ok(inside.some((l) => l.addr_info?.some((x) => x.local === '10.213.3.77' && x.prefixlen === 24)));
    // The client already applied the delta that shows the endpoint when the answer came.
    const edge = c.model.edges.find(
      (e): e is EndpointEdge =>
        e.kind === 'endpoint' && e.source === `container:${ctr?.Id}` && e.ipv4 === '10.213.3.77/24',
    );
    assert.ok(edge, 'the endpoint is in the client’s model when the answer arrives');
    assert.ok(edge.interface, 'with its interface');
    const items = c.result.effect.items;
    for (const kind of ['veth', 'bridge-port', 'endpoint', 'interface', 'dns-name'])
      assert.ok(
        items.some((i) => i.change === 'added' && i.kind === kind),
        `${kind} in ${JSON.stringify(items)}`,
      );
    assert.ok(items.some((i) => i.kind === 'dns-name' && i.label === 'db'));
    assert.ok(items.some((i) => i.kind === 'interface' && i.label.includes('10.213.3.77/24')));

    const d = await s.client.request('network.disconnect', { network: net, container: ctr?.Id ?? '' });
    assert.ok(d.ok, JSON.stringify(d.error));
    assert.equal((await inspectOrNull<CtrInspect>('container', `${P}c1`))?.NetworkSettings.Networks[net], undefined);
    const after = await linksInPid(await containerPid(`${P}c1`));
    assert.ok(!after.some((l) => l.addr_info?.some((x) => x.local === '10.213.3.77')));
    assert.ok(!d.model.edges.some((e) => e.id === edge.id), 'gone from the client’s model when the answer arrives');
    assert.ok(d.result.effect.items.some((i) => i.change === 'removed' && i.kind === 'veth'));
    const again = await s.client.request('network.disconnect', { network: net, container: `${P}c1` });
    assert.equal(again.error?.code, 'conflict');
    assert.equal(again.error?.details?.rule, 'not-connected');
  });
});
