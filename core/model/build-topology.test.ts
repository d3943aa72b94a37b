import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KernelLink, NetnsDump } from '../kernel/ip-json.js';
import { fixtureJson } from '../testkit/fixtures.js';
import { buildTopology } from './build-topology.js';
import type { RawHost } from './raw-host.js';
import { checkReferences, TopologySchema } from './schema.js';
import type { ContainerNode, EndpointEdge, InterfaceNode, NetworkNode, Topology, TopologyEdge } from './types.js';

/** The builder on the raw reads of a real host running the test scenario (prefix nlc-). */

const raw = (): RawHost => fixtureJson<RawHost>('host/scenario-raw.json');
const edges = <K extends TopologyEdge['kind']>(t: Topology, kind: K) =>
  t.edges.filter((e): e is Extract<TopologyEdge, { kind: K }> => e.kind === kind);
const node = <T>(t: Topology, id: string | null | undefined): T => {
  const n = t.nodes.find((x) => x.id === id);
  assert.ok(n, `node ${id}`);
  return n as T;
};
const containerByName = (t: Topology, name: string) =>
  t.nodes.find((n): n is ContainerNode => n.kind === 'container' && n.name === name) as ContainerNode;
const networkByName = (t: Topology, name: string) =>
  t.nodes.find((n): n is NetworkNode => n.kind === 'network' && n.name === name) as NetworkNode;
const vethPeer = (t: Topology, id: string) => {
  const e = edges(t, 'veth').find((v) => v.source === id || v.target === id);
  return e && (e.source === id ? e.target : e.source);
};

function link(ifindex: number, name: string, extra: Partial<KernelLink> = {}): KernelLink {
  return {
    ifindex,
    name,
    flags: ['UP'],
    up: true,
    mtu: 1500,
    operstate: 'UP',
    linkType: 'ether',
    mac: null,
    master: null,
    linkIndex: null,
    linkName: null,
    linkNetnsid: null,
    kind: null,
    slaveKind: null,
    addresses: [],
    ...extra,
  };
}

function dump(inode: number, links: KernelLink[], extra: Partial<NetnsDump> = {}): NetnsDump {
  return { target: `/x/${inode}`, inode, nsid: null, hostNsid: null, links, routes: [], ...extra };
}

