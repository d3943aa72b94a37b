import { engineIdOf } from '../common/network-mode.js';
import type { DockerContainer, DockerLink, DockerNetwork } from '../docker/read-docker.js';
import { emptyRule, type FirewallRule } from '../firewall/types.js';
import type { KernelLink, NetnsDump } from '../kernel/ip-json.js';
import { addressOf, cidrContains } from '../common/ipv4.js';
import { ids } from './ids.js';
import { linkNetnsResolver } from './link-netns.js';
import type { RawHost } from './raw-host.js';
import {
  TOPOLOGY_SCHEMA,
  type ContainerLink,
  type ContainerNode,
  type FirewallRuleFields,
  type EndpointEdge,
  type InterfaceNode,
  type NetnsNode,
  type NetworkNode,
  type PortNode,
  type Route,
  type Topology,
  type TopologyEdge,
  type TopologyNode,
} from './types.js';

/** Where one kernel link lives: its namespace dump and the link itself. */
interface Located {
  dump: NetnsDump;
  link: KernelLink;
  id: string;
}

const KIND_ORDER = ['netns', 'interface', 'network', 'container', 'port', 'nat-rule', 'filter-rule'];

/** A raw host's links as the model names them: the linked container by node id when it was read. */
function linkNodes(links: readonly DockerLink[] | undefined): ContainerLink[] {
  // A raw host saved before links were read has none.
  return (links ?? []).map((l) => ({
    container: /^[0-9a-f]{64}$/.test(l.target) ? ids.container(l.target) : l.target,
    alias: l.alias,
  }));
}

function interfaceType(link: KernelLink): string {
  if (link.kind) return link.kind;
  if (link.linkType === 'loopback') return 'loopback';
  return 'device';
}

/**
 * Builds the topology graph from one host's reads. Pure: the same reads give the same
 * graph, with nodes and edges sorted so positions and diffs stay stable.
 */
