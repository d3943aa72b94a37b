import type { RuleMatch } from '../model/types.js';

/**
 * One rule of a firewall dump, flattened to the fields the topology model reads: its
 * matches are the model's own `RuleMatch` (docs/model.md), what is around them below.
 */
export interface FirewallRule extends RuleMatch {
  /** 'nat' | 'filter' | 'mangle' | 'raw' | … ; nft tables of the `inet` family carry an `inet/` prefix. */
  table: string;
  chain: string;
  /** 1-based position within its chain (as iptables --line-numbers). */
  index: number;
  /** The rule as `iptables -S` prints it; for the nft backend, the nft statement text. */
  text: string;
  /** -j / -g target (DNAT, MASQUERADE, ACCEPT, DROP, RETURN, DOCKER, …), null when none. */
  target: string | null;
  /** -g (goto: the chain's end does not come back here) rather than -j. */
  goto: boolean;
  /** DNAT --to-destination, e.g. "172.17.0.2:80". */
  toDestination: string | null;
  /** SNAT --to-source. */
  toSource: string | null;
  comment: string | null;
}

/** `policy` is null for user chains (printed as '-'). */
export interface FirewallChain {
  table: string;
  chain: string;
  policy: string | null;
}

export interface FirewallDump {
  backend: 'iptables-nft' | 'iptables-legacy' | 'nft';
  chains: FirewallChain[];
  rules: FirewallRule[];
}

/** A rule with every match field empty; parsers fill in what they find. */
export function emptyRule(table: string, chain: string, index: number, text: string): FirewallRule {
  return {
    table,
    chain,
    index,
    text,
    target: null,
    proto: null,
    source: null,
    sourceNegated: false,
    destination: null,
    destinationNegated: false,
    inIface: null,
    inIfaceNegated: false,
    outIface: null,
    outIfaceNegated: false,
    dport: null,
    protoNot: null,
    dportNot: null,
    sport: null,
    ctstate: null,
    ctstateNegated: false,
    srcType: null,
    srcTypeNegated: false,
    dstType: null,
    dstTypeNegated: false,
    goto: false,
    toDestination: null,
    toSource: null,
    comment: null,
  };
}
