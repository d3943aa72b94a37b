import type {
  ContainerNode,
  FilterRuleNode,
  InterfaceNode,
  NatRuleNode,
  NetnsNode,
  NetworkNode,
  PortNode,
  Route,
  Topology,
  TopologyEdge,
  TopologyNode,
} from '../../core/model/types.js';
import type { Language } from '../store/types.js';
import {
  containerCommands,
  interfaceCommands,
  netnsCommands,
  networkCommands,
  portCommands,
  ruleCommands,
} from './commands.js';
import { buildContext, netnsOf, ownerOf, sharedWithName, type Context } from './context.js';
import { edgeExplanation } from './explain-edges.js';
import {
  join,
  listOrNone,
  sentences,
  orNone,
  portBinding,
  record,
  yesNo,
  type Explanation,
  type Fact,
} from './format.js';
import type { ExplainTexts } from './texts.js';
import { EN } from './texts-en.js';
import { ZH } from './texts-zh.js';

export { portBinding, type Explanation, type Fact } from './format.js';

export const TEXTS: Record<Language, ExplainTexts> = { en: EN, 'zh-CN': ZH };

export type Element = TopologyNode | TopologyEdge;

/** Finds a node or edge by model id. */
export function findElement(topology: Topology, id: string): Element | undefined {
  return topology.nodes.find((n) => n.id === id) ?? topology.edges.find((e) => e.id === id);
}

export const isEdge = (el: Element): el is TopologyEdge => 'source' in el && 'target' in el;

export function explain(element: Element, topology: Topology, lang: Language): Explanation {
  const t = TEXTS[lang];
  const ctx = buildContext(topology);
  if (isEdge(element)) return edgeExplanation(element, ctx, t);
  switch (element.kind) {
    case 'netns':
      return netnsExplanation(element, ctx, t);
    case 'interface':
      return interfaceExplanation(element, ctx, t);
    case 'container':
      return containerExplanation(element, ctx, t);
    case 'network':
      return networkExplanation(element, ctx, t);
    case 'port':
      return portExplanation(element, ctx, t);
    case 'nat-rule':
    case 'filter-rule':
      return ruleExplanation(element, ctx, t);
  }
}

function routeText(r: Route): string {
  return join(r.dst, r.gateway && `via ${r.gateway}`, r.devName && `dev ${r.devName}`, r.prefsrc && `src ${r.prefsrc}`);
}

function netnsExplanation(ns: NetnsNode, ctx: Context, t: ExplainTexts): Explanation {
  const users = ctx.usersOf(ns.id).map((c) => c.name);
  const summary = ns.host
    ? t.netns.host
    : ns.name
      ? t.netns.named(ns.name)
      : users.length > 1
        ? t.netns.shared(t.list(users))
        : users.length === 1
          ? t.netns.container(users[0] as string)
          : t.netns.orphan;
  const facts: Fact[] = [
    [t.facts.kind, t.kindNames.netns as string],
    [t.facts.inode, String(ns.inode)],
    [t.facts.hostNetns, yesNo(t, ns.host)],
    [t.facts.netnsName, orNone(t, ns.name)],
    [t.facts.usedBy, listOrNone(t, users)],
    [t.facts.routes, ns.routes.length ? ns.routes.map(routeText).join('; ') : t.none],
  ];
  if (ns.host) {
    const ipf = ctx.topology.host.ipForward;
    facts.push([t.facts.ipForward, ipf === null ? t.none : yesNo(t, ipf)]);
  }
  facts.push([t.facts.id, ns.id]);
  const title = ns.host ? t.titles.hostNetns(ctx.topology.host.hostname) : t.titles.netns(ns.label);
  return { title, summary, facts, commands: netnsCommands(ctx, ns) };
}