export function buildTopology(raw: RawHost): Topology {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const edgeIds = new Set<string>();
  const addEdge = (e: TopologyEdge): void => {
    if (edgeIds.has(e.id)) return;
    edgeIds.add(e.id);
    edges.push(e);
  };

  const docker = raw.docker;
  const kernel = raw.kernel;
  const hostInode = kernel?.hostInode ?? null;

  // ---- kernel: namespaces and interfaces -------------------------------------------
  // The same namespace can be reached by two paths (/var/run/docker/netns/default is the host's).
  const seenInodes = new Set<number>();
  const dumps = (kernel?.dumps ?? []).filter((d) => !seenInodes.has(d.inode) && seenInodes.add(d.inode));
  const hostDump = dumps.find((d) => d.inode === hostInode);
  const linkNetnsOf = linkNetnsResolver(dumps, hostDump);
  // Dumps of a live host are read at different moments: the peer must agree on what it
  // can tell (its peer's ifindex; its namespace when its nsid is tied), or the pair is stale.
  const pointsBack = (peer: Located, dump: NetnsDump, ifindex: number): boolean => {
    if (peer.link.linkIndex !== ifindex) return false;
    const back = linkNetnsOf(peer.dump, peer.link.linkNetnsid);
    return back === null || back === dump;
  };
  const namedByInode = new Map((kernel?.named ?? []).map((n) => [n.inode, n.name]));
  const containersByInode = new Map<number, DockerContainer[]>();
  for (const c of docker?.containers ?? []) {
    const inode = raw.containerNetns[c.id];
    if (inode === undefined || inode === null) continue;
    const list = containersByInode.get(inode) ?? [];
    list.push(c);
    containersByInode.set(inode, list);
  }

  const located = new Map<string, Located>();
  const byNsIndex = new Map<NetnsDump, Map<number, Located>>();
  const byNsName = new Map<NetnsDump, Map<string, Located>>();
  const netnsNodes = new Map<number, NetnsNode>();
  const netnsLabel = (inode: number): string => {
    if (inode === hostInode) return raw.hostname;
    const named = namedByInode.get(inode);
    if (named) return named;
    const users = containersByInode.get(inode);
    if (users && users.length > 0) {
      const names = users.map((c) => c.name).sort();
      return names.length === 1 ? (names[0] as string) : `${names[0]} (+${names.length - 1})`;
    }
    return `netns ${inode}`;
  };
  const ensureNetns = (inode: number): NetnsNode => {
    let n = netnsNodes.get(inode);
    if (!n) {
      n = {
        id: ids.netns(inode),
        kind: 'netns',
        label: netnsLabel(inode),
        inode,
        host: inode === hostInode,
        name: namedByInode.get(inode) ?? null,
        routes: [],
        ipForward: null,
      };
      netnsNodes.set(inode, n);
    }
    return n;
  };

  for (const dump of dumps) {
    ensureNetns(dump.inode).ipForward = dump.ipForward ?? null;
    const idx = new Map<number, Located>();
    const names = new Map<string, Located>();
    for (const link of dump.links) {
      const loc = { dump, link, id: ids.iface(dump.inode, link.ifindex) };
      idx.set(link.ifindex, loc);
      names.set(link.name, loc);
      located.set(loc.id, loc);
    }
    byNsIndex.set(dump, idx);
    byNsName.set(dump, names);
  }

  const ifaceNodes = new Map<string, InterfaceNode>();
  for (const dump of dumps) {
    const names = byNsName.get(dump) as Map<string, Located>;
    for (const link of dump.links) {
      const id = ids.iface(dump.inode, link.ifindex);
      const master = link.master ? (names.get(link.master)?.id ?? null) : null;
      const node: InterfaceNode = {
        id,
        kind: 'interface',
        label: link.name,
        parent: ids.netns(dump.inode),
        name: link.name,
        ifindex: link.ifindex,
        type: interfaceType(link),
        mac: link.mac,
        mtu: link.mtu,
        up: link.up,
        operstate: link.operstate,
        addresses: link.addresses.map((a) => `${a.local}/${a.prefixlen}`),
        master,
      };
      ifaceNodes.set(id, node);
      if (master && names.get(link.master as string)?.link.kind === 'bridge') {
        addEdge({ id: ids.bridgePort(id), kind: 'bridge-port', source: id, target: master });
      }
    }
    const netns = ensureNetns(dump.inode);
    netns.routes = dump.routes.map((r): Route => ({
      dst: r.dst,
      gateway: r.gateway,
      dev: r.dev ? (names.get(r.dev)?.id ?? null) : null,
      devName: r.dev,
      protocol: r.protocol,
      scope: r.scope,
      prefsrc: r.prefsrc,
    }));
  }

  // veth pairs and lower links: (peer namespace, peer ifindex), the namespace from the
  // nsid each end carries. One end resolved is enough: a veth has exactly one peer.
  for (const dump of dumps) {
    for (const link of dump.links) {
      const id = ids.iface(dump.inode, link.ifindex);
      if (link.linkIndex === null && link.linkName === null) continue;
      const ns = linkNetnsOf(dump, link.linkNetnsid);
      if (!ns) continue;
      const peer =
        link.linkName !== null && link.linkNetnsid === null
          ? byNsName.get(ns)?.get(link.linkName)
          : byNsIndex.get(ns)?.get(link.linkIndex as number);
      if (!peer || peer.id === id) continue;
      if (link.kind === 'veth') {
        if (peer.link.kind !== 'veth' || !pointsBack(peer, dump, link.ifindex)) continue;
        const [a, b] = [id, peer.id].sort() as [string, string];
        addEdge({ id: ids.veth(a, b), kind: 'veth', source: a, target: b });
      } else {
        addEdge({ id: ids.lower(id), kind: 'lower', source: id, target: peer.id });
      }
    }
  }

  // ---- docker: networks, containers, endpoints, ports ------------------------------
  const hostNames = hostDump ? (byNsName.get(hostDump) as Map<string, Located>) : new Map<string, Located>();
  const networkNodes = new Map<string, NetworkNode>();
  const networkByName = new Map<string, NetworkNode>();
  for (const n of docker?.networks ?? []) {
    const node = networkNode(n, hostNames);
    networkNodes.set(n.id, node);
    networkByName.set(n.name, node);
  }

  const ifacesByNetns = new Map<string, InterfaceNode[]>();
  for (const i of ifaceNodes.values()) {
    const list = ifacesByNetns.get(i.parent) ?? [];
    list.push(i);
    ifacesByNetns.set(i.parent, list);
  }
  const containerNodes: ContainerNode[] = [];
  const portNodes: PortNode[] = [];
  const containerIfaces = new Map<string, InterfaceNode[]>();
  for (const c of docker?.containers ?? []) {
    const inode = raw.containerNetns[c.id] ?? null;
    const running = c.pid > 0 && inode !== null;
    const netnsId = running ? ensureNetns(inode).id : null;
    const node: ContainerNode = {
      id: ids.container(c.id),
      kind: 'container',
      label: c.name,
      name: c.name,
      image: c.image,
      state: c.state,
      networkMode: c.networkMode,
      pid: c.pid,
      netns: netnsId,
      shortId: c.id.slice(0, 12),
      labels: c.labels,
      links: linkNodes(c.links),
    };
    containerNodes.push(node);
    if (netnsId) addEdge({ id: ids.usesNetns(c.id), kind: 'uses-netns', source: node.id, target: netnsId });
    // Host-mode containers have no interfaces of their own: the host's are not theirs to claim.
    const ifaces = running && inode !== hostInode ? (ifacesByNetns.get(netnsId as string) ?? []) : [];
    containerIfaces.set(c.id, ifaces);
    for (const ep of c.endpoints) {
      const net = (ep.networkId ? networkNodes.get(ep.networkId) : undefined) ?? networkByName.get(ep.networkName);
      if (!net) continue;
      const iface =
        ifaces.find((i) => ep.mac !== null && i.mac === ep.mac) ??
        ifaces.find((i) => ep.ipv4 !== null && i.addresses.includes(ep.ipv4));
      const edge: EndpointEdge = {
        id: ids.endpoint(c.id, net.id),
        kind: 'endpoint',
        source: node.id,
        target: net.id,
        interface: iface?.id ?? null,
        ipv4: ep.ipv4,
        ipv6: ep.ipv6,
        mac: ep.mac,
        aliases: ep.aliases,
        dnsNames: ep.dnsNames,
        links: linkNodes(ep.links),
        gateway: ep.gateway,
        endpointId: ep.endpointId,
      };
      addEdge(edge);
    }
    for (const p of c.ports) {
      portNodes.push({
        id: ids.port(p.proto, p.hostIp, p.hostPort),
        kind: 'port',
        label: `${p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp}:${p.hostPort}→${p.containerPort}/${p.proto}`,
        proto: p.proto,
        hostIp: p.hostIp,
        hostPort: p.hostPort,
        container: node.id,
        containerPort: p.containerPort,
        rule: null,
      });
    }
  }

  // ---- firewall: rules, DNAT to ports, MASQUERADE to bridges -----------------------
  const fwNodes: TopologyNode[] = [];
  const rules = raw.firewall?.rules ?? [];
  const bridgesInHost = hostDump
    ? [...(byNsName.get(hostDump) as Map<string, Located>).values()].filter((l) => l.link.kind === 'bridge')
    : [];
  for (const r of rules) {
    if (r.table === 'nat') {
      fwNodes.push({ id: ids.natRule(r), kind: 'nat-rule', label: ruleLabel(r), ...ruleFields(r) });
      if (r.target === 'MASQUERADE' && r.source && !r.destination) {
        const bridge = masqueradedBridge(r, bridgesInHost);
        if (bridge)
          addEdge({
            id: ids.masquerade(r, bridge.id),
            kind: 'masquerade',
            source: ids.natRule(r),
            target: bridge.id,
            subnet: r.source,
          });
      }
    } else if (r.table === 'filter') {
      const id = ids.filterRule(r);
      fwNodes.push({ id, kind: 'filter-rule', label: ruleLabel(r), ...ruleFields(r) });
      for (const name of [r.inIface, r.outIface]) {
        const br = name ? hostNames.get(name) : undefined;
        if (br && br.link.kind === 'bridge')
          addEdge({ id: ids.filters(id, br.id), kind: 'filters', source: id, target: br.id });
      }
    }
  }
  const dnatRules = rules.filter((r) => r.table === 'nat' && r.target === 'DNAT');
  for (const port of portNodes) {
    const cid = engineIdOf(port.container);
    const ifaces = containerIfaces.get(cid) ?? [];
    const rule = dnatRules.find((r) => dnatMatchesPort(r, port, ifaces));
    if (!rule) continue;
    port.rule = ids.natRule(rule);
    addEdge({ id: ids.dnat(port.rule, port.id), kind: 'dnat', source: port.rule, target: port.id });
    const destIp = rule.toDestination ? rule.toDestination.split(':')[0] : undefined;
    const target = ifaces.find((i) => i.addresses.some((a) => addressOf(a) === destIp));
    if (target) addEdge({ id: ids.publishes(port.id), kind: 'publishes', source: port.id, target: target.id });
  }

  nodes.push(
    ...netnsNodes.values(),
    ...ifaceNodes.values(),
    ...networkNodes.values(),
    ...containerNodes,
    ...portNodes,
    ...fwNodes,
  );
  nodes.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id));
  edges.sort((a, b) => a.id.localeCompare(b.id));
  const firewall = raw.firewall
    ? {
        backend: raw.firewall.backend,
        policies: Object.fromEntries(
          raw.firewall.chains
            .filter((c) => c.policy !== null)
            .map((c) => [`${c.table}:${c.chain}`, c.policy as string]),
        ),
      }
    : null;
  return {
    schema: TOPOLOGY_SCHEMA,
    capturedAt: raw.capturedAt,
    host: {
      hostname: raw.hostname,
      kernel: raw.kernelRelease,
      engine: docker ? { ...docker.engine } : null,
      ipForward: raw.ipForward,
    },
    facets: raw.facets,
    firewall,
    nodes,
    edges,
  };
}

