import { parseIPv4 } from '../common/ipv4.js';
import { TopologyIndex } from '../common/topology-index.js';
import type { InterfaceNode, Topology } from '../model/types.js';
import { inCidr, natWalk, walkChain, type Packet } from './chain-walk.js';
import {
  addressesOf,
  addressFor,
  findPlace,
  firstAddress,
  ipv4Of,
  placeOfAddress,
  routeTo,
  type Place,
} from './places.js';
import { makeStep, type ReachStep, type StepKind } from '../protocol/reach-steps.js';

export { findContainer, ownerOfAddress } from './places.js';
export type { ReachStep, StepKind } from '../protocol/reach-steps.js';

export type Verdict = 'reachable' | 'blocked' | 'no-route' | 'refused' | 'not-running';

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

class Walk {
  readonly steps: ReachStep[] = [];
  from: string | null = null;
  constructor(readonly index: TopologyIndex) {}
  step(kind: StepKind, params: Record<string, string>, element: string | null = null, via: string[] = []): void {
    this.steps.push(makeStep(kind, params, element, via));
  }
  done(verdict: Verdict, address: string | null, deciding: string | null = null): ReachResult {
    return { verdict, address, deciding, from: this.from, steps: this.steps };
  }
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
  const local = addressesOf(topology, index).local;
  const isLocal = (a: string): boolean => local.has(a) || a.startsWith('127.');
  const route = routeTo(src.netns, address);
  const routed = index.iface(route?.dev);
  // The host's own addresses are in its local table, which the model does not carry.
  const toSelf = src.netns.host && isLocal(address);
  if ((!route || !routed) && !toSelf) {
    w.step('no-route', { src: src.name, address }, src.netns.id);
    return w.done('no-route', address);
  }
  const out = routed ?? (index.interfacesIn(src.netns.id).find((i) => i.name === 'lo') as InterfaceNode);
  if (route && routed)
    w.step(
      'route',
      {
        src: src.name,
        address,
        route: `${route.dst}${route.gateway ? ` via ${route.gateway}` : ''} dev ${routed.name}`,
      },
      routed.id,
      src.netns.host ? [] : [src.netns.id],
    );
  const hostSide = out.type === 'veth' ? index.vethPeer(out.id) : undefined;
  const bridge = index.iface(hostSide?.master);
  if (out.type === 'macvlan' && dst.netns?.host) {
    w.step('macvlan-isolation', { dev: out.name }, out.id);
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
      {
        chain: nat.dnat.chain,
        rule: nat.dnat.text,
        from: `${address}:${q.port}`,
        to: `${next.address}:${next.port}`,
      },
      nat.dnat.id,
    );
    return next;
  };

  const land = (to: Place, toAddress: string, qq: ReachQuery, by: InterfaceNode): ReachResult => {
    if (!to.netns) {
      w.step('leave', { dev: by.name }, by.id);
      return w.done('reachable', toAddress);
    }
    w.step('deliver', { name: to.name, address: toAddress }, to.netns.id, cableInto(index, to.netns.id, by));
    return listens(w, facts, qq, to.netns.id, toAddress);
  };

  if (src.netns.host) {
    // From the host itself: a published port is DNATed in nat OUTPUT first; then out by its
    // route, through filter OUTPUT, to whatever is on that link.
    const moved = dnat('OUTPUT', null);
    if (!moved && toSelf) {
      w.step('local', { address }, src.netns.id);
      return listens(w, facts, q, src.netns.id, address);
    }
    const toAddress = moved?.address ?? address;
    const qq = moved ? { ...q, port: moved.port } : q;
    const dev = moved ? index.iface(routeTo(src.netns, toAddress)?.dev) : out;
    if (!dev) {
      w.step('no-route', { src: 'host', address: toAddress }, src.netns.id);
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
    w.step('unmodelled', { dev: out.name, type: out.type }, out.id);
    return w.done(dst.netns ? 'reachable' : 'no-route', address);
  }
  w.step('veth', { dev: out.name, peer: hostSide.name, bridge: bridgeName(index, bridge) }, hostSide.id, [bridge.id]);
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
    w.step('deliver-host', { dev: bridgeName(index, bridge) }, bridge.id);
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
    w.step('no-route', { src: 'host', address: toAddress }, index.hostNetns?.id ?? null);
    return w.done('no-route', toAddress);
  }
  if (onSame) w.step('bridge', { bridge: bridgeName(index, bridge), address: toAddress }, outBridge.id);
  else
    w.step('host-route', { from: bridgeName(index, bridge), to: bridgeName(index, outBridge) }, outBridge.id, [
      bridge.id,
    ]);
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
    w.step('listen-unknown', { proto: q.proto, port: String(q.port) }, netnsId);
    return w.done('reachable', address);
  }
  const any = new Set(['0.0.0.0', '::', address, `::ffff:${address}`]);
  const hit = sockets.find((s) => s.proto === q.proto && s.port === q.port && any.has(s.address));
  if (hit) {
    w.step('listens', { address: hit.address, port: String(hit.port), proto: hit.proto }, netnsId);
    return w.done('reachable', address);
  }
  w.step('refused', { proto: q.proto, port: String(q.port) }, netnsId);
  return w.done('refused', address, `nothing listens on ${q.proto}/${q.port}`);
}

/** A bridge by its name and, for a Docker network's, the network's: what a reader recognises. */
function bridgeName(index: TopologyIndex, b: InterfaceNode): string {
  const net = index.networkOfBridge(b.id);
  return net && net.name !== b.name ? `${b.name} (${net.name})` : b.name;
}

/** The far end's cable: the bridge port and the interface it joins in the namespace the packet lands in. */
function cableInto(index: TopologyIndex, netnsId: string, by: InterfaceNode): string[] {
  for (const i of index.interfacesIn(netnsId)) {
    const peer = i.type === 'veth' ? index.vethPeer(i.id) : undefined;
    if (peer && (peer.master === by.id || peer.id === by.id)) return [peer.id, i.id];
  }
  return [];
}

function decidingText(v: ReturnType<typeof walkChain>): string {
  return v.deciding ? v.deciding.text : `policy ${v.verdict.toUpperCase()} of ${v.policyOf ?? 'the chain'}`;
}

function chainSteps(w: Walk, chain: string, v: ReturnType<typeof walkChain>): void {
  for (const r of v.hits) w.step(r === v.deciding ? 'decides' : 'rule', { chain: r.chain, rule: r.text }, r.id);
  if (!v.deciding) w.step('policy', { chain, policy: v.verdict.toUpperCase() }, null);
}
