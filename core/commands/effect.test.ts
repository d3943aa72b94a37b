import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TopologyIndex } from '../common/topology-index.js';
import type { Topology } from '../model/types.js';
import type { SnapshotMessage, StreamMessage } from '../protocol/messages.js';
import { fixtureJson } from '../testkit/fixtures.js';
import { EffectWatch, type LiveModel } from './effect.js';
import { effectItems } from './effect-items.js';

const after = fixtureJson<Topology>('snapshot/small-host.json');
const api = after.nodes.find((n) => n.kind === 'container' && n.name === 'nlo-fx-api')?.id ?? '';
const net = after.nodes.find((n) => n.kind === 'network' && n.name === 'nlo-fx-net')?.id ?? '';

/** The host a moment before `docker network connect nlo-fx-net nlo-fx-api`: no endpoint, no veth, no eth. */
function beforeConnect(): Topology {
  const index = TopologyIndex.of(after);
  const ep = index.endpointsOf(api).find((e) => e.target === net);
  const inner = ep?.interface ?? '';
  const outer = index.vethPeer(inner)?.id ?? '';
  const gone = new Set([inner, outer]);
  return {
    ...after,
    nodes: after.nodes.filter((n) => !gone.has(n.id)),
    edges: after.edges.filter((e) => e.id !== ep?.id && !gone.has(e.source) && !gone.has(e.target)),
  };
}

describe('effectItems', () => {
  test('what a connect added: the veth pair and its bridge port, the interface with its address, the endpoint and its DNS names', () => {
    const items = effectItems(beforeConnect(), after, [api, net]);
    const summary = items.map((i) => `${i.change} ${i.kind} ${i.label}`).sort();
    assert.deepEqual(
      summary.filter((s) => !s.startsWith('added interface') && !s.includes(' veth') && !s.includes('bridge-port')),
      [
        'added dns-name 6aeb76e2b9b1',
        'added dns-name nlo-fx-api',
        'added endpoint nlo-fx-api on nlo-fx-net 10.236.0.2/24 (aliases 6aeb76e2b9b1)',
      ],
    );
    assert.equal(items.filter((i) => i.kind === 'interface').length, 2);
    assert.ok(
      items.some((i) => i.kind === 'interface' && i.label === 'eth0 10.236.0.2/24' && i.where === 'nlo-fx-api'),
    );
    assert.ok(items.some((i) => i.kind === 'veth' && /↔ eth0$/.test(i.label)));
    const port = items.find((i) => i.kind === 'bridge-port');
    assert.match(port?.where ?? '', /^br-/);
    assert.ok(
      items.every((i) => !i.label.includes('nlo-fx-web')),
      'nothing of the other container',
    );
    assert.deepEqual(effectItems(after, after, [api, net]), [], 'no change, no items');
  });

  test('removed elements are listed from the model before', () => {
    const items = effectItems(after, beforeConnect(), [api, net]);
    assert.ok(items.length > 0 && items.every((i) => i.change === 'removed'));
  });
});

/** A live core for the watch: deltas published on demand, a refresh that publishes one. */
function fakeLive(topologies: Topology[]) {
  let seq = 1;
  let current = topologies[0] as Topology;
  const listeners = new Set<(m: StreamMessage) => void>();
  const order: string[] = [];
  let refreshes = 0;
  const publish = (t: Topology): void => {
    current = t;
    seq += 1;
    const delta: StreamMessage = {
      type: 'delta',
      seq,
      add: { nodes: [], edges: [] },
      update: { nodes: [], edges: [] },
      remove: { nodes: [], edges: [] },
      capturedAt: '',
    };
    for (const l of listeners) l(delta);
  };
  const live: LiveModel = {
    current: (): SnapshotMessage => ({ type: 'snapshot', seq, topology: current }),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    // As the live core's: resolves once a read begun after the call has been published.
    refresh: async () => {
      refreshes += 1;
      const next = topologies[refreshes];
      await new Promise((r) => setTimeout(r, 5));
      if (next) publish(next);
    },
  };
  // A connection subscribed before the action: it must get the delta before the answer.
  live.subscribe((m) => order.push(`delta ${m.seq}`));
  return { live, order, refreshes: () => refreshes, listeners, publish };
}

const hasEndpoint = (t: Topology): boolean =>
  t.edges.some((e) => e.kind === 'endpoint' && e.source === api && e.target === net);

describe('EffectWatch', () => {
  test('answers once a published model shows the change, after every subscriber got that delta', async () => {
    const { live, order, listeners } = fakeLive([beforeConnect(), after]);
    const watch = new EffectWatch(live, 1000);
    const effect = await watch.settle({ containers: ['x'] }, hasEndpoint, [api, net]);
    order.push('answer');
    assert.equal(effect.seen, true);
    assert.equal(effect.seq, 2);
    assert.deepEqual(order, ['delta 2', 'answer']);
    assert.ok(effect.items.some((i) => i.kind === 'endpoint'));
    assert.equal(listeners.size, 1, 'the watch unsubscribed');
  });

  test('a model that passed the check while the engine worked is settled by a read begun after it answered', async () => {
    // Docker makes both veth ends in the host, then moves one into the container: a read
    // between the two shows a pair that never was.
    const index = TopologyIndex.of(after);
    const inner = index.endpointsOf(api).find((e) => e.target === net)?.interface ?? '';
    const outer = index.vethPeer(inner);
    const pair = after.edges.find((e) => e.kind === 'veth' && (e.source === inner || e.target === inner));
    assert.ok(outer && pair);
    const ghost = { ...outer, id: `${outer.id}-ghost`, name: 'veth50a6c69' };
    const midway: Topology = {
      ...after,
      nodes: [...after.nodes, ghost],
      edges: [...after.edges, { ...pair, id: `${pair.id}-ghost`, source: ghost.id, target: outer.id }],
    };
    const f = fakeLive([beforeConnect(), after]);
    const watch = new EffectWatch(f.live, 1000);
    f.publish(midway);
    assert.ok(hasEndpoint(midway), 'the check already holds midway');
    const effect = await watch.settle({ containers: ['x'] }, hasEndpoint, [api, net]);
    assert.equal(f.refreshes(), 1);
    assert.equal(effect.seen, true);
    assert.ok(effect.items.some((i) => i.kind === 'veth'));
    assert.ok(!effect.items.some((i) => i.label.includes('veth50a6c69')), JSON.stringify(effect.items));
  });

  test('one that never shows it ends the bounded wait unseen', async () => {
    const never = fakeLive([beforeConnect(), beforeConnect()]);
    const t0 = Date.now();
    const effect = await new EffectWatch(never.live, 80).settle({ host: true }, hasEndpoint, [api]);
    assert.deepEqual(effect, { seen: false, seq: null, items: [] });
    assert.ok(Date.now() - t0 >= 75);
  });
});
