import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContainerNode, EndpointEdge, Topology } from '../../core/model/types.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import type { GraphEdge, GraphElement, GraphNode } from './element-data.js';
import { NETWORK_COLOURS } from '../../assets/palette.js';
import { nodeByLabel, scenarioTopology } from './scenario.test.js';
import { toElements, toGraphElements } from './to-elements.js';

const t = scenarioTopology();
const kernel = toGraphElements(t, 'kernel', DEFAULT_FILTERS);
const docker = toGraphElements(t, 'docker', DEFAULT_FILTERS);
const nodes = (els: GraphElement[]): GraphNode[] => els.filter((e): e is GraphNode => e.group === 'nodes');
const edges = (els: GraphElement[]): GraphEdge[] => els.filter((e): e is GraphEdge => e.group === 'edges');
const byId = (els: GraphElement[], id: string): GraphElement | undefined => els.find((e) => e.data.id === id);
const container = (name: string): ContainerNode => nodeByLabel(t, 'container', name) as ContainerNode;
const childrenOf = (els: GraphElement[], parent: string): GraphNode[] =>
  nodes(els).filter((n) => n.data.parent === parent);

describe('toElements, both views', () => {
  test('ids are unique and every model-backed element names its model id', () => {
    const modelIds = new Set([...t.nodes.map((n) => n.id), ...t.edges.map((e) => e.id)]);
    for (const els of [kernel, docker]) {
      const ids = els.map((e) => e.data.id);
      assert.equal(new Set(ids).size, ids.length);
      for (const el of els)
        if (el.data.kind !== 'outside' && el.data.kind !== 'uplink')
          assert.ok(modelIds.has(el.data.modelId), el.data.id);
    }
    // Kiali-style: where an element draws one model element, its id is that element's id.
    const web = container('nlc-a');
    assert.equal(byId(docker, web.id)?.data.modelId, web.id);
    assert.equal(byId(kernel, web.id)?.data.modelId, web.id);
  });

  test('output is sorted and stable: boxes first, then nodes, then edges, shuffled input or not', () => {
    const shuffled: Topology = { ...t, nodes: [...t.nodes].reverse(), edges: [...t.edges].reverse() };
    assert.deepEqual(toElements(shuffled, 'kernel', DEFAULT_FILTERS), toElements(t, 'kernel', DEFAULT_FILTERS));
    assert.deepEqual(toElements(shuffled, 'docker', DEFAULT_FILTERS), toElements(t, 'docker', DEFAULT_FILTERS));
    for (const els of [kernel, docker]) {
      const firstEdge = els.findIndex((e) => e.group === 'edges');
      assert.ok(els.slice(firstEdge).every((e) => e.group === 'edges'));
      const seen = new Set<string>();
      for (const n of nodes(els)) {
        if (n.data.parent) assert.ok(seen.has(n.data.parent), `${n.data.parent} before ${n.data.id}`);
        seen.add(n.data.id);
      }
    }
  });

  test('network colours follow Carbon order, bridge first, the rest by name', () => {
    const bridge = nodeByLabel(t, 'network', 'bridge');
    const fixed = nodeByLabel(t, 'network', 'nlc-fixed');
    const host = nodeByLabel(t, 'network', 'host');
    assert.equal(byId(docker, bridge.id)?.data.color, NETWORK_COLOURS.light[0]);
    assert.equal(byId(docker, bridge.id)?.data.colorDark, NETWORK_COLOURS.dark[0]);
    // host < nlc-fixed < … < none by name, after bridge.
    assert.equal(byId(docker, host.id)?.data.color, NETWORK_COLOURS.light[1]);
    assert.equal(byId(docker, fixed.id)?.data.color, NETWORK_COLOURS.light[2]);
    // The same bridge wears its network's colour in the kernel view (principle 8).
    const docker0 = nodeByLabel(t, 'interface', 'docker0');
    assert.equal(byId(kernel, docker0.id)?.data.color, NETWORK_COLOURS.light[0]);
    // Hiding a network does not shift the others' colours.
    const filtered = toGraphElements(t, 'docker', { ...DEFAULT_FILTERS, networks: [fixed.id] });
    assert.equal(byId(filtered, fixed.id)?.data.color, NETWORK_COLOURS.light[2]);
  });
});

