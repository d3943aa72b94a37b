import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  API,
  API_ETH0,
  DOCKER0,
  NET_APP,
  NET_BRIDGE,
  WEB,
  WEB_ETH0,
  container,
  hex,
  sampleTopology,
} from '../../../core/testkit/sample-topology.js';
import { delta } from '../../client/testing/messages.js';
import { translator } from '../../i18n/instance.js';
import { ChangeAnnouncer, type Timers } from './announcer.js';
import { describeTally, emptyTally, tallyDelta } from './change-summary.js';
import { countByKind } from './node-counts.js';
import { noticesFor, screenFor, showsNoContainers } from './screens.js';
import { searchTopology } from '../../store/search.js';
import { withOwningContainers } from './search-owners.js';
import { buildTree, flatten, moveFocus, peerRow } from './tree.js';

const CACHE = hex('e');
const cid = (id: string): string => `container:${id}`;

describe('change summary', () => {
  it('counts a batch of deltas into one sentence, in both languages', () => {
    const t = sampleTopology();
    const tally = emptyTally();
    tallyDelta(
      tally,
      delta(1, { add: { nodes: [container(CACHE, 'cache'), container(hex('f'), 'db')], edges: [] } }),
      t.facets,
    );
    tallyDelta(
      tally,
      delta(2, {
        remove: { nodes: [`network:${NET_APP}`, 'if:4026532200:6'], edges: [] },
        facets: { ...t.facets, kernel: { ok: false, reason: 'not permitted' } },
      }),
      t.facets,
    );
    assert.equal(
      describeTally(tally, translator('en')),
      '2 containers added, 1 network removed, Kernel no longer readable',
    );
    assert.equal(describeTally(tally, translator('zh-CN')), '新增 2 个容器，移除 1 个网络，内核无法再读取');
    assert.equal(describeTally(emptyTally(), translator('en')), '');
  });

  it('says nothing twice about one container in one batch', () => {
    const tally = emptyTally();
    const cache = container(CACHE, 'cache');
    const db = container(hex('f'), 'db');
    tallyDelta(tally, delta(1, { add: { nodes: [cache, db], edges: [] } }), null);
    tallyDelta(tally, delta(2, { update: { nodes: [cache, container(WEB, 'web')], edges: [] } }), null);
    tallyDelta(tally, delta(3, { update: { nodes: [container(API, 'api')], edges: [] } }), null);
    tallyDelta(tally, delta(4, { remove: { nodes: [db.id, cid(API)], edges: [] } }), null);
    assert.equal(describeTally(tally, translator('en')), '1 container added, 1 container removed, 1 container changed');
  });

  it('the announcer batches deltas into one sentence per second', () => {
    const said: string[] = [];
    const pending: (() => void)[] = [];
    const timers: Timers = { set: (fn) => pending.push(fn), clear: () => undefined };
    const t = translator('en');
    const a = new ChangeAnnouncer(
      (s) => said.push(s),
      () => t,
      timers,
    );
    a.add(delta(1, { add: { nodes: [container(CACHE, 'cache')], edges: [] } }), null);
    a.add(delta(2, { add: { nodes: [container(hex('f'), 'db')], edges: [] } }), null);
    assert.equal(pending.length, 1);
    pending.shift()?.();
    assert.deepEqual(said, ['2 containers added']);
  });

  it('counts nodes by kind', () => {
    const counts = countByKind(sampleTopology());
    assert.equal(counts.get('container'), 4);
    assert.equal(counts.get('network'), 2);
  });
});

