import { parseIPv4 } from '../common/ipv4.js';
import type { TopologyIndex } from '../common/topology-index.js';
import type { InterfaceNode, Route, Topology } from '../model/types.js';
import { cidrOf, inCidr, snatWalk, walkChain, type Packet } from './chain-walk.js';
import { ipv4Cidrs, ipv4Of, linkDown, routeText } from './places.js';
import { chainSteps, decidingText, type ReachResult, type Walk } from './walk.js';

/**
 * Addresses that may stand for `outside` (TEST-NET-3, TEST-NET-2, TEST-NET-1, then public
 * resolvers): the first that no route, interface or rule of this host names. Rules that
 * match on `-d` are then read as for any address out there, and the route to it is the
 * default route. Nothing is ever sent to it: the probe refuses `outside`.
 */
const STAND_INS = ['203.0.113.1', '198.51.100.1', '192.0.2.1', '1.1.1.1', '8.8.8.8', '9.9.9.9'];
const STAND_IN = new WeakMap<Topology, string>();

export function outsideAddress(topology: Topology, index: TopologyIndex): string {
  let a = STAND_IN.get(topology);
  if (a) return a;
  const named: string[] = [];
  for (const ns of index.netns) for (const r of ns.routes) if (r.dst !== 'default') named.push(r.dst);
  for (const i of index.interfaces) named.push(...ipv4Cidrs(i));
  for (const r of [...index.filterRules, ...index.natRules])
    for (const c of [r.match?.source, r.match?.destination])
      // A /0 names everything: it cannot set one address apart from another.
      if (c && cidrOf(c)?.mask !== 0) named.push(c);
  a = STAND_INS.find((x) => !named.some((c) => inCidr(c, x))) ?? (STAND_INS[0] as string);
  STAND_IN.set(topology, a);
  return a;
}

/**
 * Whether a packet sent by this host interface leaves the host: anything in the host's
 * namespace but a bridge, the loopback, or a veth whose other end is in a namespace read
 * here (a veth into a namespace Netloom did not read is a cable to somewhere else).
 */
function leavesHost(index: TopologyIndex, i: InterfaceNode): boolean {
  if (i.parent !== index.hostNetns?.id || i.type === 'bridge' || i.type === 'loopback') return false;
  return !(i.type === 'veth' && index.vethPeer(i.id));
}

/**
 * The interface that takes a packet routed by `dev` off the host: `dev` itself, or for a
 * bridge (a host bridged onto its LAN) a port of it that leaves; undefined when it stays.
 */
export function uplinkOf(index: TopologyIndex, dev: InterfaceNode): InterfaceNode | undefined {
  if (leavesHost(index, dev)) return dev;
  if (dev.type !== 'bridge' || dev.parent !== index.hostNetns?.id) return undefined;
  return index.portsOfBridge(dev.id).find((p) => leavesHost(index, p));
}

/**
 * A packet the host routes from one interface to another needs net.ipv4.ip_forward: off,
 * the kernel drops it at the routing decision, before any filter chain, and says nothing.
 * Returns the end of the walk when it is off, else null.
 */
export function forwarding(
  w: Walk,
  topology: Topology,
  address: string | null,
  from: string,
  to: string,
): ReachResult | null {
  const host = w.index.hostNetns?.id ?? null;
  // A document written before the fact was read has no ipForward at all.
  const on = topology.host.ipForward ?? null;
  if (on === false) {
    w.step('forwarding-off', { from, to }, host);
    return w.done('blocked', address, 'net.ipv4.ip_forward = 0');
  }
  if (on === null) w.step('forwarding-unknown', {}, host);
  return null;
}

export interface Exit {
  topology: Topology;
  isLocal: (address: string) => boolean;
  /** The packet at the host's routing decision: from an interface (`inIface`), or the host's own (null). */
  packet: Packet;
  /** What the words call the destination: `outside`, or the address. */
  shown: string;
  /** The result's address. */
  address: string | null;
  /** The host's route, and the device it names (whose name the rules match with `-o`). */
  route: Route;
  dev: InterfaceNode;
  /** The link the packet leaves the host by: `dev`, or the bridge's port that leaves. */
  nic: InterfaceNode;
}

