import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { checkReferences, TopologySchema } from '../model/schema.js';
import type {
  ContainerNode,
  EndpointEdge,
  InterfaceNode,
  NetnsNode,
  NetworkNode,
  PortNode,
  Topology,
  TopologyEdge,
  TopologyNode,
} from '../model/types.js';
import { createScenario } from '../testkit/scenario.js';
import {
  cleanupTestResources,
  docker,
  hostLinks,
  inspect,
  linksInPid,
  netnsInodeOfPid,
  sh,
  type IpLink,
} from '../testkit/test-host.js';

/**
 * The scenarios of every network mode, built on the real engine and kernel, each checked against
 * ground truth the test reads itself (docker inspect, ip inside each namespace, iptables -S).
 */

const P = 'nlt-';
const BIN = fileURLToPath(new URL('../../../bin/netloom.js', import.meta.url));

async function snapshot(env: Record<string, string> = {}): Promise<Topology> {
  const r = await execa(process.execPath, [BIN, 'snapshot', '--json'], { env, reject: false });
  assert.equal(r.exitCode, 0, `snapshot exit ${r.exitCode}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Topology;
}

const byId = (t: Topology) => new Map<string, TopologyNode>(t.nodes.map((n) => [n.id, n]));
const nodesOf = <K extends TopologyNode['kind']>(t: Topology, kind: K) =>
  t.nodes.filter((n): n is Extract<TopologyNode, { kind: K }> => n.kind === kind);
const edgesOf = <K extends TopologyEdge['kind']>(t: Topology, kind: K) =>
  t.edges.filter((e): e is Extract<TopologyEdge, { kind: K }> => e.kind === kind);

interface Inspected {
  Id: string;
  State: { Pid: number; Status: string };
  HostConfig: { NetworkMode: string };
  NetworkSettings: {
    Networks: Record<string, { NetworkID: string; IPAddress: string; IPPrefixLen: number; MacAddress: string }>;
  };
}

let topo: Topology;
let ids: Map<string, TopologyNode>;
const ctr = new Map<string, Inspected>();
const netIds = new Map<string, string>();

function container(name: string): ContainerNode {
  const c = ctr.get(name);
  assert.ok(c, `inspected ${name}`);
  const node = ids.get(`container:${c.Id}`);
  assert.ok(node && node.kind === 'container', `container node for ${name}`);
  return node;
}

function network(name: string): NetworkNode {
  const id = netIds.get(name) ?? '';
  const node = ids.get(`network:${id}`);
  assert.ok(node && node.kind === 'network', `network node for ${name}`);
  return node;
}

function endpointsOf(name: string): EndpointEdge[] {
  return edgesOf(topo, 'endpoint').filter((e) => e.source === container(name).id);
}

function peerOf(ifaceId: string): string | undefined {
  const e = edgesOf(topo, 'veth').find((v) => v.source === ifaceId || v.target === ifaceId);
  return e ? (e.source === ifaceId ? e.target : e.source) : undefined;
}

let hostInode = 0;
let host: IpLink[] = [];

/** Checks one running container's interfaces against `ip` run inside its namespace. */
async function checkContainerInterfaces(name: string): Promise<void> {
  const c = ctr.get(name) as Inspected;
  const pid = c.State.Pid;
  const inode = await netnsInodeOfPid(pid);
  const node = container(name);
  assert.equal(node.pid, pid);
  assert.equal(node.netns, `netns:${inode}`);
  const truth = await linksInPid(pid);
  for (const l of truth) {
    const iface = ids.get(`if:${inode}:${l.ifindex}`) as InterfaceNode | undefined;
    assert.ok(iface, `${name}: interface ${l.ifname} (${l.ifindex}) in model`);
    assert.equal(iface.name, l.ifname);
    assert.equal(iface.parent, `netns:${inode}`);
    assert.equal(iface.mtu, l.mtu);
    assert.equal(iface.up, l.flags.includes('UP'));
    if (l.address && l.ifname !== 'lo') assert.equal(iface.mac, l.address);
    assert.deepEqual(
      [...iface.addresses].sort(),
      (l.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`).sort(),
      `${name}/${l.ifname} addresses`,
    );
    if (l.linkinfo?.info_kind === 'veth') {
      assert.equal(iface.type, 'veth');
      const hostEnd = host.find((h) => h.ifindex === l.link_index);
      assert.ok(hostEnd, `${name}/${l.ifname}: host end ${l.link_index}`);
      assert.equal(peerOf(iface.id), `if:${hostInode}:${hostEnd.ifindex}`, `${name}/${l.ifname} veth peer`);
      if (hostEnd.master) {
        const bridge = host.find((h) => h.ifname === hostEnd.master) as IpLink;
        const port = edgesOf(topo, 'bridge-port').find((e) => e.source === `if:${hostInode}:${hostEnd.ifindex}`);
        assert.equal(port?.target, `if:${hostInode}:${bridge.ifindex}`, `${name}: bridge port on ${bridge.ifname}`);
      }
    }
  }
  assert.equal(nodesOf(topo, 'interface').filter((i) => i.parent === `netns:${inode}`).length, truth.length);
  // Each Docker endpoint is tied to the interface carrying its MAC.
  for (const [netName, ep] of Object.entries(c.NetworkSettings.Networks)) {
    const edge = endpointsOf(name).find((e) => e.target === `network:${ep.NetworkID}`);
    assert.ok(edge, `${name}: endpoint on ${netName}`);
    if (!ep.IPAddress) continue;
    assert.equal(edge.ipv4, `${ep.IPAddress}/${ep.IPPrefixLen}`);
    assert.equal(edge.mac, ep.MacAddress);
    const l = truth.find((t) => t.address === ep.MacAddress) as IpLink;
    assert.equal(edge.interface, `if:${inode}:${l.ifindex}`, `${name}: endpoint ${netName} interface`);
  }
}