describe('screens', () => {
  const base = { connection: 'live' as const, connectionDetail: null, view: 'docker' as const };

  it('picks the broken state that replaces the canvas', () => {
    assert.deepEqual(screenFor({ ...base, connection: 'connecting', topology: null }), { kind: 'connecting' });
    assert.equal(screenFor({ ...base, connection: 'reconnecting', topology: null })?.kind, 'disconnected');
    assert.equal(screenFor({ ...base, connection: 'incompatible', topology: sampleTopology() })?.kind, 'incompatible');
    const noEngine = sampleTopology();
    noEngine.facets.docker = { ok: false, reason: 'connect ENOENT /var/run/docker.sock' };
    assert.equal(screenFor({ ...base, topology: noEngine })?.kind, 'no-engine');
    // The kernel view still works without Docker: a banner, not a blank screen.
    assert.equal(screenFor({ ...base, view: 'kernel', topology: noEngine }), null);
    assert.deepEqual(noticesFor({ ...base, view: 'kernel', topology: noEngine }, null), [
      { kind: 'facet', facet: 'docker', reason: 'connect ENOENT /var/run/docker.sock' },
    ]);
    const denied = sampleTopology();
    denied.facets.docker = { ok: false, reason: 'connect EACCES /var/run/docker.sock' };
    assert.equal(screenFor({ ...base, topology: denied })?.kind, 'no-permission');
    assert.equal(screenFor({ ...base, topology: sampleTopology() }), null);
  });

  it('suggests starting containers only when Docker answers and there are none', () => {
    const t = sampleTopology();
    assert.equal(showsNoContainers(t, null), false);
    t.nodes = t.nodes.filter((n) => n.kind !== 'container');
    assert.equal(showsNoContainers(t, null), true);
  });
});

describe('keyboard tree', () => {
  it('mirrors host → bridges → containers → interfaces, docker0 first', () => {
    const t = sampleTopology();
    const flat = flatten(buildTree(t));
    const rows = flat.map((f) => `${'  '.repeat(f.level - 1)}${f.item.text.values.name ?? f.item.text.key}`);
    assert.equal(rows[0], 'devbox');
    assert.equal(rows[1], '  docker0');
    assert.equal(flat[1]?.item.text.values.network, 'bridge');
    // api is on both bridges; sidecar shares api's namespace; old-job (stopped) by its endpoint.
    const underDocker0 = flat.filter((f) => f.parent === 1).map((f) => f.item.text.values.name);
    assert.deepEqual(underDocker0, ['api', 'old-job', 'sidecar', 'web']);
    assert.ok(flat.some((f) => f.item.id === cid(API) && f.item.key.includes(`host/if:`) && f.level === 3));
    assert.ok(flat.some((f) => f.item.text.key === 'tree.hostInterfaces'));
    // Topologies are values: a changed host is a new object (the index is kept per object).
    const withHost = flatten(
      buildTree({ ...t, nodes: [...t.nodes, container(CACHE, 'hosty', { networkMode: 'host' })] }),
    );
    const group = withHost.findIndex((f) => f.item.text.key === 'tree.otherContainers');
    assert.equal(withHost[group + 1]?.item.id, cid(CACHE));
    assert.equal(new Set(flat.map((f) => f.item.key)).size, flat.length);
  });

  it('arrows move, Left goes to the parent, P to the peer or its bridge', () => {
    const t = sampleTopology();
    const flat = flatten(buildTree(t));
    assert.equal(moveFocus(flat, 0, 'ArrowDown'), 1);
    assert.equal(moveFocus(flat, 0, 'ArrowUp'), 0);
    assert.equal(moveFocus(flat, 0, 'End'), flat.length - 1);
    assert.equal(moveFocus(flat, 0, 'x'), null);
    const eth0 = flat.findIndex((f) => f.item.id === WEB_ETH0);
    assert.ok(eth0 > 0);
    const web = moveFocus(flat, eth0, 'ArrowLeft') as number;
    assert.equal(flat[web]?.item.id, cid(WEB));
    const bridge = peerRow(flat, eth0, t);
    assert.equal(flat[bridge as number]?.item.id, DOCKER0);
    const apiEth0 = flat.findIndex((f) => f.item.id === API_ETH0);
    assert.equal(flat[peerRow(flat, apiEth0, t) as number]?.item.id, DOCKER0);
    assert.ok(NET_BRIDGE);
  });
});

describe('search', () => {
  it('an IP search offers the container that owns the address first', () => {
    const t = sampleTopology();
    const results = withOwningContainers(searchTopology(t, '172.17.0.2'), t);
    assert.equal(results[0]?.id, cid(WEB));
    assert.equal(results.filter((r) => r.id === cid(WEB)).length, 1);
    assert.ok(results.some((r) => r.id === WEB_ETH0));
  });
});
