import { addressOf, parseIPv4 } from '../common/ipv4.js';
import { TopologyIndex } from '../common/topology-index.js';
import type { ContainerNode, InterfaceNode, NetnsNode, Route, Topology } from '../model/types.js';
import { cidrOf, inCidr, natWalk, walkChain, type Packet } from './chain-walk.js';

export type Verdict = 'reachable' | 'blocked' | 'no-route' | 'refused' | 'not-running';

/** One hop or decision of the walk, with the model element it rests on. */
export interface ReachStep {
  /** A stable code for the UI's words: leave, bridge, route, chain, policy, deliver, … */
  kind: string;
  /** English, for the CLI and logs. */
  text: string;
  /** Model id of the element the step is about (an interface, a bridge, a rule). */
  element: string | null;
}

export interface ReachQuery {
  /** A container's name or id, or `host`. */
  src: string;
  /** A container's name or id, an IPv4 address, or `host`. */
  dst: string;
  proto: 'icmp' | 'tcp' | 'udp';
  port?: number | null;
}

/** A socket bound in a namespace, as /proc/PID/net/{tcp,udp}[6] list it. */
export interface ListeningSocket {
  proto: 'tcp' | 'udp';
  address: string;
  port: number;
}

/** Facts beyond the model: the sockets bound in a namespace (null when they could not be read). */
export interface ReachFacts {
  listening?(netnsId: string): readonly ListeningSocket[] | null;
}

export interface ReachResult {
  verdict: Verdict;
  /** The address the packet goes to. */
  address: string | null;
  /** The rule text that decided (a DROP, a policy), or null. */
  deciding: string | null;
  /** The source address the packet leaves with (what a trace rule matches on), or null. */
  from: string | null;
  steps: ReachStep[];
}

/** Where a packet starts or ends: a namespace, the addresses it has there, a name. */
interface Place {
  name: string;
  netns: NetnsNode | undefined;
  container: ContainerNode | null;
}

class Walk {
  readonly steps: ReachStep[] = [];
  from: string | null = null;
  constructor(readonly index: TopologyIndex) {}
  step(kind: string, text: string, element: string | null = null): void {
    this.steps.push({ kind, text, element });
  }
  done(verdict: Verdict, address: string | null, deciding: string | null = null): ReachResult {
    return { verdict, address, deciding, from: this.from, steps: this.steps };
  }
}

/** Per topology, once: which interface holds each IPv4 address, and the host's own addresses. */
interface Addresses {
  owner: Map<string, InterfaceNode>;
  local: Set<string>;
}
const ADDRESSES = new WeakMap<Topology, Addresses>();
function addressesOf(topology: Topology, index: TopologyIndex): Addresses {
  let a = ADDRESSES.get(topology);
  if (a) return a;
  a = { owner: new Map(), local: new Set() };
  for (const i of index.interfaces) for (const ip of ipv4Of(i)) if (!a.owner.has(ip)) a.owner.set(ip, i);
  for (const i of index.interfacesIn(index.hostNetns?.id ?? '')) for (const ip of ipv4Of(i)) a.local.add(ip);
  ADDRESSES.set(topology, a);
  return a;
}

/** The interface that holds an IPv4 address on this host, if any. */
export function ownerOfAddress(topology: Topology, address: string): InterfaceNode | undefined {
  return addressesOf(topology, TopologyIndex.of(topology)).owner.get(address);
}

const ipv4Of = (i: InterfaceNode): string[] =>
  i.addresses.filter((a) => parseIPv4(addressOf(a)) !== null).map((a) => addressOf(a));

/** A container by name, else by id or id prefix, as the docker CLI names them. */
export function findContainer(index: TopologyIndex, ref: string): ContainerNode | undefined {
  return (
    index.containers.find((x) => x.name === ref) ??
    index.containers.find(
      (x) => x.id === `container:${ref}` || x.shortId === ref || x.id.startsWith(`container:${ref}`),
    )
  );
}

