import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DeltaMessage } from '../../core/protocol/messages.js';
import type { Topology } from '../../core/model/types.js';
import type { StateListener, TopologyListener } from '../client/topology-client.js';
import { scenarioTopology } from '../graph/scenario.test.js';
import { attachClientTo, createAppStore } from './app-store.js';
import { DEFAULT_FILTERS, visibleIds } from './filters.js';
import { PREFS_KEY, parsePrefs } from './prefs.js';
import { searchTopology } from './search.js';

function fakeClient() {
  let topo: TopologyListener = () => {};
  let state: StateListener = () => {};
  return {
    seq: 7 as number | null,
    onTopology: (l: TopologyListener) => ((topo = l), () => (topo = () => {})),
    onState: (l: StateListener) => ((state = l), () => (state = () => {})),
    emit: (t: Topology, change: Parameters<TopologyListener>[1]) => topo(t, change),
    emitState: (s: Parameters<StateListener>[0], d: string | null) => state(s, d),
  };
}

const memory = () => {
  const map = new Map<string, string>();
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
};

describe('app store', () => {
  test('a snapshot replaces the topology and bumps the generation; a delta records what it touched', () => {
    const store = createAppStore(null);
    const client = fakeClient();
    const detach = attachClientTo(store, client, () => 1234);
    const t = scenarioTopology();
    client.emit(t, { kind: 'snapshot' });
    let s = store.getState();
    assert.equal(s.topology, t);
    assert.equal(s.snapshotGeneration, 1);
    assert.equal(s.lastDelta, null);
    assert.equal(s.seq, 7);
    const delta: DeltaMessage = {
      type: 'delta',
      seq: 8,
      add: { nodes: [], edges: [] },
      update: { nodes: [t.nodes[0]!], edges: [] },
      remove: { nodes: ['gone'], edges: ['gone-edge'] },
      capturedAt: t.capturedAt,
    };
    client.emit(t, { kind: 'delta', delta });
    s = store.getState();
    assert.equal(s.lastDelta, delta);
    assert.equal(s.seq, 8);
    assert.equal(s.snapshotGeneration, 1);
    assert.deepEqual(s.recent, { added: [], updated: [t.nodes[0]!.id], removed: ['gone', 'gone-edge'], at: 1234 });
    client.emitState('reconnecting', 'socket closed');
    assert.equal(store.getState().connection, 'reconnecting');
    assert.equal(store.getState().connectionDetail, 'socket closed');
    client.emit(t, { kind: 'snapshot' });
    assert.equal(store.getState().lastDelta, null);
    assert.equal(store.getState().snapshotGeneration, 2);
    detach();
  });

  test('selector subscriptions fire for the graph adapter outside React', () => {
    const store = createAppStore(null);
    const seen: string[] = [];
    const off = store.subscribe(
      (s) => s.view,
      (v) => seen.push(v),
    );
    store.getState().setView('docker');
    store.getState().select('x');
    store.getState().setView('kernel');
    off();
    assert.deepEqual(seen, ['docker', 'kernel']);
  });

  test('re-layout requests, the table display and the focus ring are store state the graph follows', () => {
    const store = createAppStore(null);
    const seen: number[] = [];
    store.subscribe(
      (s) => s.layoutGeneration,
      (g) => seen.push(g),
    );
    store.getState().requestRelayout();
    store.getState().requestRelayout();
    assert.deepEqual(seen, [1, 2]);
    assert.equal(store.getState().display, 'graph');
    store.getState().setDisplay('table');
    assert.equal(store.getState().display, 'table');
    store.getState().setFocusRing('container:abc');
    assert.equal(store.getState().focusRing, 'container:abc');
  });

  test('view, theme, language and the table display persist; filters merge', () => {
    const storage = memory();
    const store = createAppStore(storage);
    store.getState().setView('docker');
    store.getState().setTheme('dark');
    store.getState().setLanguage('zh-CN');
    assert.deepEqual(JSON.parse(storage.map.get(PREFS_KEY)!), {
      view: 'docker',
      theme: 'dark',
      language: 'zh-CN',
      display: 'graph',
    });
    store.getState().setDisplay('table');
    const again = createAppStore(storage).getState();
    assert.equal(again.view, 'docker');
    assert.equal(again.theme, 'dark');
    assert.equal(again.display, 'table');
    store.getState().setFilters({ states: ['running'] });
    assert.deepEqual(store.getState().filters, { ...DEFAULT_FILTERS, states: ['running'] });
    assert.deepEqual(
      parsePrefs('{"view":"nope","theme":"dark","display":"$(rm -rf /)"}', {
        view: 'kernel',
        theme: 'light',
        language: 'en',
        display: 'graph',
      }),
      { view: 'kernel', theme: 'dark', language: 'en', display: 'graph' },
    );
  });
});