describe('buildTopology on a captured host', () => {
  const t = buildTopology(raw());

  test('fits the schema with every reference resolved', () => {
    const r = TopologySchema.safeParse(t);
    assert.ok(r.success, r.success ? '' : JSON.stringify(r.error.issues.slice(0, 3)));
    assert.deepEqual(checkReferences(t), []);
  });

  test('Docker and kernel facts agree: each endpoint interface is cabled to its network bridge', () => {
    const running = t.nodes.filter(
      (n): n is ContainerNode =>
        n.kind === 'container' &&
        n.name.startsWith('nlc-') &&
        n.state === 'running' &&
        !['host', 'none'].includes(n.networkMode) &&
        !n.networkMode.startsWith('container:'),
    );
    assert.ok(running.length >= 8);
    let checked = 0;
    for (const c of running) {
      for (const ep of edges(t, 'endpoint').filter((e) => e.source === c.id)) {
        const net = node<NetworkNode>(t, ep.target);
        assert.ok(ep.interface, `${c.name} on ${net.name}: interface`);
        const iface = node<InterfaceNode>(t, ep.interface);
        assert.equal(iface.parent, c.netns);
        if (net.driver !== 'bridge') continue;
        const peer = vethPeer(t, iface.id);
        assert.ok(peer, `${c.name}/${iface.name}: veth peer`);
        const port = edges(t, 'bridge-port').find((e) => e.source === peer);
        assert.equal(port?.target, net.bridge, `${c.name}/${iface.name} reaches ${net.name}'s bridge`);
        assert.ok(iface.addresses.includes(ep.ipv4 as string));
        checked++;
      }
    }
    assert.equal(checked, 8, 'a, b, static, two ×2, ports, int, icc');
  });

  test('network modes', () => {
    const hostNs = t.nodes.find((n) => n.kind === 'netns' && n.host);
    assert.equal(containerByName(t, 'nlc-host').netns, hostNs?.id);
    const a = containerByName(t, 'nlc-a');
    const shared = containerByName(t, 'nlc-shared');
    assert.equal(shared.networkMode, `container:${a.id.slice('container:'.length)}`);
    assert.equal(shared.netns, a.netns);
    assert.equal(node<{ label: string }>(t, a.netns).label, 'nlc-a (+1)');
    const none = containerByName(t, 'nlc-none');
    assert.deepEqual(
      t.nodes.filter((n): n is InterfaceNode => n.kind === 'interface' && n.parent === none.netns).map((i) => i.name),
      ['lo'],
    );
    const stopped = containerByName(t, 'nlc-stopped');
    assert.equal(stopped.netns, null);
    assert.equal(edges(t, 'endpoint').find((e) => e.source === stopped.id)?.interface, null);
  });

  test('networks: bridge, icc, internal, macvlan, embedded DNS', () => {
    assert.equal(networkByName(t, 'nlc-noicc').icc, false);
    assert.equal(networkByName(t, 'nlc-internal').internal, true);
    assert.equal(networkByName(t, 'bridge').embeddedDns, false);
    assert.equal(networkByName(t, 'nlc-fixed').embeddedDns, true);
    assert.equal(node<InterfaceNode>(t, networkByName(t, 'bridge').bridge).name, 'docker0');
    const mv = networkByName(t, 'nlc-macvlan');
    assert.equal(mv.bridge, null);
    const mvc = containerByName(t, 'nlc-mv');
    const eth0 = t.nodes.find(
      (n): n is InterfaceNode => n.kind === 'interface' && n.parent === mvc.netns && n.name === 'eth0',
    );
    assert.equal(eth0?.type, 'macvlan');
    const lower = edges(t, 'lower').find((e) => e.source === eth0?.id);
    assert.equal(node<InterfaceNode>(t, lower?.target).name, 'nlc-mva');
  });

  test('ports tied to DNAT rules and interfaces; MASQUERADE tied to bridges', () => {
    const ports = t.nodes.filter((n) => n.kind === 'port' && n.id.includes(':19001'));
    assert.equal(ports.length, 2, 'IPv4 and IPv6 bindings of 19001');
    const v4 = node<{ rule: string }>(t, 'port:tcp:0.0.0.0:19001');
    const rule = node<{ text: string; target: string }>(t, v4.rule);
    assert.match(rule.text, /--dport 19001 -j DNAT --to-destination 172\.17\.\d+\.\d+:9001$/);
    assert.equal(node<{ rule: string | null }>(t, 'port:tcp::::19001').rule, null);
    assert.ok(edges(t, 'publishes').some((e) => e.source === 'port:tcp:0.0.0.0:19001'));
    assert.ok(edges(t, 'dnat').some((e) => e.target === 'port:tcp:0.0.0.0:19001' && e.source === v4.rule));
    const masq = edges(t, 'masquerade');
    for (const name of ['bridge', 'nlc-fixed', 'nlc-noicc']) {
      const net = networkByName(t, name);
      const e = masq.find((m) => m.target === net.bridge);
      assert.equal(e?.subnet, net.subnets[0]?.subnet, `${name} masqueraded`);
    }
    assert.ok(!masq.some((m) => m.target === networkByName(t, 'nlc-internal').bridge));
  });

  test('the plain namespace is named, labelled and routed', () => {
    const ns = t.nodes.find((n) => n.kind === 'netns' && n.name === 'nlc-ns');
    assert.ok(ns && ns.kind === 'netns');
    assert.equal(ns.label, 'nlc-ns');
    const dflt = ns.routes.find((r) => r.dst === 'default');
    assert.equal(dflt?.gateway, '10.233.0.1');
    assert.equal(node<InterfaceNode>(t, dflt?.dev).name, 'nlc-nsc');
  });

  test('deterministic: input order does not change the output', () => {
    const r = raw();
    r.kernel?.dumps.reverse();
    r.docker?.containers.reverse();
    r.docker?.networks.reverse();
    r.kernel?.dumps.forEach((d) => d.links.reverse());
    assert.deepEqual(buildTopology(r), t);
  });
});

describe('buildTopology degrades without a source', () => {
  test('no kernel: containers, networks, endpoints and ports remain, without interfaces', () => {
    const r = raw();
    r.kernel = null;
    r.facets.kernel = { ok: false, reason: 'test' };
    const t = buildTopology(r);
    assert.deepEqual(checkReferences(t), []);
    assert.equal(t.nodes.filter((n) => n.kind === 'interface').length, 0);
    assert.ok(t.nodes.some((n) => n.kind === 'container' && n.name === 'nlc-a'));
    assert.ok(edges(t, 'endpoint').every((e: EndpointEdge) => e.interface === null));
    assert.equal(edges(t, 'veth').length, 0);
  });

  test('no Docker: namespaces keep their interfaces, named by inode', () => {
    const r = raw();
    r.docker = null;
    r.containerNetns = {};
    const t = buildTopology(r);
    assert.deepEqual(checkReferences(t), []);
    assert.equal(t.nodes.filter((n) => n.kind === 'container').length, 0);
    assert.equal(t.host.engine, null);
    const unnamed = t.nodes.filter((n) => n.kind === 'netns' && !n.host && n.name === null);
    assert.ok(unnamed.length > 0 && unnamed.every((n) => /^netns \d+$/.test(n.label)));
    assert.ok(edges(t, 'veth').length > 0);
  });

  test('no firewall: ports keep no rule', () => {
    const r = raw();
    r.firewall = null;
    const t = buildTopology(r);
    assert.ok(t.nodes.filter((n) => n.kind === 'port').every((p) => p.kind === 'port' && p.rule === null));
    assert.equal(t.firewall, null);
  });
});