describe('snapshot of a real host', { timeout: 300_000 }, () => {
  before(async () => {
    await createScenario(P);
    for (const n of ['a', 'b', 'static', 'two', 'ports', 'host', 'none', 'shared', 'int', 'icc', 'mv', 'stopped']) {
      ctr.set(`${P}${n}`, await inspect<Inspected>('container', `${P}${n}`));
    }
    for (const n of ['bridge', 'host', 'none', `${P}fixed`, `${P}internal`, `${P}noicc`, `${P}macvlan`]) {
      netIds.set(n, (await inspect<{ Id: string }>('network', n)).Id);
    }
    hostInode = await netnsInodeOfPid(process.pid);
    host = await hostLinks();
    topo = await snapshot();
    ids = byId(topo);
  });

  after(async () => {
    await cleanupTestResources(P);
  });

  test('the document fits the schema, every reference resolves, all facets are read', () => {
    const parsed = TopologySchema.safeParse(topo);
    assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 5)));
    assert.deepEqual(checkReferences(topo), []);
    assert.deepEqual(topo.facets, { docker: { ok: true }, kernel: { ok: true }, firewall: { ok: true } });
    const hostNs = ids.get(`netns:${hostInode}`) as NetnsNode;
    assert.equal(hostNs.host, true);
    assert.equal(nodesOf(topo, 'netns').filter((n) => n.host).length, 1);
  });

  test('host namespace interfaces match ip -j -d addr show', () => {
    for (const l of host) {
      const iface = ids.get(`if:${hostInode}:${l.ifindex}`) as InterfaceNode | undefined;
      assert.ok(iface, `host ${l.ifname}`);
      assert.equal(iface.name, l.ifname);
      const masterLink = l.master ? host.find((h) => h.ifname === l.master) : undefined;
      assert.equal(iface.master, masterLink ? `if:${hostInode}:${masterLink.ifindex}` : null);
    }
  });

  test('default bridge: two containers on docker0 by veth pairs', async () => {
    await checkContainerInterfaces(`${P}a`);
    await checkContainerInterfaces(`${P}b`);
    const bridge = network('bridge');
    const docker0 = host.find((l) => l.ifname === 'docker0') as IpLink;
    assert.equal(bridge.bridge, `if:${hostInode}:${docker0.ifindex}`);
    assert.equal(bridge.embeddedDns, false);
    assert.equal(container(`${P}a`).networkMode, 'default');
    assert.equal(container(`${P}a`).state, 'running');
  });

  test('user bridge with fixed subnet, gateway and a static --ip', async () => {
    const net = network(`${P}fixed`);
    assert.deepEqual(net.subnets, [{ subnet: '10.231.0.0/24', gateway: '10.231.0.1' }]);
    assert.equal(net.driver, 'bridge');
    assert.equal(net.embeddedDns, true);
    const br = host.find((l) => l.ifname === `br-${netIds.get(`${P}fixed`)?.slice(0, 12)}`) as IpLink;
    assert.equal(net.bridge, `if:${hostInode}:${br.ifindex}`);
    assert.ok((ids.get(net.bridge) as InterfaceNode).addresses.includes('10.231.0.1/24'));
    await checkContainerInterfaces(`${P}static`);
    assert.equal(endpointsOf(`${P}static`)[0]?.ipv4, '10.231.0.50/24');
  });

  test('a container on two networks has eth0 and eth1, each tied to its network', async () => {
    await checkContainerInterfaces(`${P}two`);
    const eps = endpointsOf(`${P}two`);
    assert.equal(eps.length, 2);
    const names = eps.map((e) => (ids.get(e.interface as string) as InterfaceNode).name).sort();
    assert.deepEqual(names, ['eth0', 'eth1']);
  });

  test('published ports: each tied to its DNAT rule and the interface it forwards to', async () => {
    await checkContainerInterfaces(`${P}ports`);
    const c = container(`${P}ports`);
    const ports = nodesOf(topo, 'port').filter((p) => p.container === c.id);
    const docker4 = (await sh('iptables', ['-t', 'nat', '-S', 'DOCKER'])).split('\n');
    const random = (await docker('port', `${P}ports`, '7000/tcp')).split('\n')[0] as string;
    const randomPort = Number(random.split(':').pop());
    const expected: [string, string, number, number][] = [
      ['tcp', '0.0.0.0', 18081, 80],
      ['udp', '127.0.0.1', 15300, 53],
      ['tcp', '0.0.0.0', 19000, 9000],
      ['tcp', '0.0.0.0', 19001, 9001],
      ['tcp', '0.0.0.0', 19002, 9002],
      ['tcp', '0.0.0.0', randomPort, 7000],
    ];
    const ip = (ctr.get(`${P}ports`) as Inspected).NetworkSettings.Networks.bridge?.IPAddress;
    const inode = await netnsInodeOfPid((ctr.get(`${P}ports`) as Inspected).State.Pid);
    const eth0 = (await linksInPid(c.pid)).find((l) => l.ifname === 'eth0') as IpLink;
    for (const [proto, hostIp, hostPort, containerPort] of expected) {
      const port = ids.get(`port:${proto}:${hostIp}:${hostPort}`) as PortNode | undefined;
      assert.ok(port, `port ${proto} ${hostIp}:${hostPort}`);
      assert.ok(ports.includes(port));
      assert.equal(port.containerPort, containerPort);
      const line = docker4.find(
        (l) =>
          l.includes(`--dport ${hostPort} `) &&
          l.includes(`-p ${proto}`) &&
          l.includes(`--to-destination ${ip}:${containerPort}`),
      );
      assert.ok(line, `ground truth DNAT for ${hostPort}`);
      assert.ok(port.rule, `rule for ${hostPort}`);
      const rule = ids.get(port.rule);
      assert.ok(rule && rule.kind === 'nat-rule');
      assert.equal(rule.text, line);
      assert.equal(rule.target, 'DNAT');
      if (hostIp === '127.0.0.1') assert.match(rule.text, /-d 127\.0\.0\.1\/32/);
      const pub = edgesOf(topo, 'publishes').find((e) => e.source === port.id);
      assert.equal(pub?.target, `if:${inode}:${eth0.ifindex}`);
    }
  });

  test('host mode shares the host namespace; none has only lo; container: shares the other one', async () => {
    const h = container(`${P}host`);
    assert.equal(h.networkMode, 'host');
    assert.equal(h.netns, `netns:${hostInode}`);
    assert.ok(edgesOf(topo, 'uses-netns').some((e) => e.source === h.id && e.target === `netns:${hostInode}`));
    const hostEp = endpointsOf(`${P}host`);
    assert.equal(hostEp.length, 1);
    assert.equal(hostEp[0]?.target, network('host').id);
    assert.equal(hostEp[0]?.interface, null);

    const none = container(`${P}none`);
    assert.equal(none.networkMode, 'none');
    await checkContainerInterfaces(`${P}none`);
    const noneIfaces = nodesOf(topo, 'interface').filter((i) => i.parent === none.netns);
    assert.deepEqual(
      noneIfaces.map((i) => i.type),
      ['loopback'],
    );

    const shared = container(`${P}shared`);
    const a = container(`${P}a`);
    assert.equal(shared.networkMode, `container:${ctr.get(`${P}a`)?.Id}`);
    assert.equal(shared.netns, a.netns);
    assert.equal(endpointsOf(`${P}shared`).length, 0);
  });

  test('internal network: marked, and not masqueraded', async () => {
    const net = network(`${P}internal`);
    assert.equal(net.internal, true);
    await checkContainerInterfaces(`${P}int`);
    const postrouting = (await sh('iptables', ['-t', 'nat', '-S', 'POSTROUTING'])).split('\n');
    assert.ok(
      !postrouting.some((l) => l.includes('10.234.0.0/24') && l.includes('MASQUERADE')),
      'ground truth: no MASQUERADE',
    );
    assert.ok(!edgesOf(topo, 'masquerade').some((e) => e.target === net.bridge));
    // The default bridge is masqueraded, with its subnet on the edge.
    const bridge = network('bridge');
    const masq = edgesOf(topo, 'masquerade').find((e) => e.target === bridge.bridge);
    assert.ok(masq, 'docker0 MASQUERADE edge');
    assert.equal(masq.subnet, bridge.subnets[0]?.subnet);
    const rule = ids.get(masq.source);
    assert.ok(rule && rule.kind === 'nat-rule' && rule.target === 'MASQUERADE');
    assert.ok(postrouting.includes(rule.text), `rule text ${rule.text} is in iptables -S`);
  });

  test('icc disabled: marked, and its DROP rule kept with its chain and bridge', async () => {
    const net = network(`${P}noicc`);
    assert.equal(net.icc, false);
    assert.equal(network(`${P}fixed`).icc, true);
    // Its MTU option reaches the container's interface.
    assert.equal(net.mtu, 1400);
    assert.equal(network(`${P}fixed`).mtu, null);
    await checkContainerInterfaces(`${P}icc`);
    const icc = container(`${P}icc`);
    const eth0 = nodesOf(topo, 'interface').find((i) => i.parent === icc.netns && i.name === 'eth0');
    assert.equal(eth0?.mtu, 1400);
    const brName = (ids.get(net.bridge as string) as InterfaceNode).name;
    const forward = (await sh('iptables', ['-S', 'FORWARD'])).split('\n');
    const line = forward.find((l) => l === `-A FORWARD -i ${brName} -o ${brName} -j DROP`);
    assert.ok(line, 'ground truth icc DROP');
    const rule = nodesOf(topo, 'filter-rule').find((r) => r.text === line);
    assert.ok(rule, 'icc DROP rule in model');
    assert.equal(rule.chain, 'FORWARD');
    assert.equal(rule.index, forward.filter((l) => l.startsWith('-A FORWARD')).indexOf(line) + 1);
    assert.ok(edgesOf(topo, 'filters').some((e) => e.source === rule.id && e.target === net.bridge));
  });

  test('macvlan on one end of a test veth pair: a lower link to its parent', async () => {
    const net = network(`${P}macvlan`);
    assert.equal(net.driver, 'macvlan');
    assert.equal(net.bridge, null);
    assert.equal(net.parentName, `${P}mva`);
    await checkContainerInterfaces(`${P}mv`);
    const c = container(`${P}mv`);
    const eth0 = nodesOf(topo, 'interface').find((i) => i.parent === c.netns && i.name === 'eth0') as InterfaceNode;
    assert.equal(eth0.type, 'macvlan');
    const parent = host.find((l) => l.ifname === `${P}mva`) as IpLink;
    const lower = edgesOf(topo, 'lower').find((e) => e.source === eth0.id);
    assert.equal(lower?.target, `if:${hostInode}:${parent.ifindex}`);
    // The parent is itself a veth whose peer is in the host namespace too.
    const peer = host.find((l) => l.ifname === `${P}mvb`) as IpLink;
    assert.equal(peerOf(`if:${hostInode}:${parent.ifindex}`), `if:${hostInode}:${peer.ifindex}`);
  });

  test('a stopped container: no pid, no namespace, endpoint kept without interface', () => {
    const c = container(`${P}stopped`);
    assert.equal(c.state, 'exited');
    assert.equal(c.pid, 0);
    assert.equal(c.netns, null);
    assert.ok(!edgesOf(topo, 'uses-netns').some((e) => e.source === c.id));
    const eps = endpointsOf(`${P}stopped`);
    assert.equal(eps.length, 1);
    assert.equal(eps[0]?.target, network(`${P}fixed`).id);
    assert.equal(eps[0]?.interface, null);
  });

  test('a plain ip netns namespace joined to a bridge by a veth', async () => {
    const inode = Number((await sh('stat', ['-L', '-c', '%i', `/run/netns/${P}ns`])).trim());
    const ns = ids.get(`netns:${inode}`) as NetnsNode | undefined;
    assert.ok(ns, 'named netns node');
    assert.equal(ns.name, `${P}ns`);
    assert.equal(ns.label, `${P}ns`);
    assert.equal(ns.host, false);
    const truth = JSON.parse(await sh('ip', ['-n', `${P}ns`, '-j', '-d', 'addr', 'show'])) as IpLink[];
    const nsc = truth.find((l) => l.ifname === `${P}nsc`) as IpLink;
    const inner = ids.get(`if:${inode}:${nsc.ifindex}`) as InterfaceNode;
    assert.ok(inner.addresses.includes('10.233.0.2/24'));
    const nsh = host.find((l) => l.ifname === `${P}nsh`) as IpLink;
    const br = host.find((l) => l.ifname === `${P}br0`) as IpLink;
    assert.equal(peerOf(inner.id), `if:${hostInode}:${nsh.ifindex}`);
    assert.ok(
      edgesOf(topo, 'bridge-port').some(
        (e) => e.source === `if:${hostInode}:${nsh.ifindex}` && e.target === `if:${hostInode}:${br.ifindex}`,
      ),
    );
    const dflt = ns.routes.find((r) => r.dst === 'default');
    assert.equal(dflt?.gateway, '10.233.0.1');
    assert.equal(dflt?.dev, inner.id);
  });

  test('ids are stable: a second snapshot of the quiet host names everything the same', async () => {
    const again = await snapshot();
    const idsOf = (t: Topology) => [...t.nodes.map((n) => n.id), ...t.edges.map((e) => e.id)];
    // Other processes may touch the host; compare only what this test built.
    const mine = (t: Topology) => {
      const keep = new Set(
        t.nodes
          .filter(
            (n) => (n.kind === 'container' && n.name.startsWith(P)) || (n.kind === 'network' && n.name.startsWith(P)),
          )
          .map((n) => n.id),
      );
      return idsOf(t).filter((id) => keep.has(id) || [...keep].some((k) => id.includes(k.split(':')[1] as string)));
    };
    assert.deepEqual(mine(again), mine(topo));
    assert.ok(mine(topo).length > 20);
    assert.deepEqual(
      again.nodes.filter((n) => n.kind === 'interface').map((n) => n.id),
      topo.nodes.filter((n) => n.kind === 'interface').map((n) => n.id),
    );
  });
});
