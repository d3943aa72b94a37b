import { parseIPv4 } from '../common/ipv4.js';
import { TopologyIndex } from '../common/topology-index.js';
import type { InterfaceNode, Route, Topology } from '../model/types.js';
import { inCidr, walkChain, type Packet } from './chain-walk.js';
import { egress, forwarding, outsideAddress, throughParent, uplinkOf } from './egress.js';
import { fromOutside } from './ingress.js';
import { dnat, forwardTo, hostTakes, land, localTo, type Leg } from './legs.js';
import { throughNamespaces } from './routers.js';
import {
  addressFor,
  bridgeName,
  findPlace,
  firstAddress,
  ipv4Of,
  linkDown,
  OUTSIDE,
  placeOfAddress,
  routeText,
  routeTo,
  type Place,
  UnknownPlace,
} from './places.js';
import { chainSteps, decidingText, listens, Walk, type ReachFacts, type ReachQuery, type ReachResult } from './walk.js';

export { findContainer, ownerOfAddress } from './places.js';
export type { ReachStep, StepKind } from '../protocol/reach-steps.js';
export type { ListeningSocket, ReachFacts, ReachQuery, ReachResult, Verdict } from './walk.js';

/**
 * Can `src` reach `dst`: the verdict and the walk it rests on, from the model alone — the
 * source's routes, its cable (to a bridge, to the host, or straight into another
 * namespace), the filter chains the first packet meets (FORWARD for traffic the host
 * passes on, INPUT for the host, OUTPUT for what it sends), and delivery in the
 * destination's namespace — or, for `outside` and addresses no one here holds, the way
 * out of the host (core/reach/egress.ts).
 */
export function reach(topology: Topology, q: ReachQuery, facts: ReachFacts = {}): ReachResult {
  const r = walk(topology, q, facts);
  // No one address stands for outside: the one the walk read the rules with is not it.
  return q.dst === OUTSIDE ? { ...r, address: null } : r;
}

function walk(topology: Topology, q: ReachQuery, facts: ReachFacts): ReachResult {
  const index = TopologyIndex.of(topology);
  const w = new Walk(index);
  const src = findPlace(index, q.src);
  if (typeof src === 'string') throw new UnknownPlace('src', src);
  let dst: Place | string;
  let address: string | null;
  if (parseIPv4(q.dst) !== null) {
    address = q.dst;
    dst = placeOfAddress(topology, index, q.dst);
  } else {
    dst = findPlace(index, q.dst);
    if (typeof dst === 'string') throw new UnknownPlace('dst', dst);
    address = dst.outside ? outsideAddress(topology, index) : addressFor(index, dst, src);
  }
  if (src.outside) {
    if (dst.outside) throw new UnknownPlace('dst', 'outside to outside: name a place on this host for one end');
    return fromOutside({ topology, index, w, q, facts, dst, address });
  }
  for (const p of [src, dst])
    if (p.container && p.container.state !== 'running') {
      w.step('not-running', { name: p.name, state: p.container.state }, p.container.id);
      return w.done('not-running', address);
    }
  if (!src.netns) {
    w.step('no-netns', { name: src.name }, src.container?.id ?? null);
    return w.done('no-route', address);
  }
  if (dst.netns && dst.netns.id === src.netns.id) {
    w.step('same-netns', { src: src.name, dst: dst.name }, src.netns.id);
    return w.done('reachable', address);
  }
  if (!address) {
    w.step('no-address', { name: dst.name }, dst.container?.id ?? null);
    return w.done('no-route', null);
  }
  const shown = dst.outside ? OUTSIDE : address;
  const isLocal = localTo(topology, index);
  const route = routeTo(src.netns, address);
  const routed = index.iface(route?.dev);
  const toSelf = src.netns.host && isLocal(address);
  if ((!route || !routed) && !toSelf) {
    w.step('no-route', { src: src.name, address: shown }, src.netns.id);
    return w.done('no-route', address);
  }
  const out = routed ?? (index.interfacesIn(src.netns.id).find((i) => i.name === 'lo') as InterfaceNode);
  if (route && routed) {
    const box = src.netns.host ? [] : [src.netns.id];
    w.step('route', { src: src.name, address: shown, route: routeText(route, routed) }, routed.id, box);
    if (linkDown(routed, routed.type === 'veth' ? index.vethPeer(routed.id) : undefined)) {
      w.step('link-down', { dev: routed.name }, routed.id);
      return w.done('no-route', address);
    }
  }
  if (out.type === 'macvlan' && dst.netns?.host) {
    w.step('macvlan-isolation', { dev: out.name }, out.id);
    return w.done('blocked', address, 'macvlan: a child cannot reach its parent host');
  }
  // The address it leaves with: the route's preferred source, else the way out's own.
  w.from = route?.prefsrc ?? ipv4Of(out)[0] ?? firstAddress(index, src);
  const leg: Leg = {
    topology,
    index,
    w,
    q,
    facts,
    dst,
    address,
    shown,
    isLocal,
    base: { src: w.from ?? '0.0.0.0', proto: q.proto },
  };
  if (src.netns.host) return fromHost(leg, route, toSelf);
  if ((out.type === 'macvlan' || out.type === 'ipvlan') && route && !dst.netns) {
    const r = throughParent(w, out, route, shown, address);
    if (r) return r;
  }
  const peer = out.type === 'veth' ? index.vethPeer(out.id) : undefined;
  if (!peer) {
    w.step('unmodelled', { dev: out.name, type: out.type }, out.id);
    return w.done(dst.netns ? 'reachable' : 'no-route', address);
  }
  if (peer.parent === index.hostNetns?.id) return intoHost(leg, out, peer);
  // A veth straight into another namespace, no bridge between: the classic first exercise.
  const there = index.netnsName(peer.parent);
  w.step('veth-pair', { dev: out.name, peer: peer.name, name: there }, peer.id);
  if (dst.netns?.id === peer.parent) return land(leg, dst, address, q, peer);
  return throughNamespaces(leg, peer);
}