describe('toElements, Docker view', () => {
  test('a container on two networks: two endpoints in two boxes, one container outside both', () => {
    const two = container('nlc-two');
    const c = byId(docker, two.id) as GraphNode;
    assert.equal(c.data.parent, undefined);
    const eps = t.edges.filter((e): e is EndpointEdge => e.kind === 'endpoint' && e.source === two.id);
    assert.equal(eps.length, 2);
    const parents = eps.map((e) => (byId(docker, e.id) as GraphNode).data.parent);
    assert.deepEqual(new Set(parents), new Set(eps.map((e) => e.target)));
    for (const e of eps) {
      const link = edges(docker).find((x) => x.data.source === two.id && x.data.target === e.id);
      assert.ok(link, 'container links to its endpoint');
      // The endpoint says which interface and address the container has there; the cable says nothing.
      assert.equal(link.data.targetLabel, '');
      assert.equal(link.data.sourceLabel, '');
      const ifName = (t.nodes.find((n) => n.id === e.interface) as { name: string }).name;
      assert.equal((byId(docker, e.id) as GraphNode).data.label, `${ifName}\n${e.ipv4?.split('/')[0]}`);
      assert.equal(link.data.modelId, e.id);
    }
  });

  test('network label says name, then subnet; the gateway joins at the detail tier; internal and icc-off are marked', () => {
    const fixed = byId(docker, nodeByLabel(t, 'network', 'nlc-fixed').id) as GraphNode;
    assert.equal(fixed.data.label, 'nlc-fixed\n10.231.0.0/24');
    assert.equal(fixed.data.detailLabel, 'nlc-fixed\n10.231.0.0/24\ngw 10.231.0.1');
    assert.match((byId(docker, nodeByLabel(t, 'network', 'nlc-internal').id) as GraphNode).classes, /\binternal\b/);
    assert.match((byId(docker, nodeByLabel(t, 'network', 'nlc-noicc').id) as GraphNode).classes, /\bno-icc\b/);
  });

  test('ports plug into their container; stopped, none and host containers are marked', () => {
    const ports = container('nlc-ports');
    const plugs = edges(docker).filter((e) => e.data.kind === 'publishes' && e.data.target === ports.id);
    assert.equal(plugs.length, t.nodes.filter((n) => n.kind === 'port' && n.container === ports.id).length);
    assert.match((byId(docker, container('nlc-stopped').id) as GraphNode).classes, /\bstopped\b/);
    assert.match((byId(docker, container('nlc-none').id) as GraphNode).classes, /\bmode-none\b/);
    assert.match((byId(docker, container('nlc-host').id) as GraphNode).classes, /\bmode-host\b/);
  });
});