/** Whose address it is: the host's, a container's (its namespace's first user), or no one's here. */
function placeOfAddress(topology: Topology, index: TopologyIndex, address: string): Place {
  const owner = addressesOf(topology, index).owner.get(address);
  const ns = index.netnsNode(owner?.parent);
  if (ns?.host) return { name: 'host', netns: ns, container: null };
  const user = owner ? index.usersOf(owner.parent)[0] : undefined;
  return { name: user?.name ?? address, netns: ns, container: user ?? null };
}

function findPlace(index: TopologyIndex, ref: string): Place | string {
  if (ref === 'host') return { name: 'host', netns: index.hostNetns, container: null };
  const c = findContainer(index, ref);
  if (!c) return `no container ${JSON.stringify(ref)}`;
  return { name: c.name, netns: index.netnsNode(c.netns), container: c };
}

/** The longest-prefix route to an address in a namespace (default last). */
function routeTo(ns: NetnsNode, address: string): Route | undefined {
  let best: { r: Route; bits: number } | null = null;
  for (const r of ns.routes) {
    const cidr = r.dst === 'default' ? '0.0.0.0/0' : r.dst;
    const c = cidrOf(cidr);
    if (!c) continue;
    // The mask is ones then zeros: its prefix length is the leading zeros of its complement.
    const bits = Math.clz32(~c.mask >>> 0);
    if (inCidr(cidr, address) && (!best || bits > best.bits)) best = { r, bits };
  }
  return best?.r;
}

/** The destination's address: on a network it shares with the source, else its first. */
function addressFor(index: TopologyIndex, dst: Place, src: Place): string | null {
  if (!dst.container) {
    const host = index.interfacesIn(dst.netns?.id ?? '').flatMap(ipv4Of);
    return host.find((a) => !a.startsWith('127.')) ?? null;
  }
  const mine = new Set(src.container ? index.endpointsOf(src.container.id).map((e) => e.target) : []);
  const eps = index.endpointsOf(dst.container.id).filter((e) => e.ipv4);
  const shared = eps.find((e) => mine.has(e.target)) ?? eps[0];
  return shared?.ipv4 ? addressOf(shared.ipv4) : null;
}

/**
 * Can `src` reach `dst`: the verdict and the walk it rests on, from the model alone — the
 * source's routes, its cable to a bridge, the filter chains the first packet meets
 * (FORWARD for traffic between containers, INPUT for the host), delivery in the
 * destination's namespace.
 */
