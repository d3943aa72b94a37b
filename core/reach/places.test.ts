import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TopologyIndex } from '../common/topology-index.js';
import { buildTopology } from '../model/build-topology.js';
import type { RawHost } from '../model/raw-host.js';
import { TopologySchema } from '../model/schema.js';
import type { ContainerNode, Topology } from '../model/types.js';
import { fixtureJson } from '../testkit/fixtures.js';
import { diagnose } from './diagnose.js';
import { reachMatrix, resolveName } from './matrix.js';
import { findContainer, findPlace } from './places.js';
import { reach, type ReachResult } from './reach.js';

/** fixtures/host/reach-raw.json: plain namespaces, legacy links, a way out (core/testkit/capture-reach-host.ts). */
const raw = (): RawHost => fixtureJson<RawHost>('host/reach-raw.json');
const t = buildTopology(raw());
const index = TopologyIndex.of(t);
const ask = (src: string, dst: string, topology: Topology = t): ReachResult =>
  reach(topology, { src, dst, proto: 'icmp' });
const explain = (r: ReachResult): string => r.steps.map((s) => `[${s.kind}] ${s.text}`).join('\n');
const container = (name: string, i: TopologyIndex = index): ContainerNode => {
  const c = findContainer(i, name);
  assert.ok(c, name);
  return c;
};

describe('a plain namespace by its ip netns name', () => {
  test('found by name, after host, outside and containers; an unknown name says what was looked for', () => {
    const a = findPlace(index, 'nle-fx-a');
    assert.ok(typeof a !== 'string' && a.netns?.name === 'nle-fx-a' && a.container === null);
    assert.equal(findPlace(index, 'nle-fx-nothing'), 'no container or named namespace "nle-fx-nothing"');
    // outside is a source too (a client beyond the host), but not both ends.
    assert.throws(() => ask('outside', 'outside'), /outside to outside/);
  });

  test('two namespaces joined by one veth: straight across, no bridge, both ways', () => {
    for (const [src, dst, address] of [
      ['nle-fx-a', 'nle-fx-b', '10.250.1.2'],
      // b's end said DOWN when read (the kernel's operstate lags up to a second): both ends are up.
      ['nle-fx-b', 'nle-fx-a', '10.250.1.1'],
    ] as const) {
      const r = ask(src, dst);
      assert.equal(r.verdict, 'reachable', explain(r));
      assert.equal(r.address, address);
      assert.deepEqual(
        r.steps.map((s) => s.kind),
        ['route', 'veth-pair', 'deliver'],
      );
      assert.equal(r.steps[1]?.params.name, dst);
    }
  });

  test("by a's route via b, to an address of b a has no route to, and over a veth whose far end is down", () => {
    assert.equal(ask('nle-fx-a', '10.250.8.2').verdict, 'reachable');
    assert.equal(ask('nle-fx-a', '10.250.8.2').steps.at(-1)?.params.name, 'nle-fx-b', 'its owner by name');
    const none = ask('nle-fx-a', '10.250.9.2');
    assert.equal(none.verdict, 'no-route', explain(none));
    assert.equal(none.steps.at(-1)?.kind, 'no-route');
    const down = ask('nle-fx-a', 'nle-fx-d');
    assert.equal(down.verdict, 'no-route', explain(down));
    assert.equal(down.steps.at(-1)?.kind, 'link-down');
    assert.equal(down.steps.at(-1)?.params.dev, 'nle-fx-vc');
  });

  test('a namespace hanging off the host by its own veth: INPUT to the host, OUTPUT back, at the shared link', () => {
    const up = ask('nle-fx-c', 'host');
    assert.equal(up.verdict, 'reachable', explain(up));
    assert.equal(up.address, '10.250.2.1', "the host's address on the link they share");
    assert.deepEqual(
      up.steps.map((s) => s.kind),
      ['route', 'veth-pair', 'policy', 'deliver-host'],
    );
    assert.equal(up.steps.at(-1)?.params.dev, 'nle-fx-hh');
    const down = ask('host', 'nle-fx-c');
    assert.equal(down.verdict, 'reachable', explain(down));
    assert.equal(down.address, '10.250.2.2');
  });

  test('a namespace that does not hold the address routes it on by its own ip_forward and routes', () => {
    const r = ask('nle-fx-b', '10.250.6.2');
    assert.equal(r.steps.at(-1)?.kind, 'no-route', 'b has no route to a ↔ d');
    const via = buildTopology(raw());
    const b = via.nodes.find((n) => n.kind === 'netns' && n.name === 'nle-fx-b');
    assert.ok(b?.kind === 'netns');
    b.routes.push({ ...(b.routes[0] as (typeof b.routes)[0]), dst: '10.250.6.0/24', gateway: '10.250.1.1' });
    const on = ask('nle-fx-b', '10.250.6.2', via);
    // a forwards (ip_forward 1 as captured), by its link to d, whose end is down.
    assert.deepEqual(
      on.steps.map((x) => x.kind),
      ['route', 'veth-pair', 'forwards', 'link-down'],
      explain(on),
    );
    // A namespace whose ip_forward was not read: the walk stops there and says so.
    const a = via.nodes.find((n) => n.kind === 'netns' && n.name === 'nle-fx-a');
    assert.ok(a?.kind === 'netns');
    a.ipForward = null;
    const unknown = ask('nle-fx-b', '10.250.6.2', via);
    assert.equal(unknown.steps.at(-1)?.kind, 'passes-through', explain(unknown));
    assert.equal(unknown.steps.at(-1)?.params.name, 'nle-fx-a');
  });
});

