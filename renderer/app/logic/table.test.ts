import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerNode, EndpointEdge, InterfaceNode } from '../../../core/model/types.js';
import { nodeByLabel, scenarioTopology } from '../../graph/scenario.test.js';
import { DEFAULT_FILTERS } from '../../store/filters.js';
import { buildTables, type Table } from './table.js';

const t = scenarioTopology();
const table = (tables: Table[], key: Table['key']): Table => {
  const found = tables.find((x) => x.key === key);
  assert.ok(found, key);
  return found;
};
const rowOf = (tb: Table, id: string) => tb.rows.find((r) => r.id === id);

describe('table view', () => {
  test('the Docker view lists every container with its networks, IPs and ports, and every network', () => {
    const tables = buildTables(t, 'docker', DEFAULT_FILTERS, '');
    const containers = table(tables, 'containers');
    const all = t.nodes.filter((n): n is ContainerNode => n.kind === 'container');
    assert.equal(containers.rows.length, all.length);
    // Sorted by name, numerically, so rows never swap between updates.
    const names = containers.rows.map((r) => r.cells[0] as string);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
    const ports = nodeByLabel(t, 'container', 'nlc-ports') as ContainerNode;
    const row = rowOf(containers, ports.id);
    assert.ok(row);
    assert.match(row.cells[3] as string, /^bridge 172\.17\.\d+\.\d+$/);
    assert.match(row.cells[4] as string, /0\.0\.0\.0:18081→80\/tcp/);
    const stopped = nodeByLabel(t, 'container', 'nlc-stopped') as ContainerNode;
    assert.equal(rowOf(containers, stopped.id)?.state, 'exited');
    const nets = table(tables, 'networks');
    assert.equal(nets.rows.length, t.nodes.filter((n) => n.kind === 'network').length);
    const noicc = nodeByLabel(t, 'network', 'nlc-noicc');
    assert.match(rowOf(nets, noicc.id)?.cells[5] as string, /icc=false/);
    const internal = nodeByLabel(t, 'network', 'nlc-internal');
    assert.match(rowOf(nets, internal.id)?.cells[5] as string, /internal/);
  });

  test('the Kernel view lists namespaces, interfaces with their veth peer and bridge, and NAT rules', () => {
    const tables = buildTables(t, 'kernel', DEFAULT_FILTERS, '');
    const ns = table(tables, 'namespaces');
    assert.equal(ns.rows[0]?.cells[0], t.host.hostname, 'the host namespace first');
    assert.ok(ns.rows.some((r) => r.cells[1] === 'ip netns nlc-ns'));
    const ifs = table(tables, 'interfaces');
    const a = nodeByLabel(t, 'container', 'nlc-b') as ContainerNode;
    const eth0 = t.nodes.find(
      (n): n is InterfaceNode => n.kind === 'interface' && n.parent === a.netns && n.name === 'eth0',
    );
    assert.ok(eth0);
    const row = rowOf(ifs, eth0.id);
    assert.ok(row);
    assert.equal(row.cells[1], 'nlc-b');
    assert.match(row.cells[5] as string, /^veth\w+ \(vm\)$/, 'peer is the host-side end');
    const hostEnd = ifs.rows.find((r) => r.cells[0] === (row.cells[5] as string).split(' ')[0]);
    assert.equal(hostEnd?.cells[6], 'docker0', 'the host end is a port of docker0');
    const rules = table(tables, 'rules');
    assert.ok(rules.rows.some((r) => /MASQUERADE/.test(r.cells[2] as string)));
    assert.ok(!rules.rows.some((r) => r.cells[0] === 'filter'), 'filter rules are hidden by default, as in the graph');
  });

  test('filters and search apply as they do to the graph', () => {
    const fixed = nodeByLabel(t, 'network', 'nlc-fixed');
    const only = buildTables(t, 'docker', { ...DEFAULT_FILTERS, networks: [fixed.id] }, '');
    const names = table(only, 'containers').rows.map((r) => r.cells[0]);
    assert.deepEqual(names, ['nlc-static', 'nlc-stopped', 'nlc-two']);
    const running = buildTables(t, 'docker', { ...DEFAULT_FILTERS, states: ['running'] }, '');
    assert.ok(!table(running, 'containers').rows.some((r) => r.cells[0] === 'nlc-stopped'));
    const searched = buildTables(t, 'docker', DEFAULT_FILTERS, 'nlc-two');
    const hits = table(searched, 'containers').rows.filter((r) => r.hit);
    assert.deepEqual(
      hits.map((r) => r.cells[0]),
      ['nlc-two'],
    );
    // An address marks the container that owns it.
    const b = nodeByLabel(t, 'container', 'nlc-b') as ContainerNode;
    const ip = t.edges.find((e): e is EndpointEdge => e.kind === 'endpoint' && e.source === b.id)?.ipv4?.split('/')[0];
    assert.ok(ip);
    const byIp = buildTables(t, 'docker', DEFAULT_FILTERS, ip);
    assert.deepEqual(
      table(byIp, 'containers')
        .rows.filter((r) => r.hit)
        .map((r) => r.cells[0]),
      ['nlc-b'],
    );
  });
});