export function reach(topology: Topology, q: ReachQuery, facts: ReachFacts = {}): ReachResult {
  const index = TopologyIndex.of(topology);
  const w = new Walk(index);
  const src = findPlace(index, q.src);
  if (typeof src === 'string') throw new Error(src);
  let dst: Place | string;
  let address: string | null;
  if (parseIPv4(q.dst) !== null) {
    address = q.dst;
    dst = placeOfAddress(topology, index, q.dst);
  } else {
    dst = findPlace(index, q.dst);
    if (typeof dst === 'string') throw new Error(dst);
    address = addressFor(index, dst, src);
  }
  for (const p of [src, dst])
    if (p.container && p.container.state !== 'running') {
      w.step('not-running', `${p.name} is ${p.container.state}: nothing runs in it`, p.container.id);
      return w.done('not-running', address);
    }
  if (!src.netns) {
    w.step('no-netns', `${src.name} has no network namespace Netloom could read`, src.container?.id ?? null);
    return w.done('no-route', address);
  }
  if (dst.netns && dst.netns.id === src.netns.id) {
    w.step(
      'same-netns',
      `${src.name} and ${dst.name} share one network namespace: the packet stays on it`,
      src.netns.id,
    );
    return w.done('reachable', address);
  }
  if (!address) {
    w.step('no-address', `${dst.name} has no IPv4 address`, dst.container?.id ?? null);
    return w.done('no-route', null);
  }
  const local = addressesOf(topology, index).local;
  const isLocal = (a: string): boolean => local.has(a) || a.startsWith('127.');
  const route = routeTo(src.netns, address);
  const routed = index.iface(route?.dev);
  // The host's own addresses are in its local table, which the model does not carry.
  const toSelf = src.netns.host && isLocal(address);
  if ((!route || !routed) && !toSelf) {
    w.step('no-route', `${src.name} has no route to ${address}`, src.netns.id);
    return w.done('no-route', address);
  }
  const out = routed ?? (index.interfacesIn(src.netns.id).find((i) => i.name === 'lo') as InterfaceNode);
  if (route && routed)
    w.step(
      'route',
      `${src.name} sends to ${address} by ${route.dst}${route.gateway ? ` via ${route.gateway}` : ''} dev ${routed.name}`,
      routed.id,
    );
  const hostSide = out.type === 'veth' ? index.vethPeer(out.id) : undefined;
  const bridge = index.iface(hostSide?.master);
  if (out.type === 'macvlan' && dst.netns?.host) {
    w.step(
      'macvlan-isolation',
      `${out.name} is a macvlan child: the kernel does not pass its traffic to its parent's own host`,
      out.id,
    );
    return w.done('blocked', address, 'macvlan: a child cannot reach its parent host');
  }
  // The address it leaves with: the route's preferred source, else the way out's own.
  w.from = route?.prefsrc ?? ipv4Of(out)[0] ?? firstAddress(index, src);
  const base = { src: w.from ?? '0.0.0.0', proto: q.proto };
  /** A published port: the DNAT the nat table applies from `chain`, as the new address and port. */
  const dnat = (chain: 'PREROUTING' | 'OUTPUT', inIface: string | null): { address: string; port: number } | null => {
    if (q.proto === 'icmp' || q.port == null || !isLocal(address)) return null;
    const nat = natWalk(topology, chain, { ...base, dst: address, dport: q.port, inIface, outIface: null }, isLocal);
    const to = nat.dnat?.toDestination ? /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(nat.dnat.toDestination) : null;
    if (!nat.dnat || !to?.[1]) return null;
    const next = { address: to[1], port: to[2] ? Number(to[2]) : q.port };
    w.step(
      'dnat',
      `nat ${nat.dnat.chain}: ${nat.dnat.text} — ${address}:${q.port} becomes ${next.address}:${next.port}`,
      nat.dnat.id,
    );
    return next;
  };

  const land = (to: Place, toAddress: string, qq: ReachQuery, by: InterfaceNode): ReachResult => {
    if (!to.netns) {
      w.step('leave', `it leaves by ${by.name}`, by.id);
      return w.done('reachable', toAddress);
    }
    w.step('deliver', `${to.name} takes it on ${toAddress}`, to.netns.id);
    return listens(w, facts, qq, to.netns.id, toAddress);
  };

  if (src.netns.host) {
    // From the host itself: a published port is DNATed in nat OUTPUT first; then out by its
    // route, through filter OUTPUT, to whatever is on that link.
    const moved = dnat('OUTPUT', null);
    if (!moved && toSelf) {
      w.step('local', `${address} is the host's own address: the packet stays on the host`, src.netns.id);
      return listens(w, facts, q, src.netns.id, address);
    }
    const toAddress = moved?.address ?? address;
    const qq = moved ? { ...q, port: moved.port } : q;
    const dev = moved ? index.iface(routeTo(src.netns, toAddress)?.dev) : out;
    if (!dev) {
      w.step('no-route', `the host has no route to ${toAddress}`, src.netns.id);
      return w.done('no-route', toAddress);
    }
    const v = walkChain(
      topology,
      'OUTPUT',
      { ...base, dst: toAddress, dport: qq.port ?? null, inIface: null, outIface: dev.name },
      isLocal,
    );
    chainSteps(w, 'OUTPUT', v);
    if (v.verdict !== 'accept') return w.done('blocked', toAddress, decidingText(v));
    return land(moved ? placeOfAddress(topology, index, toAddress) : dst, toAddress, qq, dev);
  }
  if (!hostSide || !bridge) {
    w.step('unmodelled', `${out.name} (${out.type}) leads where the walk does not follow yet`, out.id);
    return w.done(dst.netns ? 'reachable' : 'no-route', address);
  }
  w.step('veth', `${out.name} ↔ ${hostSide.name}, a port of bridge ${bridge.name}`, hostSide.id);
  const moved = dnat('PREROUTING', bridge.name);
  if (!moved && (dst.netns?.host || isLocal(address))) {
    const v = walkChain(
      topology,
      'INPUT',
      { ...base, dst: address, dport: q.port ?? null, inIface: bridge.name, outIface: null },
      isLocal,
    );
    chainSteps(w, 'INPUT', v);
    if (v.verdict !== 'accept') return w.done('blocked', address, decidingText(v));
    w.step('deliver', `the host takes it on ${bridge.name}`, bridge.id);
    return listens(w, facts, q, index.hostNetns?.id ?? null, address);
  }
  const toAddress = moved?.address ?? address;
  const qq = moved ? { ...q, port: moved.port } : q;
  // Bridged (same bridge) or routed by the host (another bridge): FORWARD either way, since
  // Docker turns on br_netfilter for bridged traffic.
  const hostRoute = index.hostNetns ? routeTo(index.hostNetns, toAddress) : undefined;
  const onSame = bridge.addresses.some((a) => a.includes('/') && inCidr(a, toAddress));
  const outBridge = onSame ? bridge : index.iface(hostRoute?.dev);
  if (!outBridge) {
    w.step('no-route', `the host has no route to ${toAddress}`, index.hostNetns?.id ?? null);
    return w.done('no-route', toAddress);
  }
  w.step(
    onSame ? 'bridge' : 'host-route',
    onSame
      ? `${bridge.name} bridges it to ${toAddress} on the same network`
      : `the host routes it from ${bridge.name} to ${outBridge.name}`,
    outBridge.id,
  );
  const packet: Packet = {
    ...base,
    dst: toAddress,
    dport: qq.port ?? null,
    inIface: bridge.name,
    outIface: outBridge.name,
  };
  const v = walkChain(topology, 'FORWARD', packet, isLocal);
  chainSteps(w, 'FORWARD', v);
  if (v.verdict !== 'accept') return w.done('blocked', toAddress, decidingText(v));
  return land(moved ? placeOfAddress(topology, index, toAddress) : dst, toAddress, qq, outBridge);
}

