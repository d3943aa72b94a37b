import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerNode, Topology } from '../../core/model/types.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import type { GraphElement, GraphNode } from './element-data.js';
import { rackPositions } from './rack-layout.js';
import { nodeByLabel, scenarioTopology } from './scenario.test.js';
import { toGraphElements } from './to-elements.js';

const t = scenarioTopology();
const kernel = toGraphElements(t, 'kernel', DEFAULT_FILTERS);
const docker = toGraphElements(t, 'docker', DEFAULT_FILTERS);
const nodes = (els: GraphElement[]): GraphNode[] => els.filter((e): e is GraphNode => e.group === 'nodes');
const plain = (els: GraphElement[]): GraphNode[] => {
  const parents = new Set(nodes(els).map((n) => n.data.parent));
  return nodes(els).filter((n) => !parents.has(n.data.id));
};
const container = (name: string): ContainerNode => nodeByLabel(t, 'container', name) as ContainerNode;

function assertNoOverlap(els: GraphElement[], pos: ReturnType<typeof rackPositions>): void {
  const ps = plain(els).map((n) => ({ id: n.data.id, ...pos[n.data.id]! }));
  for (let i = 0; i < ps.length; i++)
    for (let j = i + 1; j < ps.length; j++) {
      const a = ps[i]!;
      const b = ps[j]!;
      assert.ok(Math.abs(a.x - b.x) >= 16 || Math.abs(a.y - b.y) >= 16, `${a.id} and ${b.id} overlap`);
    }
}

describe('rack layout', () => {
  for (const [view, els] of [
    ['kernel', kernel],
    ['docker', docker],
  ] as const) {
    test(`${view} view: every plain node gets a finite place, no two on top of each other`, () => {
      const pos = rackPositions(els, view);
      for (const n of plain(els)) {
        const p = pos[n.data.id];
        assert.ok(p && Number.isFinite(p.x) && Number.isFinite(p.y), `${n.data.id} placed`);
      }
      assertNoOverlap(els, pos);
    });

    test(`${view} view: the same elements in any order give the same places (principle 2)`, () => {
      assert.deepEqual(rackPositions([...els].reverse(), view), rackPositions(els, view));
    });
  }

  test('kernel view reads top to bottom: outside, host NIC, bridges, host veth ends, namespace boxes', () => {
    const pos = rackPositions(kernel, 'kernel');
    const byRole = (role: string): GraphNode[] => nodes(kernel).filter((n) => n.data.role === role);
    const outside = pos['outside']!;
    const nic = pos[byRole('nic')[0]!.data.id]!;
    const bridges = byRole('bridge').map((b) => ({ label: b.data.label, ...pos[b.data.id]! }));
    assert.ok(outside.y < nic.y, 'outside above the NIC');
    for (const b of bridges) assert.ok(nic.y < b.y, `${b.label} under the NIC`);
    // docker0 first, then by name, side by side.
    const order = [...bridges].sort((a, b) => a.x - b.x).map((b) => b.label.split('\n')[0]);
    assert.equal(order[0], 'docker0');
    assert.ok(new Set(bridges.map((b) => b.y)).size === 1, 'bridges in one row');

    // nlc-a's eth0 hangs under docker0, its host end on the bar's underside, the cable straight down.
    const a = container('nlc-a');
    const eth0 = nodes(kernel).find((n) => n.data.parent === a.netns && n.data.label.startsWith('eth0'))!;
    const docker0 = bridges.find((x) => x.label.startsWith('docker0'))!;
    const cable = kernel.find((e) => e.group === 'edges' && e.data.kind === 'veth' && e.data.target === eth0.data.id)!;
    const hostEnd = pos[(cable.data as { source: string }).source]!;
    assert.ok(docker0.y < hostEnd.y && hostEnd.y < pos[eth0.data.id]!.y);
    assert.equal(hostEnd.x, pos[eth0.data.id]!.x, 'the cable drops straight down');
    const others = bridges.filter((x) => x !== docker0);
    const nearest = [docker0, ...others].sort(
      (p, q) => Math.abs(p.x - pos[eth0.data.id]!.x) - Math.abs(q.x - pos[eth0.data.id]!.x),
    )[0];
    assert.equal(nearest, docker0, 'the box sits in its bridge column');
  });

  test('docker view: network boxes over their containers, ports under them', () => {
    const pos = rackPositions(docker, 'docker');
    const ports = container('nlc-ports');
    const portIds = nodes(docker)
      .filter(
        (n) =>
          n.data.kind === 'port' &&
          docker.some((e) => e.group === 'edges' && e.data.source === n.data.id && e.data.target === ports.id),
      )
      .map((n) => n.data.id);
    assert.ok(portIds.length > 0);
    for (const id of portIds) assert.ok(pos[id]!.y > pos[ports.id]!.y, 'ports under their container');
    for (const link of docker.filter((e) => e.group === 'edges' && e.data.kind === 'endpoint')) {
      const { source, target } = link.data as { source: string; target: string };
      assert.ok(pos[target]!.y < pos[source]!.y, `${target} above its container`);
    }
    const link = docker.find((e) => e.group === 'edges' && e.data.kind === 'endpoint' && e.data.source === ports.id)!;
    const ep = pos[(link.data as { target: string }).target]!;
    assert.ok(Math.abs(ep.x - pos[ports.id]!.x) < 100, 'the endpoint sits over its container');
  });

  test('a graph of 500 containers on 10 networks lays out in one pass, in a screen-like shape', () => {
    const big = syntheticHost(500, 10);
    for (const view of ['kernel', 'docker'] as const) {
      const els = toGraphElements(big, view, DEFAULT_FILTERS);
      const pos = rackPositions(els, view);
      const xs = Object.values(pos).map((p) => p.x);
      const ys = Object.values(pos).map((p) => p.y);
      const w = Math.max(...xs) - Math.min(...xs);
      const h = Math.max(...ys) - Math.min(...ys);
      assert.ok(w / h > 0.5 && w / h < 6, `${view}: ${w.toFixed(0)} × ${h.toFixed(0)}`);
      assert.equal(plain(els).filter((n) => pos[n.data.id] === undefined).length, 0);
    }
  });
});

