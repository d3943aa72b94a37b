import { addressOf, parseIPv4 } from '../common/ipv4.js';
import { TopologyIndex } from '../common/topology-index.js';
import type { ContainerNode, InterfaceNode, NetnsNode, Route, Topology } from '../model/types.js';
import { cidrOf, inCidr } from './chain-walk.js';

/** Where a packet starts or ends: a namespace, the addresses it has there, a name. */
export interface Place {
  name: string;
  netns: NetnsNode | undefined;
  container: ContainerNode | null;
  /** `outside`: anywhere beyond this host, reached by the host's default route. */
  outside?: boolean;
}

export const OUTSIDE = 'outside';

/** A question naming a place this host does not have: which end it was, and why. */
export class UnknownPlace extends Error {
  constructor(
    readonly end: 'src' | 'dst',
    message: string,
  ) {
    super(message);
    this.name = 'UnknownPlace';
  }
}

/** Per topology, once: which interface holds each IPv4 address, and the host's own addresses. */
export interface Addresses {
  owner: Map<string, InterfaceNode>;
  local: Set<string>;
}
const ADDRESSES = new WeakMap<Topology, Addresses>();
export function addressesOf(topology: Topology, index: TopologyIndex): Addresses {
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

export const ipv4Of = (i: InterfaceNode): string[] =>
  i.addresses.filter((a) => parseIPv4(addressOf(a)) !== null).map((a) => addressOf(a));

/** An interface's IPv4 addresses with their prefix: the links it is on. */
export const ipv4Cidrs = (i: InterfaceNode): string[] =>
  i.addresses.filter((a) => a.includes('/') && parseIPv4(addressOf(a)) !== null);

/** A route as `ip route` prints it. */
export const routeText = (r: Route, dev: InterfaceNode): string =>
  `${r.dst}${r.gateway ? ` via ${r.gateway}` : ''} dev ${dev.name}`;

/**
 * Down, or without carrier: nothing crosses it. A veth has carrier while both ends are
 * up, so its peer's own state is read — the kernel updates operstate up to a second
 * late (linkwatch), and a pair just made may still say DOWN. Other links (a NIC with its
 * cable out, a veth whose peer was not read) are read by their operstate.
 */
export const linkDown = (i: InterfaceNode, peer: InterfaceNode | undefined): boolean =>
  !i.up || (peer ? !peer.up : i.operstate === 'DOWN' || i.operstate === 'LOWERLAYERDOWN');

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
export function placeOfAddress(topology: Topology, index: TopologyIndex, address: string): Place {
  const owner = addressesOf(topology, index).owner.get(address);
  const ns = index.netnsNode(owner?.parent);
  if (ns?.host) return { name: 'host', netns: ns, container: null };
  const user = owner ? index.usersOf(owner.parent)[0] : undefined;
  return { name: user?.name ?? ns?.name ?? address, netns: ns, container: user ?? null };
}

/** `host`, `outside`, a container by name or id, else a namespace by its `ip netns` name. */
export function findPlace(index: TopologyIndex, ref: string): Place | string {
  if (ref === 'host') return { name: 'host', netns: index.hostNetns, container: null };
  if (ref === OUTSIDE) return { name: OUTSIDE, netns: undefined, container: null, outside: true };
  const c = findContainer(index, ref);
  if (c) return { name: c.name, netns: index.netnsNode(c.netns), container: c };
  const ns = index.netns.find((n) => n.name === ref);
  if (ns) return { name: ref, netns: ns, container: null };
  return `no container or named namespace ${JSON.stringify(ref)}`;
}

/** The longest-prefix route to an address in a namespace (default last). */
export function routeTo(ns: NetnsNode, address: string): Route | undefined {
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

/**
 * The destination's address: a container's on a network it shares with the source, else
 * its first; a namespace's (the host's too) on a link the source is on, else its first.
 */
export function addressFor(index: TopologyIndex, dst: Place, src: Place): string | null {
  if (!dst.container) {
    const theirs = index
      .interfacesIn(dst.netns?.id ?? '')
      .flatMap(ipv4Of)
      .filter((a) => !a.startsWith('127.'));
    const links = index.interfacesIn(src.netns?.id ?? '').flatMap(ipv4Cidrs);
    return theirs.find((a) => links.some((c) => inCidr(c, a))) ?? theirs[0] ?? null;
  }
  const mine = new Set(src.container ? index.endpointsOf(src.container.id).map((e) => e.target) : []);
  const eps = index.endpointsOf(dst.container.id).filter((e) => e.ipv4);
  const shared = eps.find((e) => mine.has(e.target)) ?? eps[0];
  return shared?.ipv4 ? addressOf(shared.ipv4) : null;
}

export function firstAddress(index: TopologyIndex, p: Place): string | null {
  return (
    index
      .interfacesIn(p.netns?.id ?? '')
      .flatMap(ipv4Of)
      .find((a) => !a.startsWith('127.')) ?? null
  );
}

/** A bridge by its name and, for a Docker network's, the network's: what a reader recognises. */
export function bridgeName(index: TopologyIndex, b: InterfaceNode): string {
  const net = index.networkOfBridge(b.id);
  return net && net.name !== b.name ? `${b.name} (${net.name})` : b.name;
}

/** The far end's cable: the bridge port and the interface it joins in the namespace the packet lands in. */
export function cableInto(index: TopologyIndex, netnsId: string, by: InterfaceNode): string[] {
  for (const i of index.interfacesIn(netnsId)) {
    const peer = i.type === 'veth' ? index.vethPeer(i.id) : undefined;
    if (peer && (peer.master === by.id || peer.id === by.id)) return [peer.id, i.id];
  }
  return [];
}