/**
 * For tcp and udp, whether anything is bound to the port where the packet lands: nothing
 * there is "refused" (a RST, an ICMP port unreachable), a different answer from "blocked".
 */
function listens(w: Walk, facts: ReachFacts, q: ReachQuery, netnsId: string | null, address: string): ReachResult {
  if (q.proto === 'icmp' || q.port == null) return w.done('reachable', address);
  const sockets = netnsId && facts.listening ? facts.listening(netnsId) : null;
  if (!sockets) {
    w.step('listen-unknown', `whether anything listens on ${q.proto}/${q.port} there was not read`, netnsId);
    return w.done('reachable', address);
  }
  const any = new Set(['0.0.0.0', '::', address, `::ffff:${address}`]);
  const hit = sockets.find((s) => s.proto === q.proto && s.port === q.port && any.has(s.address));
  if (hit) {
    w.step('listens', `something listens on ${hit.address}:${hit.port}/${hit.proto}`, netnsId);
    return w.done('reachable', address);
  }
  w.step('refused', `nothing listens on ${q.proto}/${q.port} there: the connection is refused`, netnsId);
  return w.done('refused', address, `nothing listens on ${q.proto}/${q.port}`);
}

function firstAddress(index: TopologyIndex, p: Place): string | null {
  return (
    index
      .interfacesIn(p.netns?.id ?? '')
      .flatMap(ipv4Of)
      .find((a) => !a.startsWith('127.')) ?? null
  );
}

function decidingText(v: ReturnType<typeof walkChain>): string {
  return v.deciding ? v.deciding.text : `policy ${v.verdict.toUpperCase()} of ${v.policyOf ?? 'the chain'}`;
}

function chainSteps(w: Walk, chain: string, v: ReturnType<typeof walkChain>): void {
  for (const r of v.hits) w.step(r === v.deciding ? 'decides' : 'rule', `${r.chain}: ${r.text}`, r.id);
  if (!v.deciding) w.step('policy', `${chain} ends: its policy ${v.verdict.toUpperCase()} decides`, null);
}
