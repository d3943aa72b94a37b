import { ids } from '../model/ids.js';
import {
  TOPOLOGY_SCHEMA,
  type ContainerNode,
  type InterfaceNode,
  type NetnsNode,
  type NetworkNode,
  type Topology,
  type TopologyEdge,
  type TopologyNode,
} from '../model/types.js';

/** A small hand-built host for formatter and renderer tests, ids as core/model/ids.ts builds them. */
export const HOST = 4026531840;
export const WEB_NS = 4026532200;
export const API_NS = 4026532300;
export const LAB_NS = 4026532400;
export const hex = (c: string): string => c.repeat(64);
export const WEB = hex('a');
export const API = hex('b');
export const SIDECAR = hex('c');
export const OLD = hex('d');
export const NET_BRIDGE = hex('1');
export const NET_APP = hex('2');

export function iface(
  inode: number,
  ifindex: number,
  name: string,
  type: string,
  extra: Partial<InterfaceNode> = {},
): InterfaceNode {
  return {
    id: ids.iface(inode, ifindex),
    kind: 'interface',
    label: name,
    parent: ids.netns(inode),
    name,
    ifindex,
    type,
    mac: `02:42:00:00:00:${ifindex.toString(16).padStart(2, '0')}`,
    mtu: 1500,
    up: true,
    operstate: 'UP',
    addresses: [],
    master: null,
    ...extra,
  };
}

export function netns(inode: number, label: string, extra: Partial<NetnsNode> = {}): NetnsNode {
  return { id: ids.netns(inode), kind: 'netns', label, inode, host: false, name: null, routes: [], ...extra };
}

export function container(id: string, name: string, extra: Partial<ContainerNode> = {}): ContainerNode {
  return {
    id: ids.container(id),
    kind: 'container',
    label: name,
    name,
    image: 'nginx:1.27',
    state: 'running',
    networkMode: 'bridge',
    pid: 1000,
    netns: null,
    shortId: id.slice(0, 12),
    labels: {},
    ...extra,
  };
}

export function network(id: string, name: string, extra: Partial<NetworkNode> = {}): NetworkNode {
  return {
    id: ids.network(id),
    kind: 'network',
    label: name,
    name,
    driver: 'bridge',
    internal: false,
    subnets: [],
    bridge: null,
    icc: true,
    scope: 'local',
    ipv6: false,
    attachable: false,
    embeddedDns: true,
    bridgeName: null,
    mtu: null,
    parentName: null,
    options: {},
    labels: {},
    ...extra,
  };
}

export function rule(
  kind: 'nat-rule' | 'filter-rule',
  chain: string,
  index: number,
  target: string,
  text: string,
): TopologyNode {
  const table = kind === 'nat-rule' ? 'nat' : 'filter';
  const id = kind === 'nat-rule' ? ids.natRule({ table, chain, index }) : ids.filterRule({ table, chain, index });
  return { id, kind, label: `${chain} #${index} ${target}`, table, chain, index, target, text };
}

export function veth(a: string, b: string): TopologyEdge {
  const [x, y] = [a, b].sort() as [string, string];
  return { id: ids.veth(x, y), kind: 'veth', source: x, target: y };
}

export function bridgePort(port: string, bridge: string): TopologyEdge {
  return { id: ids.bridgePort(port), kind: 'bridge-port', source: port, target: bridge };
}

export function endpoint(
  cid: string,
  netId: string,
  ifaceId: string | null,
  ipv4: string | null,
  mac: string | null,
): TopologyEdge {
  return {
    id: ids.endpoint(cid, ids.network(netId)),
    kind: 'endpoint',
    source: ids.container(cid),
    target: ids.network(netId),
    interface: ifaceId,
    ipv4,
    ipv6: null,
    mac,
    aliases: [],
    dnsNames: [],
    gateway: null,
    endpointId: null,
  };
}