function interfaceSummary(iface: InterfaceNode, ctx: Context, t: ExplainTexts): string {
  const ns = netnsOf(ctx, iface);
  const master = ctx.node(iface.master);
  const peer = ctx.vethPeer(iface.id);
  const lowerEdge = ctx.topology.edges.find((e) => e.kind === 'lower' && e.source === iface.id);
  const parent = lowerEdge ? ctx.labelOf(lowerEdge.target) : null;
  let text: string;
  if (iface.type === 'bridge') {
    const net = ctx.networkOfBridge(iface.id);
    const ports = ctx.topology.nodes.filter((n) => n.kind === 'interface' && n.master === iface.id).length;
    const gw = iface.addresses.find((a) => !a.includes(':')) ?? null;
    text = t.iface.bridge(net?.name ?? null, gw, ports);
  } else if (iface.type === 'veth') {
    const peerNs = peer ? netnsOf(ctx, peer) : undefined;
    const peerMaster = peer ? ctx.node(peer.master) : undefined;
    if (ns?.host && peer)
      text = t.iface.vethHost(peer.name, ownerOf(ctx, peer.parent)?.name ?? null, master?.label ?? null);
    else if (peer && peerNs?.host) text = t.iface.vethContainer(peer.name, peerMaster?.label ?? null);
    else text = t.iface.vethOther(peer?.name ?? null);
  } else if (iface.type === 'loopback') text = t.iface.loopback;
  else if (iface.type === 'macvlan') text = t.iface.macvlan(parent);
  else if (iface.type === 'ipvlan') text = t.iface.ipvlan(parent);
  else if (iface.type === 'device' && ns?.host) text = t.iface.nic;
  else text = t.iface.other(iface.type);
  const down = !iface.up || iface.operstate === 'DOWN' || iface.operstate === 'LOWERLAYERDOWN';
  return sentences(t, text, down && t.iface.isDown(iface.operstate));
}

function interfaceExplanation(iface: InterfaceNode, ctx: Context, t: ExplainTexts): Explanation {
  const ns = netnsOf(ctx, iface);
  const where = ns?.host ? ctx.topology.host.hostname : (ownerOf(ctx, iface.parent)?.name ?? ns?.label ?? t.none);
  const peer = ctx.vethPeer(iface.id);
  const facts: Fact[] = [
    [t.facts.kind, t.kindNames.interface as string],
    [t.facts.name, iface.name],
    [t.facts.type, iface.type],
    [t.facts.netns, ns ? ns.label : iface.parent],
    [t.facts.addresses, listOrNone(t, iface.addresses)],
    [t.facts.mac, orNone(t, iface.mac)],
    [t.facts.mtu, String(iface.mtu)],
    [t.facts.admin, iface.up ? t.up : t.down],
    [t.facts.operstate, iface.operstate],
    [t.facts.master, orNone(t, iface.master && ctx.labelOf(iface.master))],
  ];
  if (peer) facts.push([t.facts.vethPeer, `${peer.name} (${netnsOf(ctx, peer)?.label ?? peer.parent})`]);
  facts.push([t.facts.ifindex, String(iface.ifindex)], [t.facts.id, iface.id]);
  return {
    title: t.titles.iface(iface.name, where),
    summary: interfaceSummary(iface, ctx, t),
    facts,
    commands: interfaceCommands(ctx, iface),
  };
}

function containerExplanation(c: ContainerNode, ctx: Context, t: ExplainTexts): Explanation {
  const endpoints = ctx.endpointsOf(c.id);
  const networks = endpoints.map((e) => ctx.node(e.target)).filter((n): n is NetworkNode => n?.kind === 'network');
  const names = t.list(networks.map((n) => n.name));
  const shared = sharedWithName(ctx, c);
  const mode = c.networkMode;
  let text: string;
  if (shared) text = t.container.shared(shared);
  else if (mode === 'host') text = t.container.host;
  else if (mode === 'none') text = t.container.none;
  else if (networks.some((n) => n.driver === 'macvlan' || n.driver === 'ipvlan')) text = t.container.macvlan(names);
  else text = t.container.bridged(networks.length ? networks.map((n) => n.name) : [mode]);
  const bridged = networks.filter((n) => n.driver === 'bridge');
  const dns = bridged.some((n) => n.embeddedDns) ? t.container.dns : bridged.length ? t.container.noDns : null;
  const ports = ctx.portsOf(c.id).length;
  const running = c.state === 'running' || c.pid > 0;
  const summary = sentences(
    t,
    text,
    !shared && dns,
    ports > 0 && t.container.ports(ports),
    !running && t.container.stopped(c.state),
  );
  const facts: Fact[] = [
    [t.facts.kind, t.kindNames.container as string],
    [t.facts.name, c.name],
    [t.facts.image, c.image],
    [t.facts.state, c.state],
    [t.facts.networkMode, shared ? `container:${shared}` : mode],
    [
      t.facts.networks,
      listOrNone(
        t,
        endpoints.map((e) => join(ctx.labelOf(e.target), e.ipv4 && `(${e.ipv4})`)),
      ),
    ],
    [t.facts.pid, c.pid > 0 ? String(c.pid) : t.none],
    [t.facts.netns, orNone(t, c.netns && ctx.labelOf(c.netns))],
    [t.facts.shortId, c.shortId],
    [t.facts.labels, record(t, c.labels)],
    [t.facts.id, c.id],
  ];
  return { title: t.titles.container(c.name), summary, facts, commands: containerCommands(ctx, c) };
}

