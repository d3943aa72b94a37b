/** One rule of a firewall dump, flattened to the fields the topology model reads. */
export interface FirewallRule {
  /** 'nat' | 'filter' | 'mangle' | 'raw' | … ; nft tables of the `inet` family carry an `inet/` prefix. */
  table: string;
  chain: string;
  /** 1-based position within its chain (as iptables --line-numbers). */
  index: number;
  /** The rule as `iptables -S` prints it; for the nft backend, the nft statement text. */
  text: string;
  /** -j / -g target (DNAT, MASQUERADE, ACCEPT, DROP, RETURN, DOCKER, …), null when none. */
  target: string | null;
  /** Null when absent or negated (a negated protocol is kept only in `text`). */
  proto: string | null;
  /** CIDR exactly as printed, e.g. "172.17.0.0/16". */
  source: string | null;
  sourceNegated: boolean;
  destination: string | null;
  destinationNegated: boolean;
  inIface: string | null;
  inIfaceNegated: boolean;
  outIface: string | null;
  outIfaceNegated: boolean;
  /** "8080" or "9000:9002"; null when absent or negated (kept only in `text`). */
  dport: string | null;
  /** Negated matches the fields above leave empty: `! -p tcp` → "tcp", `! --dport 53` → "53". */
  protoNot: string | null;
  dportNot: string | null;
  /** --sport, as dport. */
  sport: string | null;
  /** Conntrack states (`-m conntrack --ctstate` / `-m state --state`, nft `ct state`), upper case. */
  ctstate: string[] | null;
  ctstateNegated: boolean;
  /** `-m addrtype --src-type/--dst-type` (nft `fib saddr/daddr type`), upper case: LOCAL, UNICAST, … */
  srcType: string | null;
  srcTypeNegated: boolean;
  dstType: string | null;
  dstTypeNegated: boolean;
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
