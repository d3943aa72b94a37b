import { addressOf, parseIPv4 } from '../common/ipv4.js';
import { TopologyIndex } from '../common/topology-index.js';
import type { ContainerNode, InterfaceNode, NetnsNode, Route, Topology } from '../model/types.js';
import { cidrOf, inCidr } from './chain-walk.js';

/** Where a packet starts or ends: a namespace, the addresses it has there, a name. */
export interface Place {
  name: string;
  netns: NetnsNode | undefined;
  container: ContainerNode | null;
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
  return { name: user?.name ?? address, netns: ns, container: user ?? null };
}

export function findPlace(index: TopologyIndex, ref: string): Place | string {
  if (ref === 'host') return { name: 'host', netns: index.hostNetns, container: null };
  const c = findContainer(index, ref);
  if (!c) return `no container ${JSON.stringify(ref)}`;
  return { name: c.name, netns: index.netnsNode(c.netns), container: c };
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

/** The destination's address: on a network it shares with the source, else its first. */
export function addressFor(index: TopologyIndex, dst: Place, src: Place): string | null {
  if (!dst.container) {
    const host = index.interfacesIn(dst.netns?.id ?? '').flatMap(ipv4Of);
    return host.find((a) => !a.startsWith('127.')) ?? null;
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