/** The scenario's first bridge network and container, cloned n times over k networks. */
function syntheticHost(n: number, k: number): Topology {
  const base = scenarioTopology();
  const hostNs = base.nodes.find((x) => x.kind === 'netns' && x.host)!;
  const nodesOut: Topology['nodes'] = [hostNs];
  const edgesOut: Topology['edges'] = [];
  for (let j = 0; j < k; j++) {
    nodesOut.push(
      {
        ...nodeByLabel(base, 'network', 'bridge'),
        id: `network:n${j}`,
        label: `n${j}`,
        name: `n${j}`,
        bridge: `if:h:br${j}`,
        bridgeName: `br${j}`,
      } as never,
      {
        kind: 'interface',
        id: `if:h:br${j}`,
        label: `br${j}`,
        parent: hostNs.id,
        name: `br${j}`,
        ifindex: 1000 + j,
        type: 'bridge',
        mac: null,
        mtu: 1500,
        up: true,
        operstate: 'UP',
        addresses: [`10.${j}.0.1/16`],
        master: null,
      } as never,
    );
  }
  for (let i = 0; i < n; i++) {
    const j = i % k;
    const ns = `netns:${9000 + i}`;
    nodesOut.push(
      { kind: 'netns', id: ns, label: ns, inode: 9000 + i, host: false, name: null, routes: [] } as never,
      { ...container('nlc-b'), id: `container:c${i}`, label: `c${i}`, name: `c${i}`, netns: ns } as never,
      {
        kind: 'interface',
        id: `if:${i}:eth0`,
        label: 'eth0',
        parent: ns,
        name: 'eth0',
        ifindex: 2,
        type: 'veth',
        mac: null,
        mtu: 1500,
        up: true,
        operstate: 'UP',
        addresses: [`10.${j}.${Math.floor(i / 250)}.${i % 250}/16`],
        master: null,
      } as never,
      {
        kind: 'interface',
        id: `if:h:v${i}`,
        label: `v${i}`,
        parent: hostNs.id,
        name: `v${i}`,
        ifindex: 5000 + i,
        type: 'veth',
        mac: null,
        mtu: 1500,
        up: true,
        operstate: 'UP',
        addresses: [],
        master: `if:h:br${j}`,
      } as never,
    );
    edgesOut.push(
      { kind: 'veth', id: `veth:${i}`, source: `if:h:v${i}`, target: `if:${i}:eth0` } as never,
      { kind: 'bridge-port', id: `port:${i}`, source: `if:h:v${i}`, target: `if:h:br${j}` } as never,
      {
        kind: 'endpoint',
        id: `ep:${i}`,
        source: `container:c${i}`,
        target: `network:n${j}`,
        interface: `if:${i}:eth0`,
        ipv4: `10.${j}.0.${i}/16`,
        ipv6: null,
        mac: null,
        aliases: [],
        dnsNames: [],
        gateway: null,
        endpointId: null,
      } as never,
    );
  }
  return { ...base, nodes: nodesOut, edges: edgesOut };
}
