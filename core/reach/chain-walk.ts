import { parseCidr } from '../common/ipv4.js';
import type { FilterRuleNode, NatRuleNode, RuleMatch, Topology } from '../model/types.js';

/** The first packet of a flow as the filter table sees it (conntrack state NEW). */
export interface Packet {
  inIface: string | null;
  outIface: string | null;
  src: string;
  dst: string;
  proto: 'icmp' | 'tcp' | 'udp';
  dport: number | null;
}

export interface ChainVerdict {
  verdict: 'accept' | 'drop' | 'reject';
  /** The rule that decided, or null when the chain's policy did. */
  deciding: FilterRuleNode | null;
  /** The policy's chain when a policy decided. */
  policyOf: string | null;
  /** Every rule whose matches held, in the order the packet met them. */
  hits: FilterRuleNode[];
  /** Rules the walk could not read (no parsed matches: a document from before they were modelled). */
  unread: FilterRuleNode[];
}

const TERMINAL: Readonly<Record<string, ChainVerdict['verdict']>> = {
  ACCEPT: 'accept',
  DROP: 'drop',
  REJECT: 'reject',
};
const BUILTIN = new Set(['INPUT', 'FORWARD', 'OUTPUT']);
const MAX_DEPTH = 32;

/** iptables' interface match: `br+` is a prefix, `!` inverts. */
function ifaceHolds(want: string | null, negated: boolean, have: string | null): boolean {
  if (want === null) return true;
  const hit = have !== null && (want.endsWith('+') ? have.startsWith(want.slice(0, -1)) : have === want);
  return negated ? !hit : hit;
}

/** Parsed once per text: a matrix asks the same few CIDRs and addresses tens of thousands of times. */
const CIDRS = new Map<string, { base: number; mask: number } | null>();
export function cidrOf(text: string): { base: number; mask: number } | null {
  let c = CIDRS.get(text);
  if (c !== undefined) return c;
  const p = parseCidr(text.includes('/') ? text : `${text}/32`);
  c = p ? { base: p.base, mask: p.bits === 0 ? 0 : (0xffffffff << (32 - p.bits)) >>> 0 } : null;
  CIDRS.set(text, c);
  return c;
}

/** Whether an address lies in a CIDR (or equals a bare address). */
export function inCidr(cidr: string, address: string): boolean {
  const c = cidrOf(cidr);
  const a = cidrOf(address);
  return c !== null && a !== null && (a.base & c.mask) >>> 0 === c.base;
}

function addressHolds(want: string | null, negated: boolean, have: string): boolean {
  if (want === null) return true;
  const hit = inCidr(want, have);
  return negated ? !hit : hit;
}

function portIn(range: string, port: number): boolean {
  const [lo, hi] = range.split(':').map(Number);
  return lo !== undefined && port >= lo && port <= (hi ?? lo);
}

/** Whether a rule's matches hold for the packet; `isLocal` answers addrtype LOCAL. */
export function ruleHolds(m: RuleMatch, p: Packet, isLocal: (address: string) => boolean): boolean {
  if (!ifaceHolds(m.inIface, m.inIfaceNegated, p.inIface)) return false;
  if (!ifaceHolds(m.outIface, m.outIfaceNegated, p.outIface)) return false;
  if (!addressHolds(m.source, m.sourceNegated, p.src)) return false;
  if (!addressHolds(m.destination, m.destinationNegated, p.dst)) return false;
  if (m.proto !== null && m.proto !== 'all' && m.proto !== p.proto) return false;
  if (m.protoNot !== null && m.protoNot === p.proto) return false;
  if (m.dport !== null && (p.dport === null || !portIn(m.dport, p.dport))) return false;
  if (m.dportNot !== null && p.dport !== null && portIn(m.dportNot, p.dport)) return false;
  // A flow's reply direction is not walked here: only the first packet, sport unknown.
  if (m.sport !== null) return false;
  if (m.ctstate !== null && m.ctstate.includes('NEW') === m.ctstateNegated) return false;
  if (!typeHolds(m.srcType, m.srcTypeNegated, isLocal(p.src))) return false;
  if (!typeHolds(m.dstType, m.dstTypeNegated, isLocal(p.dst))) return false;
  return true;
}

/** addrtype: LOCAL is an address of the host; the walk reads every other type as "not local". */
function typeHolds(want: string | null, negated: boolean, local: boolean): boolean {
  if (want === null) return true;
  const hit = want === 'LOCAL' ? local : !local;
  return negated ? !hit : hit;
}

type RuleNode = FilterRuleNode | NatRuleNode;
const CHAINS = {
  filter: new WeakMap<Topology, Map<string, RuleNode[]>>(),
  nat: new WeakMap<Topology, Map<string, RuleNode[]>>(),
};