export const hostIf = (ifindex: number): string => ids.iface(HOST, ifindex);
export const DOCKER0 = hostIf(3);
export const BR_APP = hostIf(5);
export const WEB_ETH0 = ids.iface(WEB_NS, 6);
export const API_ETH0 = ids.iface(API_NS, 8);
export const API_ETH1 = ids.iface(API_NS, 10);
export const LAB_VETH0 = ids.iface(LAB_NS, 12);
export const DNAT_RULE = ids.natRule({ table: 'nat', chain: 'DOCKER', index: 2 });
export const MASQ_RULE = ids.natRule({ table: 'nat', chain: 'POSTROUTING', index: 1 });
export const PORT_8080 = ids.port('tcp', '0.0.0.0', 8080);
export const PORT_9000 = ids.port('tcp', '127.0.0.1', 9000);
export const LONG_TEXT = `-A DOCKER ! -i br-1a2b3c4d5e6f -p tcp -m tcp --dport 9999 -m comment --comment "${'x'.repeat(120)}" -j DNAT --to-destination 172.20.0.9:9999`;

export function sampleTopology(): Topology {
  const nodes: TopologyNode[] = [
    netns(HOST, 'devbox', { host: true }),
    netns(WEB_NS, 'web'),
    netns(API_NS, 'api (+1)'),
    netns(LAB_NS, 'lab', { name: 'lab' }),
    iface(HOST, 1, 'lo', 'loopback', { addresses: ['127.0.0.1/8'], mac: null }),
    iface(HOST, 2, 'eth0', 'device', { addresses: ['192.168.1.10/24'] }),
    iface(HOST, 3, 'docker0', 'bridge', { addresses: ['172.17.0.1/16'] }),
    iface(HOST, 5, 'br-1a2b3c4d5e6f', 'bridge', { addresses: ['172.20.0.1/16'] }),
    iface(HOST, 7, 'veth1111aaa', 'veth', { master: DOCKER0 }),
    iface(HOST, 9, 'veth2222bbb', 'veth', { master: DOCKER0 }),
    iface(HOST, 11, 'veth3333ccc', 'veth', { master: BR_APP }),
    iface(HOST, 13, 'veth-lab', 'veth', { addresses: ['10.0.0.1/24'] }),
    iface(WEB_NS, 1, 'lo', 'loopback', { addresses: ['127.0.0.1/8'], mac: null }),
    iface(WEB_NS, 6, 'eth0', 'veth', { addresses: ['172.17.0.2/16'], mac: '02:42:ac:11:00:02' }),
    iface(API_NS, 1, 'lo', 'loopback', { addresses: ['127.0.0.1/8'], mac: null }),
    iface(API_NS, 8, 'eth0', 'veth', { addresses: ['172.17.0.3/16'], mac: '02:42:ac:11:00:03' }),
    iface(API_NS, 10, 'eth1', 'veth', { addresses: ['172.20.0.2/16'], mac: '02:42:ac:14:00:02' }),
    iface(LAB_NS, 1, 'lo', 'loopback', { mac: null, up: false, operstate: 'DOWN' }),
    iface(LAB_NS, 12, 'veth0', 'veth', { addresses: ['10.0.0.2/24'] }),
    network(NET_BRIDGE, 'bridge', {
      subnets: [{ subnet: '172.17.0.0/16', gateway: '172.17.0.1' }],
      bridge: DOCKER0,
      bridgeName: 'docker0',
      embeddedDns: false,
    }),
    network(NET_APP, 'appnet', {
      subnets: [{ subnet: '172.20.0.0/16', gateway: '172.20.0.1' }],
      bridge: BR_APP,
      bridgeName: 'br-1a2b3c4d5e6f',
      icc: false,
    }),
    container(WEB, 'web', { netns: ids.netns(WEB_NS) }),
    container(API, 'api', { image: 'example/api:2', networkMode: 'appnet', netns: ids.netns(API_NS) }),
    container(SIDECAR, 'sidecar', { image: 'busybox', networkMode: `container:${API}`, netns: ids.netns(API_NS) }),
    container(OLD, 'old-job', { image: 'alpine', state: 'exited', pid: 0 }),
    {
      id: PORT_8080,
      kind: 'port',
      label: '0.0.0.0:8080→80/tcp',
      proto: 'tcp',
      hostIp: '0.0.0.0',
      hostPort: 8080,
      container: ids.container(WEB),
      containerPort: 80,
      rule: DNAT_RULE,
    },
    {
      id: PORT_9000,
      kind: 'port',
      label: '127.0.0.1:9000→9000/tcp',
      proto: 'tcp',
      hostIp: '127.0.0.1',
      hostPort: 9000,
      container: ids.container(API),
      containerPort: 9000,
      rule: null,
    },
    rule('nat-rule', 'PREROUTING', 1, 'DOCKER', '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER'),
    rule('nat-rule', 'POSTROUTING', 1, 'MASQUERADE', '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE'),
    rule('nat-rule', 'DOCKER', 1, 'RETURN', '-A DOCKER -i docker0 -j RETURN'),
    rule(
      'nat-rule',
      'DOCKER',
      2,
      'DNAT',
      '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    ),
    rule('nat-rule', 'DOCKER', 10, 'DNAT', LONG_TEXT),
    rule('filter-rule', 'INPUT', 1, 'ACCEPT', '-A INPUT -i lo -j ACCEPT'),
    rule('filter-rule', 'FORWARD', 1, 'DOCKER-USER', '-A FORWARD -j DOCKER-USER'),
    rule('filter-rule', 'DOCKER-USER', 1, 'RETURN', '-A DOCKER-USER -j RETURN'),
    rule(
      'filter-rule',
      'DOCKER-ISOLATION-STAGE-1',
      1,
      'DOCKER-ISOLATION-STAGE-2',
      '-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2',
    ),
  ];
  const edges: TopologyEdge[] = [
    veth(hostIf(7), WEB_ETH0),
    veth(hostIf(9), API_ETH0),
    veth(hostIf(11), API_ETH1),
    veth(hostIf(13), LAB_VETH0),
    bridgePort(hostIf(7), DOCKER0),
    bridgePort(hostIf(9), DOCKER0),
    bridgePort(hostIf(11), BR_APP),
    endpoint(WEB, NET_BRIDGE, WEB_ETH0, '172.17.0.2/16', '02:42:ac:11:00:02'),
    endpoint(API, NET_BRIDGE, API_ETH0, '172.17.0.3/16', '02:42:ac:11:00:03'),
    endpoint(API, NET_APP, API_ETH1, '172.20.0.2/16', '02:42:ac:14:00:02'),
    endpoint(OLD, NET_BRIDGE, null, null, null),
    { id: ids.usesNetns(WEB), kind: 'uses-netns', source: ids.container(WEB), target: ids.netns(WEB_NS) },
    { id: ids.usesNetns(API), kind: 'uses-netns', source: ids.container(API), target: ids.netns(API_NS) },
    { id: ids.usesNetns(SIDECAR), kind: 'uses-netns', source: ids.container(SIDECAR), target: ids.netns(API_NS) },
    {
      id: ids.masquerade({ table: 'nat', chain: 'POSTROUTING', index: 1 }, DOCKER0),
      kind: 'masquerade',
      source: MASQ_RULE,
      target: DOCKER0,
      subnet: '172.17.0.0/16',
    },
    { id: ids.dnat(DNAT_RULE, PORT_8080), kind: 'dnat', source: DNAT_RULE, target: PORT_8080 },
    { id: ids.publishes(PORT_8080), kind: 'publishes', source: PORT_8080, target: WEB_ETH0 },
  ];
  return {
    schema: TOPOLOGY_SCHEMA,
    capturedAt: '2026-11-23T19:30:00.000Z',
    host: {
      hostname: 'devbox',
      kernel: '6.8.0-45-generic',
      engine: { version: '27.3.1', apiVersion: '1.47' },
      ipForward: true,
    },
    facets: { docker: { ok: true }, kernel: { ok: true }, firewall: { ok: true } },
    firewall: { backend: 'iptables-nft', policies: { 'filter:FORWARD': 'DROP' } },
    nodes,
    edges,
  };
}
