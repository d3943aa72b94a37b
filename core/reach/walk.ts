import type { TopologyIndex } from '../common/topology-index.js';
import { natWalk, type Packet, type walkChain } from './chain-walk.js';
import type { Topology } from '../model/types.js';
import { makeStep, type ReachStep, type StepKind } from '../protocol/reach-steps.js';

export type Verdict = 'reachable' | 'blocked' | 'no-route' | 'refused' | 'not-running';

export interface ReachQuery {
  /** A container's name or id, a named namespace (`ip netns add`), or `host`. */
  src: string;
  /** A container's name or id, a named namespace, an IPv4 address, `host` or `outside`. */
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
  /** The address the packet goes to; null for `outside`, which no one address stands for. */
  address: string | null;
  /** The rule text that decided (a DROP, a policy), or null. */
  deciding: string | null;
  /** The source address the packet leaves with (what a trace rule matches on), or null. */
  from: string | null;
  steps: ReachStep[];
}

/** The steps of one walk as they are taken, and its end. */
export class Walk {
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
 * For tcp and udp, whether anything is bound to the port where the packet lands: nothing
 * there is "refused" (a RST, an ICMP port unreachable), a different answer from "blocked".
 */
export function listens(
  w: Walk,
  facts: ReachFacts,
  q: ReachQuery,
  netnsId: string | null,
  address: string,
): ReachResult {
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

export function decidingText(v: ReturnType<typeof walkChain>): string {
  return v.deciding ? v.deciding.text : `policy ${v.verdict.toUpperCase()} of ${v.policyOf ?? 'the chain'}`;
}

export function chainSteps(w: Walk, chain: string, v: ReturnType<typeof walkChain>): void {
  for (const r of v.hits) w.step(r === v.deciding ? 'decides' : 'rule', { chain: r.chain, rule: r.text }, r.id);
  if (!v.deciding) w.step('policy', { chain, policy: v.verdict.toUpperCase() }, null);
}

/**
 * A published port: the DNAT nat `chain` applies to the packet, as a step and the new
 * address and port; null when no DNAT rewrites it.
 */
export function dnatStep(
  w: Walk,
  topology: Topology,
  chain: 'PREROUTING' | 'OUTPUT',
  p: Packet,
  isLocal: (address: string) => boolean,
): { address: string; port: number } | null {
  const nat = natWalk(topology, chain, p, isLocal);
  const to = nat.dnat?.toDestination ? /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(nat.dnat.toDestination) : null;
  if (!nat.dnat || !to?.[1] || p.dport === null) return null;
  const next = { address: to[1], port: to[2] ? Number(to[2]) : p.dport };
  const params = {
    chain: nat.dnat.chain,
    rule: nat.dnat.text,
    from: `${p.dst}:${p.dport}`,
    to: `${next.address}:${next.port}`,
  };
  w.step('dnat', params, nat.dnat.id);
  return next;
}