describe('toElements, kernel view', () => {
  test('the host is a box labelled with the hostname, holding the host interfaces', () => {
    const host = t.nodes.find((n) => n.kind === 'netns' && n.host)!;
    const box = byId(kernel, host.id) as GraphNode;
    assert.equal(box.data.kind, 'host');
    assert.equal(box.data.label, 'vm');
    const docker0 = byId(kernel, nodeByLabel(t, 'interface', 'docker0').id) as GraphNode;
    assert.equal(docker0.data.parent, host.id);
    assert.equal(docker0.data.role, 'bridge');
    assert.equal(docker0.data.label, 'docker0\n(bridge)');
  });

  test("a none container's box holds only lo; lo is hidden where there is more", () => {
    const none = container('nlc-none');
    const kids = childrenOf(kernel, none.netns!).filter((n) => n.data.kind === 'interface');
    assert.deepEqual(
      kids.map((k) => k.data.label),
      ['lo\n127.0.0.1'],
    );
    const a = container('nlc-a');
    assert.ok(!childrenOf(kernel, a.netns!).some((n) => n.data.role === 'lo'));
  });

  test('container:X shares X’s box, where both badges say their names', () => {
    const shared = container('nlc-shared');
    const a = container('nlc-a');
    assert.equal(shared.netns, a.netns);
    const box = byId(kernel, a.netns!) as GraphNode;
    // The badges name a container's box; only a namespace of no container's is titled.
    assert.equal(box.data.label, '');
    assert.match(box.classes, /\bshared\b/);
    assert.equal((byId(kernel, shared.id) as GraphNode).data.label, 'nlc-shared');
    const badges = childrenOf(kernel, a.netns!).filter((n) => n.data.kind === 'container');
    assert.deepEqual(badges.map((b) => b.data.id).sort(), [a.id, shared.id].sort());
  });

  test('host-mode containers are badges in the host box, with no cable', () => {
    const h = container('nlc-host');
    const badge = byId(kernel, h.id) as GraphNode;
    assert.equal(badge.data.parent, t.nodes.find((n) => n.kind === 'netns' && n.host)!.id);
    assert.ok(!edges(kernel).some((e) => e.data.source === h.id || e.data.target === h.id));
  });

  test('macvlan hangs off its lower link with a lower edge', () => {
    const lower = t.edges.find((e) => e.kind === 'lower')!;
    const el = byId(kernel, lower.id) as GraphEdge;
    assert.equal(el.data.kind, 'lower');
    assert.equal((byId(kernel, lower.source) as GraphNode).data.role, 'sub');
  });

  test('published ports point into the container interface; masquerade rules reach their bridges', () => {
    const pub = t.edges.filter((e) => e.kind === 'publishes');
    assert.ok(pub.length > 0);
    for (const e of pub) {
      const el = byId(kernel, e.id) as GraphEdge;
      assert.equal(el.data.target, e.target);
      assert.equal((byId(kernel, e.source) as GraphNode).data.kind, 'port');
      assert.equal(el.data.targetLabel, '', 'the veth cable labels that end already');
    }
    // IPv6 bindings without a DNAT rule belong to docker-proxy: not drawn in the kernel view.
    assert.equal(byId(kernel, 'port:tcp::::18080'), undefined);
    for (const e of t.edges.filter((x) => x.kind === 'masquerade')) {
      assert.equal(byId(kernel, e.id)?.data.kind, 'masquerade');
      assert.equal((byId(kernel, e.source) as GraphNode).data.label, 'M');
    }
  });

  test('a veth cable ends at an interface that names itself and its address; host NICs link to outside', () => {
    const a = container('nlc-a');
    const veth = edges(kernel).find(
      (e) => e.data.kind === 'veth' && e.data.target.startsWith(a.netns!.replace('netns:', 'if:')),
    )!;
    assert.equal((byId(kernel, veth.data.target) as GraphNode).data.label, 'eth0\n172.17.0.2');
    assert.match((byId(kernel, veth.data.source) as GraphNode).data.label, /^veth/);
    assert.match((byId(kernel, veth.data.source) as GraphNode).classes, /\bhost-end\b/);
    const eth0 = nodeByLabel(t, 'interface', 'eth0');
    assert.equal((byId(kernel, eth0.id) as GraphNode).data.role, 'nic');
    assert.ok(byId(kernel, `uplink:${eth0.id}`));
    assert.equal(byId(kernel, 'outside')?.data.kind, 'outside');
  });

  test('a netns no container uses is dashed (not Docker’s); unlinked rules stay hidden', () => {
    const ns = t.nodes.find((n) => n.kind === 'netns' && n.name === 'nlc-ns')!;
    assert.match((byId(kernel, ns.id) as GraphNode).classes, /\bforeign\b/);
    assert.equal(byId(kernel, 'nat:nat:PREROUTING:1'), undefined);
    assert.ok(!nodes(kernel).some((n) => n.data.kind === 'filter-rule'));
  });

  test('filters: a network filter takes its containers, namespaces and bridge with it', () => {
    const fixed = nodeByLabel(t, 'network', 'nlc-fixed');
    const els = toGraphElements(t, 'kernel', { ...DEFAULT_FILTERS, networks: [fixed.id] });
    assert.ok(byId(els, container('nlc-static').id));
    assert.ok(byId(els, container('nlc-two').id));
    assert.equal(byId(els, container('nlc-a').id), undefined);
    assert.equal(byId(els, nodeByLabel(t, 'interface', 'docker0').id), undefined);
    assert.ok(byId(els, nodeByLabel(t, 'interface', 'br-1fe6f70b0a6e').id));
    for (const e of edges(els)) assert.ok(byId(els, e.data.source) && byId(els, e.data.target), e.data.id);
  });
});

describe('toElements, missing facets', () => {
  const noFirewall: Topology = {
    ...t,
    facets: { ...t.facets, firewall: { ok: false, reason: 'iptables-save: permission denied' } },
  };

  test('the host box wears a "?" in the kernel view when a facet could not be read', () => {
    const host = nodes(toGraphElements(noFirewall, 'kernel', DEFAULT_FILTERS)).find((n) => n.data.kind === 'host');
    assert.ok(host);
    assert.match(host.data.label, /^\? /);
    assert.match(host.classes, /facet-missing/);
    const fine = nodes(kernel).find((n) => n.data.kind === 'host');
    assert.doesNotMatch(fine?.data.label ?? '', /^\?/);
    assert.doesNotMatch(fine?.classes ?? '', /facet-missing/);
  });

  test('in the Docker view the ports carry it when the firewall is unread, the networks when the kernel is', () => {
    const ports = nodes(toGraphElements(noFirewall, 'docker', DEFAULT_FILTERS)).filter((n) => n.data.kind === 'port');
    assert.ok(ports.length > 0);
    for (const p of ports) assert.match(p.classes, /facet-missing/);
    const noKernel: Topology = { ...t, facets: { ...t.facets, kernel: { ok: false, reason: 'no nsenter' } } };
    const els = nodes(toGraphElements(noKernel, 'docker', DEFAULT_FILTERS));
    for (const n of els.filter((x) => x.data.kind === 'network')) assert.match(n.classes, /facet-missing/);
    for (const n of els.filter((x) => x.data.kind === 'container')) assert.doesNotMatch(n.classes, /facet-missing/);
  });
});