function networkNode(n: DockerNetwork, hostNames: Map<string, Located>): NetworkNode {
  const bridgeName =
    n.driver === 'bridge' ? (n.options['com.docker.network.bridge.name'] ?? `br-${n.id.slice(0, 12)}`) : null;
  const bridge = bridgeName ? hostNames.get(bridgeName) : undefined;
  const userDefined = !(n.name === 'bridge' && n.driver === 'bridge') && n.driver !== 'host' && n.driver !== 'null';
  return {
    id: ids.network(n.id),
    kind: 'network',
    label: n.name,
    name: n.name,
    driver: n.driver,
    internal: n.internal,
    subnets: n.subnets,
    bridge: bridge && bridge.link.kind === 'bridge' ? bridge.id : null,
    icc: n.options['com.docker.network.bridge.enable_icc'] !== 'false',
    scope: n.scope,
    ipv6: n.ipv6,
    attachable: n.attachable,
    embeddedDns: userDefined,
    bridgeName,
    parentName: n.options.parent ?? null,
    mtu: Number(n.options['com.docker.network.driver.mtu']) || null,
    options: n.options,
    labels: n.labels,
  };
}

function ruleFields(read: FirewallRule): FirewallRuleFields {
  // A raw host saved before these matches were parsed lacks them: read as "no such match".
  const r: FirewallRule = { ...emptyRule(read.table, read.chain, read.index, read.text), ...read };
  // Everything but where the rule sits and what it does is what it matches.
  const { table, chain, index, text, target, goto, toDestination, toSource, comment: _comment, ...match } = r;
  return { table, chain, index, target: target ?? '', text, match, goto, toDestination, toSource };
}