function networkExplanation(n: NetworkNode, ctx: Context, t: ExplainTexts): Explanation {
  let text: string;
  if (n.driver === 'bridge') {
    const br = n.bridgeName ?? ctx.labelOf(n.bridge);
    text = n.embeddedDns ? t.network.userBridge(br) : t.network.defaultBridge(br);
  } else if (n.driver === 'host') text = t.network.host;
  else if (n.driver === 'null') text = t.network.none;
  else if (n.driver === 'macvlan' || n.driver === 'ipvlan') text = t.network.macvlan(n.driver, n.parentName);
  else if (n.driver === 'overlay') text = t.network.overlay;
  else text = t.network.other(n.driver);
  const bridge = n.driver === 'bridge';
  const count = ctx.endpointsOn(n.id).length;
  const summary = sentences(
    t,
    text,
    n.internal && t.network.internal,
    bridge && !n.internal && t.network.masquerade,
    bridge && !n.icc && t.network.icc,
    t.network.endpoints(count),
  );
  const facts: Fact[] = [
    [t.facts.kind, t.kindNames.network as string],
    [t.facts.name, n.name],
    [t.facts.driver, n.driver],
    [t.facts.scope, n.scope],
    [
      t.facts.subnets,
      listOrNone(
        t,
        n.subnets.map((s) => join(s.subnet, s.gateway && `gw ${s.gateway}`)),
      ),
    ],
    [t.facts.bridge, orNone(t, n.bridgeName)],
    [t.facts.internal, yesNo(t, n.internal)],
    [t.facts.icc, yesNo(t, n.icc)],
    [t.facts.embeddedDns, yesNo(t, n.embeddedDns)],
    [t.facts.ipv6, yesNo(t, n.ipv6)],
    [t.facts.attachable, yesNo(t, n.attachable)],
    [t.facts.parentLink, orNone(t, n.parentName)],
    [t.facts.mtu, n.mtu === null ? t.defaultMtu : String(n.mtu)],
    [t.facts.options, record(t, n.options)],
    [t.facts.labels, record(t, n.labels)],
    [t.facts.id, n.id],
  ];
  return { title: t.titles.network(n.name), summary, facts, commands: networkCommands(n) };
}

function portExplanation(p: PortNode, ctx: Context, t: ExplainTexts): Explanation {
  const cname = ctx.labelOf(p.container);
  const loopback = p.hostIp.startsWith('127.') || p.hostIp === '::1';
  const summary = sentences(
    t,
    t.port.summary(p.hostIp, p.hostPort, p.proto, p.containerPort, cname),
    loopback && t.port.loopbackOnly,
    p.rule === null && t.port.noRule,
  );
  const rule = ctx.node(p.rule);
  const facts: Fact[] = [
    [t.facts.kind, t.kindNames.port as string],
    [t.facts.proto, p.proto],
    [t.facts.hostAddress, `${p.hostIp}:${p.hostPort}`],
    [t.facts.container, cname],
    [t.facts.containerPort, String(p.containerPort)],
    [t.facts.rule, rule && rule.kind === 'nat-rule' ? rule.text : orNone(t, p.rule)],
    [t.facts.id, p.id],
  ];
  return { title: t.titles.port(portBinding(p)), summary, facts, commands: portCommands(ctx, p) };
}

function ruleExplanation(r: NatRuleNode | FilterRuleNode, ctx: Context, t: ExplainTexts): Explanation {
  const what =
    r.target === 'DNAT'
      ? t.rule.dnat
      : r.target === 'MASQUERADE'
        ? t.rule.masquerade
        : r.target === 'SNAT'
          ? t.rule.snat
          : r.target === 'DROP' || r.target === 'REJECT'
            ? t.rule.filterDrop
            : r.target === 'ACCEPT'
              ? t.rule.filterAccept
              : r.target && r.target !== 'RETURN'
                ? t.rule.jump(r.target)
                : t.rule.other;
  const summary = sentences(t, what, t.rule.where(r.table, r.chain, r.index), t.rule.chainNote(r.chain));
  const facts: Fact[] = [
    [t.facts.kind, t.kindNames[r.kind] as string],
    [t.facts.table, r.table],
    [t.facts.chain, r.chain],
    [t.facts.index, String(r.index)],
    [t.facts.target, orNone(t, r.target)],
    [t.facts.text, r.text],
    [t.facts.firewallBackend, orNone(t, ctx.topology.firewall?.backend)],
    [t.facts.id, r.id],
  ];
  return { title: t.titles.rule(r.chain, r.index), summary, facts, commands: ruleCommands(ctx, r) };
}
