import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTopology } from '../model/build-topology.js';
import type { RawHost } from '../model/raw-host.js';
import { TopologySchema } from '../model/schema.js';
import type { NetnsNode, Topology } from '../model/types.js';
import { fixtureJson } from '../testkit/fixtures.js';
import { reach, type ReachResult } from './reach.js';

/**
 * A router namespace between two others, as captured (fixtures/host/reach-raw.json):
 * nle-fx-p ↔ nle-fx-r ↔ nle-fx-q with routes both ways, r forwarding; nle-fx-s off r
 * with no route back to p.
 */
const raw = (): RawHost => fixtureJson<RawHost>('host/reach-raw.json');
const fresh = (): Topology => buildTopology(raw());
const t = fresh();
const ask = (src: string, dst: string, topology: Topology = t): ReachResult =>
  reach(topology, { src, dst, proto: 'icmp' });
const explain = (r: ReachResult): string => r.steps.map((s) => `[${s.kind}] ${s.text}`).join('\n');
const netns = (topology: Topology, name: string): NetnsNode => {
  const n = topology.nodes.find((x): x is NetnsNode => x.kind === 'netns' && x.name === name);
  assert.ok(n, name);
  return n;
};

describe('a router namespace between two others', () => {
  test('the model carries each namespace’s net.ipv4.ip_forward, as the helper read it inside', () => {
    assert.equal(netns(t, 'nle-fx-r').ipForward, true);
    assert.equal(TopologySchema.safeParse(t).success, true);
    // A raw host saved before the flag was read: unknown, not false.
    const old = raw();
    for (const d of old.kernel?.dumps ?? []) delete d.ipForward;
    assert.equal(netns(buildTopology(old), 'nle-fx-r').ipForward, null);
  });

  test('p reaches q through r: r routes it on by its own routes, and q has a route back', () => {
    const r = ask('nle-fx-p', 'nle-fx-q');
    assert.equal(r.verdict, 'reachable', explain(r));
    assert.equal(r.address, '10.250.11.2');
    assert.deepEqual(
      r.steps.map((s) => s.kind),
      ['route', 'veth-pair', 'forwards', 'veth-pair', 'deliver'],
      explain(r),
    );
    const hop = r.steps.find((s) => s.kind === 'forwards');
    assert.equal(hop?.params.name, 'nle-fx-r');
    assert.match(hop?.params.route ?? '', /nle-fx-vrq/);
    assert.equal(ask('nle-fx-q', 'nle-fx-p').verdict, 'reachable', 'and back');
  });

  test('with r’s ip_forward at 0 the packet stops in r: blocked, and that is the deciding fact', () => {
    const off = fresh();
    netns(off, 'nle-fx-r').ipForward = false;
    const r = ask('nle-fx-p', 'nle-fx-q', off);
    assert.equal(r.verdict, 'blocked', explain(r));
    assert.equal(r.deciding, 'net.ipv4.ip_forward = 0 in nle-fx-r');
    assert.equal(r.steps.at(-1)?.kind, 'no-forward');
  });

  test('s gets it but has no route back to p: no answer comes', () => {
    const r = ask('nle-fx-p', 'nle-fx-s');
    assert.equal(r.verdict, 'no-route', explain(r));
    const last = r.steps.at(-1);
    assert.equal(last?.kind, 'no-route-back');
    assert.equal(last?.params.address, '10.250.10.2', "p's address, the one the answer would go to");
    // r itself is on s's link: s answers r.
    assert.equal(ask('nle-fx-r', 'nle-fx-s').verdict, 'reachable');
  });

  test('a route in r that leads nowhere: no-route, named in r', () => {
    const lost = fresh();
    const r0 = netns(lost, 'nle-fx-r');
    r0.routes = r0.routes.filter((x) => !x.dst.startsWith('10.250.11.'));
    const r = ask('nle-fx-p', 'nle-fx-q', lost);
    assert.equal(r.verdict, 'no-route', explain(r));
    assert.deepEqual(r.steps.at(-1)?.params, { src: 'nle-fx-r', address: '10.250.11.2' });
  });
});