describe('veth pairing across namespaces', () => {
  const base = (dumps: NetnsDump[]): RawHost => ({
    capturedAt: '2026-11-25T00:00:00.000Z',
    hostname: 'h',
    kernelRelease: 'k',
    facets: { docker: { ok: true }, kernel: { ok: true }, firewall: { ok: true } },
    docker: null,
    kernel: { hostInode: 1, dumps, named: [] },
    containerNetns: {},
    firewall: null,
    ipForward: null,
  });

  test('host end resolved through the nsid the host gives each namespace', () => {
    // Two namespaces each with eth0 = ifindex 2: only the nsid tells which is whose.
    const host = dump(1, [
      link(10, 'vethA', { kind: 'veth', linkIndex: 2, linkNetnsid: 0 }),
      link(11, 'vethB', { kind: 'veth', linkIndex: 2, linkNetnsid: 1 }),
    ]);
    const a = dump(100, [link(2, 'eth0', { kind: 'veth', linkIndex: 10, linkNetnsid: 0 })], { nsid: 0, hostNsid: 0 });
    const b = dump(200, [link(2, 'eth0', { kind: 'veth', linkIndex: 11, linkNetnsid: 0 })], { nsid: 1, hostNsid: 0 });
    const t = buildTopology(base([host, a, b]));
    assert.deepEqual(
      edges(t, 'veth')
        .map((e) => e.id)
        .sort(),
      ['veth:if:100:2|if:1:10', 'veth:if:1:11|if:200:2'].sort(),
    );
  });

  test('between two non-host namespaces: through the nsid each gave the other, ifindexes alike', () => {
    const host = dump(1, [link(1, 'lo', { linkType: 'loopback' })]);
    const ties = (nsid: number, inode: number) => ({ linkNetns: [{ nsid, inode }] });
    // a↔b and c↔d are both 7↔7 with nsid 3 on every end: only the ties tell them apart.
    const a = dump(100, [link(7, 'va', { kind: 'veth', linkIndex: 7, linkNetnsid: 3 })], ties(3, 200));
    const b = dump(200, [link(7, 'vb', { kind: 'veth', linkIndex: 7, linkNetnsid: 3 })], ties(3, 100));
    const c = dump(300, [link(7, 'vc', { kind: 'veth', linkIndex: 7, linkNetnsid: 3 })], ties(3, 400));
    const d = dump(400, [link(7, 'vd', { kind: 'veth', linkIndex: 7, linkNetnsid: 3 })], ties(3, 300));
    const t = buildTopology(base([host, a, b, c, d]));
    assert.deepEqual(
      edges(t, 'veth').map((e) => e.id),
      ['veth:if:100:7|if:200:7', 'veth:if:300:7|if:400:7'],
    );
  });

  test('between two non-host namespaces without ties: unknown, not matched by ifindexes', () => {
    const host = dump(1, [link(1, 'lo', { linkType: 'loopback' })]);
    const a = dump(100, [link(5, 'va', { kind: 'veth', linkIndex: 7, linkNetnsid: 3 })], { nsid: 0, hostNsid: null });
    const b = dump(200, [link(7, 'vb', { kind: 'veth', linkIndex: 5, linkNetnsid: 4 })], { nsid: 1, hostNsid: null });
    const t = buildTopology(base([host, a, b]));
    assert.deepEqual(edges(t, 'veth'), []);
  });

  test('two ends whose peers were not read are not paired with each other (ifindex 18 on both)', () => {
    // As seen on a Swarm node: a container's eth1 and another namespace's veth, both
    // ifindex 18 pointing at an ifindex 18, each of a namespace Netloom did not read.
    const host = dump(1, [link(1, 'lo', { linkType: 'loopback' })]);
    const ctr = dump(100, [link(18, 'eth1', { kind: 'veth', linkIndex: 18, linkNetnsid: 1 })], {
      hostNsid: 0,
      linkNetns: [{ nsid: 0, inode: 1 }],
    });
    const other = dump(200, [link(18, 'veth0', { kind: 'veth', linkIndex: 18, linkNetnsid: 2 })], { hostNsid: 0 });
    const t = buildTopology(base([host, ctr, other]));
    assert.deepEqual(edges(t, 'veth'), []);
  });

  test('a veth pair inside one namespace, and a bridge port', () => {
    const host = dump(1, [
      link(3, 'br0', { kind: 'bridge' }),
      link(4, 'p1', { kind: 'veth', linkIndex: 5, master: 'br0' }),
      link(5, 'p2', { kind: 'veth', linkIndex: 4 }),
    ]);
    const t = buildTopology(base([host]));
    assert.deepEqual(
      edges(t, 'veth').map((e) => e.id),
      ['veth:if:1:4|if:1:5'],
    );
    assert.deepEqual(
      edges(t, 'bridge-port').map((e) => [e.source, e.target]),
      [['if:1:4', 'if:1:3']],
    );
    assert.equal(node<InterfaceNode>(t, 'if:1:4').master, 'if:1:3');
  });
});