/** A table's rules by chain, in order; once per topology (a matrix walks thousands of pairs). */
function chainsOf(topology: Topology, table: 'filter' | 'nat'): Map<string, RuleNode[]> {
  let byChain = CHAINS[table].get(topology);
  if (byChain) return byChain;
  byChain = new Map();
  for (const n of topology.nodes)
    if ((n.kind === 'filter-rule' || n.kind === 'nat-rule') && n.table === table)
      byChain.set(n.chain, [...(byChain.get(n.chain) ?? []), n]);
  for (const list of byChain.values()) list.sort((a, b) => a.index - b.index);
  CHAINS[table].set(topology, byChain);
  return byChain;
}

/**
 * The walk both tables share: rules in order, jumps into user chains and back on RETURN
 * or at their end, `-g` not coming back, other targets passed, until `decides` names a
 * decision (undefined: go on). Rules without parsed matches are left aside as `unread`.
 */
function walkRules<R extends RuleNode, D>(
  byChain: Map<string, RuleNode[]>,
  start: string,
  p: Packet,
  isLocal: (address: string) => boolean,
  decides: (rule: R) => D | undefined,
): { decided: { value: D } | null; hits: R[]; unread: R[] } {
  const hits: R[] = [];
  const unread: R[] = [];
  const walk = (name: string, depth: number): { value: D } | 'return' => {
    if (depth > MAX_DEPTH) return 'return';
    for (const rule of (byChain.get(name) ?? []) as R[]) {
      if (!rule.match) {
        unread.push(rule);
        continue;
      }
      if (!ruleHolds(rule.match, p, isLocal)) continue;
      hits.push(rule);
      const value = decides(rule);
      if (value !== undefined) return { value };
      if (rule.target === 'RETURN') return 'return';
      if (byChain.has(rule.target)) {
        const inner = walk(rule.target, depth + 1);
        if (inner !== 'return') return inner;
        if (rule.goto) return 'return';
      }
    }
    return 'return';
  };
  const out = walk(start, 0);
  return { decided: out === 'return' ? null : out, hits, unread };
}

/**
 * The DNAT a packet meets in the nat table from `chain` (PREROUTING for one arriving from a
 * bridge, OUTPUT for one the host sends), or null: jumps, RETURN and ACCEPT as in the filter walk.
 */
export function natWalk(
  topology: Topology,
  chain: 'PREROUTING' | 'OUTPUT',
  p: Packet,
  isLocal: (address: string) => boolean,
): { dnat: NatRuleNode | null; hits: RuleNode[] } {
  const { decided, hits } = walkRules<RuleNode, NatRuleNode | null>(
    chainsOf(topology, 'nat'),
    chain,
    p,
    isLocal,
    (rule) => (rule.target === 'DNAT' && rule.kind === 'nat-rule' ? rule : rule.target === 'ACCEPT' ? null : undefined),
  );
  return { dnat: decided?.value ?? null, hits };
}

/**
 * Walks the filter table's chain from `chain` as netfilter does for the flow's first
 * packet: rules in order, jumps into user chains and back on RETURN or at their end, `-g`
 * not coming back, non-terminal targets (LOG, MARK, …) passed, and the built-in chain's
 * policy when nothing decided.
 */
export function walkChain(
  topology: Topology,
  chain: 'INPUT' | 'FORWARD' | 'OUTPUT',
  p: Packet,
  isLocal: (address: string) => boolean,
): ChainVerdict {
  const { decided, hits, unread } = walkRules<FilterRuleNode, Pick<ChainVerdict, 'verdict' | 'deciding'>>(
    chainsOf(topology, 'filter'),
    chain,
    p,
    isLocal,
    (rule) => {
      const verdict = TERMINAL[rule.target];
      return verdict ? { verdict, deciding: rule } : undefined;
    },
  );
  if (decided) return { ...decided.value, policyOf: null, hits, unread };
  const policy = topology.firewall?.policies[`filter:${chain}`] ?? 'ACCEPT';
  return {
    verdict: TERMINAL[policy] ?? 'accept',
    deciding: null,
    policyOf: BUILTIN.has(chain) ? chain : null,
    hits,
    unread,
  };
}

/**
 * The source NAT a packet meets in nat POSTROUTING on its way out by `p.outIface`: the
 * first MASQUERADE or SNAT whose matches hold, or null — an ACCEPT, or no rule at all,
 * leaves the source as it is. POSTROUTING has no input interface, so `p.inIface` is not read.
 */
export function snatWalk(topology: Topology, p: Packet, isLocal: (address: string) => boolean): NatRuleNode | null {
  const { decided } = walkRules<RuleNode, NatRuleNode | null>(
    chainsOf(topology, 'nat'),
    'POSTROUTING',
    { ...p, inIface: null },
    isLocal,
    (rule) =>
      (rule.target === 'MASQUERADE' || rule.target === 'SNAT') && rule.kind === 'nat-rule'
        ? rule
        : rule.target === 'ACCEPT'
          ? null
          : undefined,
  );
  return decided?.value ?? null;
}