/**
 * Where the host's route sends it: off the host (egress), or — for an address that is
 * someone's here — nowhere it can arrive, since the route leads away from them.
 */
function offHost(
  leg: Leg,
  toAddress: string,
  route: Route,
  dev: InterfaceNode,
  inIface: string | null,
): ReachResult | null {
  const nic = uplinkOf(leg.index, dev);
  if (!nic) return null;
  const target = toAddress === leg.address ? leg.dst : placeOfAddress(leg.topology, leg.index, toAddress);
  if (target.netns) {
    const params = { address: toAddress, name: target.name, route: routeText(route, dev), dev: nic.name };
    leg.w.step('astray', params, nic.id);
    return leg.w.done('no-route', toAddress);
  }
  const packet: Packet = { ...leg.base, dst: toAddress, dport: leg.q.port ?? null, inIface, outIface: dev.name };
  const shown = toAddress === leg.address ? leg.shown : toAddress;
  return egress(leg.w, {
    topology: leg.topology,
    isLocal: leg.isLocal,
    packet,
    shown,
    address: toAddress,
    route,
    dev,
    nic,
  });
}

/**
 * From the host itself: a published port is DNATed in nat OUTPUT first; then out by its
 * route, through filter OUTPUT, to whatever is on that link — or off the host.
 */
function fromHost(leg: Leg, route: Route | undefined, toSelf: boolean): ReachResult {
  const { w, index, topology, q, facts, address } = leg;
  const host = index.hostNetns?.id ?? null;
  const moved = dnat(leg, 'OUTPUT', null);
  if (!moved && toSelf) {
    w.step('local', { address }, host);
    return listens(w, facts, q, host, address);
  }
  const toAddress = moved?.address ?? address;
  const qq = moved ? { ...q, port: moved.port } : q;
  const hostNs = index.hostNetns;
  const viaRoute = moved ? (hostNs ? routeTo(hostNs, toAddress) : undefined) : route;
  const dev = index.iface(viaRoute?.dev);
  if (!dev || !viaRoute) {
    w.step('no-route', { src: 'host', address: toAddress }, host);
    return w.done('no-route', toAddress);
  }
  const away = offHost(leg, toAddress, viaRoute, dev, null);
  if (away) return away;
  const p: Packet = { ...leg.base, dst: toAddress, dport: qq.port ?? null, inIface: null, outIface: dev.name };
  const v = walkChain(topology, 'OUTPUT', p, leg.isLocal);
  chainSteps(w, 'OUTPUT', v);
  if (v.verdict !== 'accept') return w.done('blocked', toAddress, decidingText(v));
  return land(leg, moved ? placeOfAddress(topology, index, toAddress) : leg.dst, toAddress, qq, dev);
}

/**
 * Into the host by the veth's host end — a port of a bridge, or (no bridge) the end
 * itself: the host takes it (INPUT, a published port's DNAT first), or passes it on
 * (FORWARD: bridged to the same bridge, routed to another, or routed off the host).
 */
function intoHost(leg: Leg, out: InterfaceNode, hostSide: InterfaceNode): ReachResult {
  const { w, index, topology, q, address } = leg;
  const master = index.iface(hostSide.master);
  const bridge = master?.type === 'bridge' ? master : undefined;
  const ingress = bridge ?? hostSide;
  if (bridge)
    w.step('veth', { dev: out.name, peer: hostSide.name, bridge: bridgeName(index, bridge) }, hostSide.id, [bridge.id]);
  else w.step('veth-pair', { dev: out.name, peer: hostSide.name, name: 'host' }, hostSide.id);
  const moved = dnat(leg, 'PREROUTING', ingress.name);
  if (!moved && (leg.dst.netns?.host || leg.isLocal(address))) return hostTakes(leg, ingress, q);
  const toAddress = moved?.address ?? address;
  const qq = moved ? { ...q, port: moved.port } : q;
  // Bridged (same bridge) or routed by the host (another link): FORWARD either way, since
  // Docker turns on br_netfilter for bridged traffic.
  const hostRoute = index.hostNetns ? routeTo(index.hostNetns, toAddress) : undefined;
  const onSame = bridge?.addresses.some((a) => a.includes('/') && inCidr(a, toAddress)) === true;
  const outDev = onSame ? bridge : index.iface(hostRoute?.dev);
  if (!outDev) {
    w.step('no-route', { src: 'host', address: moved ? toAddress : leg.shown }, index.hostNetns?.id ?? null);
    return w.done('no-route', toAddress);
  }
  if (onSame) w.step('bridge', { bridge: bridgeName(index, outDev), address: toAddress }, outDev.id);
  else {
    const away = hostRoute ? offHost(leg, toAddress, hostRoute, outDev, ingress.name) : null;
    if (away) return away;
    const names = { from: bridgeName(index, ingress), to: bridgeName(index, outDev) };
    w.step('host-route', names, outDev.id, [ingress.id]);
    const off = forwarding(w, topology, toAddress, ingress.name, outDev.name);
    if (off) return off;
  }
  const to = moved ? placeOfAddress(topology, index, toAddress) : leg.dst;
  return forwardTo(leg, ingress.name, outDev, toAddress, qq, to);
}
