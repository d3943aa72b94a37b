import type { TopologyIndex } from '../common/topology-index.js';
import type { InterfaceNode, Topology } from '../model/types.js';
import { walkChain, type Packet } from './chain-walk.js';
import { addressesOf, bridgeName, cableInto, type Place } from './places.js';
import {
  chainSteps,
  decidingText,
  dnatStep,
  listens,
  type ReachFacts,
  type ReachQuery,
  type ReachResult,
  type Walk,
} from './walk.js';

/** One question being walked: what every leg of the walk reads (reach.ts, ingress.ts). */
export interface Leg {
  topology: Topology;
  index: TopologyIndex;
  w: Walk;
  q: ReachQuery;
  facts: ReachFacts;
  dst: Place;
  /** The address the packet is sent to (for `outside`, the address standing for it). */
  address: string;
  /** What the words call the destination: `outside`, or the address. */
  shown: string;
  isLocal: (address: string) => boolean;
  base: Pick<Packet, 'src' | 'proto'>;
}

/** Whether an address is the host's own: its interfaces' addresses, and 127.0.0.0/8 (its local table, which the model does not carry). */
export function localTo(topology: Topology, index: TopologyIndex): (address: string) => boolean {
  const local = addressesOf(topology, index).local;
  return (a) => local.has(a) || a.startsWith('127.');
}

/** Where the packet ends: delivered in a namespace, or nobody's on that link. */
export function land(leg: Leg, to: Place, toAddress: string, qq: ReachQuery, by: InterfaceNode): ReachResult {
  const { w } = leg;
  if (!to.netns) {
    w.step('unheld', { dev: by.name, address: toAddress }, by.id);
    return w.done('no-route', toAddress);
  }
  w.step('deliver', { name: to.name, address: toAddress }, to.netns.id, cableInto(leg.index, to.netns.id, by));
  return listens(w, leg.facts, qq, to.netns.id, toAddress);
}

/** A published port: the DNAT the nat table applies from `chain`, as the new address and port. */
export function dnat(
  leg: Leg,
  chain: 'PREROUTING' | 'OUTPUT',
  inIface: string | null,
): { address: string; port: number } | null {
  const { q, address } = leg;
  if (q.proto === 'icmp' || q.port == null || !leg.isLocal(address)) return null;
  const p: Packet = { ...leg.base, dst: address, dport: q.port, inIface, outIface: null };
  return dnatStep(leg.w, leg.topology, chain, p, leg.isLocal);
}

/** The host takes a packet that came in by `by`: filter INPUT, then whether anything listens there. */
export function hostTakes(leg: Leg, by: InterfaceNode, qq: ReachQuery): ReachResult {
  const { w, index, address } = leg;
  const p: Packet = { ...leg.base, dst: address, dport: qq.port ?? null, inIface: by.name, outIface: null };
  const v = walkChain(leg.topology, 'INPUT', p, leg.isLocal);
  chainSteps(w, 'INPUT', v);
  if (v.verdict !== 'accept') return w.done('blocked', address, decidingText(v));
  w.step('deliver-host', { dev: bridgeName(index, by) }, by.id);
  return listens(w, leg.facts, qq, index.hostNetns?.id ?? null, address);
}

/** The host passes it on from `inIface` to `outDev`: filter FORWARD, then where it lands. */
export function forwardTo(
  leg: Leg,
  inIface: string,
  outDev: InterfaceNode,
  toAddress: string,
  qq: ReachQuery,
  to: Place,
): ReachResult {
  const { w } = leg;
  const packet: Packet = { ...leg.base, dst: toAddress, dport: qq.port ?? null, inIface, outIface: outDev.name };
  const v = walkChain(leg.topology, 'FORWARD', packet, leg.isLocal);
  chainSteps(w, 'FORWARD', v);
  if (v.verdict !== 'accept') return w.done('blocked', toAddress, decidingText(v));
  return land(leg, to, toAddress, qq, outDev);
}