/**
 * The way out of the host, as the kernel takes it: the routing decision (and ip_forward
 * for a packet it routes on), filter FORWARD or OUTPUT with `-o` the way out, nat
 * POSTROUTING's MASQUERADE or SNAT, then the NIC. `reachable` means it leaves by the NIC;
 * what happens beyond is not this host's to say.
 */
export function egress(w: Walk, x: Exit): ReachResult {
  const forwarded = x.packet.inIface !== null;
  const { dev, nic } = x;
  if (forwarded) {
    w.step('outbound', { address: x.shown, route: routeText(x.route, dev), dev: nic.name }, nic.id);
    const off = forwarding(w, x.topology, x.address, x.packet.inIface as string, dev.name);
    if (off) return off;
  }
  if (linkDown(nic, undefined)) {
    w.step('link-down', { dev: nic.name }, nic.id);
    return w.done('no-route', x.address);
  }
  const chain = forwarded ? 'FORWARD' : 'OUTPUT';
  const v = walkChain(x.topology, chain, x.packet, x.isLocal);
  chainSteps(w, chain, v);
  if (v.verdict !== 'accept') return w.done('blocked', x.address, decidingText(v));
  const nat = snatWalk(x.topology, x.packet, x.isLocal);
  const from = x.packet.src;
  if (nat?.target === 'MASQUERADE') {
    const to = masqueradeSource(dev, x.route);
    if (!to) {
      // The kernel's own words for it: "… ate my IP address".
      w.step('masquerade-none', { chain: nat.chain, rule: nat.text, dev: dev.name }, nat.id);
      return w.done('blocked', x.address, nat.text);
    }
    w.step('masquerade', { chain: nat.chain, rule: nat.text, from, to, dev: dev.name }, nat.id);
  } else if (nat) {
    const to = /^\d+\.\d+\.\d+\.\d+/.exec(nat.toSource ?? '')?.[0] ?? nat.toSource ?? '';
    w.step('snat', { chain: nat.chain, rule: nat.text, from, to }, nat.id);
  } else if (!x.isLocal(from)) w.step('no-masquerade', { from }, null);
  w.step('egress', { dev: nic.name, next: x.route.gateway ?? x.shown }, nic.id);
  return w.done('reachable', x.address);
}

/**
 * The source MASQUERADE puts on: the way out's address on the gateway's subnet, else its
 * first, as the kernel picks it (inet_select_addr); null when it has none.
 */
function masqueradeSource(dev: InterfaceNode, route: Route): string | null {
  const gw = route.gateway && parseIPv4(route.gateway) !== null ? route.gateway : null;
  const onLink = gw ? ipv4Cidrs(dev).find((c) => inCidr(c, gw)) : undefined;
  return onLink ? (onLink.split('/')[0] as string) : (ipv4Of(dev).find((a) => !a.startsWith('127.')) ?? null);
}

/**
 * A macvlan or ipvlan child sends straight out on its parent's wire: not through the
 * host's routes, FORWARD or POSTROUTING. Null when the parent does not leave the host
 * (a veth made for a test), so the walk says it does not follow.
 */
export function throughParent(
  w: Walk,
  out: InterfaceNode,
  route: Route,
  shown: string,
  address: string | null,
): ReachResult | null {
  const parent = w.index.iface(w.index.from(out.id, 'lower')[0]?.target);
  if (!parent || !leavesHost(w.index, parent)) return null;
  w.step('macvlan-out', { dev: out.name, type: out.type, parent: parent.name }, out.id);
  if (linkDown(parent, undefined)) {
    w.step('link-down', { dev: parent.name }, parent.id);
    return w.done('no-route', address);
  }
  w.step('egress', { dev: parent.name, next: route.gateway ?? shown }, parent.id);
  return w.done('reachable', address);
}