describe('legacy links: /etc/hosts entries, one way', () => {
  test('the model carries HostConfig.Links as container ids and aliases; documents still validate', () => {
    const app = container('nle-fx-app');
    assert.deepEqual(app.links, [
      { container: container('nle-fx-db').id, alias: 'db' },
      { container: container('nle-fx-web').id, alias: 'nle-fx-web' },
    ]);
    assert.deepEqual(container('nle-fx-db').links, []);
    assert.equal(TopologySchema.safeParse(t).success, true);
    // A raw host saved before links were read builds with none.
    const old = raw();
    for (const c of old.docker?.containers ?? []) delete (c as Partial<typeof c>).links;
    assert.deepEqual(container('nle-fx-app', TopologyIndex.of(buildTopology(old))).links, []);
  });

  test("app finds db by its alias, name and short id, at db's address on the default bridge; db finds nothing", () => {
    const app = container('nle-fx-app');
    const db = container('nle-fx-db');
    for (const name of ['db', 'nle-fx-db', db.shortId])
      assert.deepEqual(resolveName(index, app, name), {
        src: 'nle-fx-app',
        name,
        address: '172.17.0.2',
        via: 'hosts-file',
      });
    assert.equal(resolveName(index, app, 'nle-fx-web').address, '172.17.0.3');
    assert.deepEqual(resolveName(index, db, 'nle-fx-app'), {
      src: 'nle-fx-db',
      name: 'nle-fx-app',
      address: null,
      via: null,
    });
    assert.equal(resolveName(index, container('nle-fx-web'), 'db').via, null);
  });

  test('a linked container that is not running has no line to give; the matrix lists the aliases', () => {
    const stopped = buildTopology(raw());
    const db = stopped.nodes.find((n) => n.kind === 'container' && n.name === 'nle-fx-db');
    assert.ok(db?.kind === 'container');
    db.state = 'exited';
    const i = TopologyIndex.of(stopped);
    assert.equal(resolveName(i, container('nle-fx-app', i), 'db').address, null);
    const names = reachMatrix(t).names;
    assert.deepEqual(
      names
        .filter((n) => n.name === 'db')
        .map((n) => [n.src, n.via])
        .sort(),
      [
        ['nle-fx-app', 'hosts-file'],
        ['nle-fx-db', null],
        ['nle-fx-nm', null],
        ['nle-fx-u', null],
        ['nle-fx-ul', null],
        ['nle-fx-web', null],
      ],
    );
  });
});

describe('links on a user-defined network: an embedded-DNS name, one way', () => {
  test('the endpoint carries the link (the engine keeps it there, not in HostConfig)', () => {
    const ul = container('nle-fx-ul');
    const ep = index.endpointsOf(ul.id)[0];
    assert.deepEqual(ep?.links, [{ container: container('nle-fx-u').id, alias: 'peer' }]);
    assert.deepEqual(ul.links, [], 'no /etc/hosts line');
    assert.deepEqual(index.endpointsOf(container('nle-fx-u').id)[0]?.links, []);
  });

  test("ul finds u as peer at u's address on the network; u does not find peer, and neither does app", () => {
    assert.deepEqual(resolveName(index, container('nle-fx-ul'), 'peer'), {
      src: 'nle-fx-ul',
      name: 'peer',
      address: '10.250.4.2',
      via: 'embedded-dns',
    });
    assert.equal(resolveName(index, container('nle-fx-u'), 'peer').address, null);
    assert.equal(resolveName(index, container('nle-fx-app'), 'peer').address, null);
    // u's own name still resolves for both, as on any user network.
    assert.equal(resolveName(index, container('nle-fx-ul'), 'nle-fx-u').address, '10.250.4.2');
    const peer = reachMatrix(t).names.filter((n) => n.name === 'peer' && n.address !== null);
    assert.deepEqual(peer, [{ src: 'nle-fx-ul', name: 'peer', address: '10.250.4.2', via: 'embedded-dns' }]);
  });

  test('`netloom reach ul peer --by name` walks to u by that name; from u the name is unknown', async () => {
    const byName = (src: string) => diagnose(t, { src, dst: 'peer', proto: 'icmp', port: null, by: 'name' }, false);
    const r = await byName('nle-fx-ul');
    assert.equal(r.verdict, 'reachable', explain(r));
    assert.equal(r.address, '10.250.4.2');
    assert.equal(r.steps[0]?.kind, 'name');
    assert.equal(r.steps[0]?.params.via, 'embedded-dns');
    const back = await byName('nle-fx-u');
    assert.equal(back.verdict, 'no-route');
    assert.equal(back.steps[0]?.kind, 'no-name');
  });
});