function ruleLabel(r: FirewallRule): string {
  if (r.target === 'DNAT' && r.toDestination) return `DNAT ${r.dport ?? '*'} → ${r.toDestination}`;
  if (r.target === 'MASQUERADE' && r.source) return `MASQUERADE ${r.source}`;
  return `${r.chain} #${r.index} ${r.target ?? ''}`.trim();
}

/** The bridge whose subnet a MASQUERADE rule hides behind the host's address. */
function masqueradedBridge(r: FirewallRule, bridges: Located[]): Located | undefined {
  const src = r.source as string;
  if (r.outIface && r.outIfaceNegated) {
    const named = bridges.find((b) => b.link.name === r.outIface);
    if (named) return named;
  }
  return bridges.find((b) =>
    b.link.addresses.some((a) => a.family === 'inet' && cidrContains(`${a.local}/${a.prefixlen}`, src)),
  );
}

function dnatMatchesPort(r: FirewallRule, port: PortNode, ifaces: InterfaceNode[]): boolean {
  if (!r.toDestination || (r.proto ?? 'tcp') !== port.proto) return false;
  if (!portInRange(r.dport, port.hostPort)) return false;
  const wantedDest = port.hostIp === '0.0.0.0' ? null : port.hostIp;
  const ruleDest = r.destination ? addressOf(r.destination) : null;
  if (wantedDest !== ruleDest || (r.destinationNegated && ruleDest !== null)) return false;
  const [destIp, destPort] = r.toDestination.split(':');
  if (destPort !== undefined && Number(destPort) !== port.containerPort) return false;
  return ifaces.some((i) => i.addresses.some((a) => addressOf(a) === destIp));
}

function portInRange(dport: string | null, port: number): boolean {
  if (dport === null) return false;
  const [lo, hi] = dport.split(':').map(Number);
  if (lo === undefined || Number.isNaN(lo)) return false;
  return hi === undefined ? lo === port : port >= lo && port <= hi;
}