describe('filters → visible ids', () => {
  const t = scenarioTopology();
  const id = (kind: string, label: string) => t.nodes.find((n) => n.kind === kind && n.label === label)!.id;

  test('defaults show everything but filter rules', () => {
    const v = visibleIds(t, DEFAULT_FILTERS);
    for (const n of t.nodes) assert.equal(v.has(n.id), n.kind !== 'filter-rule', n.id);
  });

  test('a state filter hides stopped containers; a kind filter hides that kind', () => {
    const v = visibleIds(t, { ...DEFAULT_FILTERS, states: ['running'] });
    assert.ok(!v.has(id('container', 'nlc-stopped')));
    assert.ok(v.has(id('container', 'nlc-a')));
    const noPorts = visibleIds(t, { ...DEFAULT_FILTERS, hiddenKinds: ['port'] });
    assert.ok(!t.nodes.some((n) => n.kind === 'port' && noPorts.has(n.id)));
  });

  test('a network filter keeps its containers (and container:X followers), drops other bridges', () => {
    const v = visibleIds(t, { ...DEFAULT_FILTERS, networks: [id('network', 'bridge')] });
    assert.ok(v.has(id('container', 'nlc-a')));
    assert.ok(v.has(id('container', 'nlc-shared')));
    assert.ok(!v.has(id('container', 'nlc-static')));
    assert.ok(v.has(id('interface', 'docker0')));
    assert.ok(!v.has(id('interface', 'br-1fe6f70b0a6e')));
    assert.ok(!v.has(id('network', 'nlc-fixed')));
  });
});

describe('searchTopology', () => {
  const t = scenarioTopology();
  const top = (q: string) => searchTopology(t, q)[0];

  test('names: exact beats prefix beats substring', () => {
    const r = searchTopology(t, 'nlc-a');
    assert.equal(r[0]!.label, 'nlc-a');
    assert.equal(r[0]!.kind, 'container');
    assert.ok(r.some((x) => x.label === 'nlc-shared') === false || r.findIndex((x) => x.label === 'nlc-shared') > 0);
    assert.equal(top('docker0')?.kind, 'interface');
  });

  test('IPv4, IPv6, CIDR text', () => {
    const ip = searchTopology(t, '172.17.0.2');
    assert.equal(ip[0]!.why, 'IP 172.17.0.2/16');
    assert.ok(ip.some((x) => x.kind === 'endpoint'));
    assert.equal(top('fd00::2')?.label, 'eth0');
    const subnet = searchTopology(t, '10.231.0.0/24');
    assert.equal(subnet[0]!.kind, 'network');
    assert.ok(
      subnet.some((x) => x.why === 'IP 10.231.0.50/24'),
      'addresses inside the CIDR',
    );
    assert.ok(!subnet.some((x) => x.why.startsWith('IP 172.')));
  });

  test('MAC, case-insensitive', () => {
    const r = searchTopology(t, '02:42:AC:11:00:05');
    assert.equal(r[0]!.why, 'MAC 02:42:ac:11:00:05');
  });

  test('ports: number and number/proto', () => {
    const r = searchTopology(t, '19000');
    assert.equal(r[0]!.kind, 'port');
    assert.match(r[0]!.why, /^host port 19000\/tcp/);
    assert.deepEqual(searchTopology(t, '15300/tcp'), []);
    assert.equal(searchTopology(t, '15300/udp')[0]!.id, 'port:udp:127.0.0.1:15300');
    assert.ok(searchTopology(t, '80').some((x) => x.why === 'container port 80/tcp'));
  });

  test('container short ids', () => {
    const a = t.nodes.find((n) => n.kind === 'container' && n.label === 'nlc-a');
    assert.equal(top('e8b98d3d6f08')?.id, a!.id);
    assert.equal(top('e8b98')?.id, a!.id);
    assert.deepEqual(searchTopology(t, '   '), []);
  });
});
