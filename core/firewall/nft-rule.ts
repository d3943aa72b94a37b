import { isRecord, natTarget, renderStatement, renderValue, soleEntry } from './nft-render.js';
import { emptyRule, type FirewallRule } from './types.js';

const L4_WITH_PORTS = new Set(['tcp', 'udp', 'sctp', 'dccp', 'udplite']);
const VERDICT_TARGETS: Readonly<Record<string, string>> = {
  accept: 'ACCEPT',
  drop: 'DROP',
  return: 'RETURN',
  reject: 'REJECT',
  queue: 'QUEUE',
  dnat: 'DNAT',
  snat: 'SNAT',
  masquerade: 'MASQUERADE',
  redirect: 'REDIRECT',
};

/** Flattens one nft rule's expressions into a FirewallRule; what does not map stays in `text` only. */
export function ruleFromNftExpressions(
  table: string,
  chain: string,
  index: number,
  expressions: readonly unknown[],
  comment: string | null,
): FirewallRule {
  const text = expressions
    .map((e) => renderStatement(e))
    .filter((t): t is string => t !== null)
    .join(' ');
  const rule = emptyRule(table, chain, index, comment === null ? text : `${text} comment ${JSON.stringify(comment)}`);
  rule.comment = comment;
  for (const expression of expressions) {
    const entry = soleEntry(expression);
    if (!entry) continue;
    const [key, body] = entry;
    if (key === 'match' && isRecord(body)) applyMatch(rule, body);
    else applyStatement(rule, key, body);
  }
  return rule;
}

function applyMatch(rule: FirewallRule, match: Record<string, unknown>): void {
  // nft writes a set match (`ct state established,related`) with "in".
  if (match.op !== '==' && match.op !== '!=' && match.op !== 'in') return;
  const negated = match.op === '!=';
  const left = soleEntry(match.left);
  if (!left || !isRecord(left[1])) return;
  const [kind, selector] = left;
  const right = plainValue(match.right);

  if (kind === 'meta') {
    if (selector.key === 'iifname' && right !== null) setIface(rule, 'in', right, negated);
    else if (selector.key === 'oifname' && right !== null) setIface(rule, 'out', right, negated);
    else if (selector.key === 'l4proto' && right !== null) {
      if (negated) rule.protoNot = right;
      else rule.proto = right;
    }
    return;
  }
  if (kind === 'ct' && selector.key === 'state') {
    const states = wordList(match.right);
    if (states) [rule.ctstate, rule.ctstateNegated] = [states.map((w) => w.toUpperCase()), negated];
    return;
  }
  if (kind === 'fib' && Array.isArray(selector.flags) && selector.result === 'type') {
    const type = wordList(match.right)?.[0]?.toUpperCase() ?? null;
    if (type && selector.flags.includes('saddr')) [rule.srcType, rule.srcTypeNegated] = [type, negated];
    else if (type && selector.flags.includes('daddr')) [rule.dstType, rule.dstTypeNegated] = [type, negated];
    return;
  }
  if (kind !== 'payload') return;
  const protocol = selector.protocol;
  const field = selector.field;
  if (protocol === 'ip' && field === 'protocol' && right !== null && !negated) {
    rule.proto = right;
  } else if (protocol === 'ip' && (field === 'saddr' || field === 'daddr')) {
    const cidr = cidrValue(match.right);
    if (cidr === null) return;
    if (field === 'saddr') [rule.source, rule.sourceNegated] = [cidr, negated];
    else [rule.destination, rule.destinationNegated] = [cidr, negated];
  } else if (typeof protocol === 'string' && field === 'dport') {
    // nft adds the protocol match itself for `tcp dport`, so iptables-nft's `-p tcp` shows up only here.
    if (L4_WITH_PORTS.has(protocol)) rule.proto ??= protocol;
    const port = portValue(match.right);
    if (port !== null && negated) rule.dportNot = port;
    else if (port !== null) rule.dport = port;
  } else if (typeof protocol === 'string' && field === 'sport') {
    const port = portValue(match.right);
    if (port !== null && !negated) rule.sport = port;
  }
}

function applyStatement(rule: FirewallRule, key: string, body: unknown): void {
  const verdict = VERDICT_TARGETS[key];
  if (verdict !== undefined) rule.target = verdict;
  if ((key === 'jump' || key === 'goto') && isRecord(body) && typeof body.target === 'string') {
    rule.target = body.target;
    rule.goto = key === 'goto';
  }
  // iptables-nft stores DNAT/MASQUERADE as xtables blobs: the name is known, the addresses are not.
  if (key === 'xt' && isRecord(body) && body.type === 'target' && typeof body.name === 'string')
    rule.target = body.name;
  if (key === 'dnat') rule.toDestination = natTarget(body);
  if (key === 'snat') rule.toSource = natTarget(body);
}

function setIface(rule: FirewallRule, direction: 'in' | 'out', name: string, negated: boolean): void {
  if (direction === 'in') [rule.inIface, rule.inIfaceNegated] = [name, negated];
  else [rule.outIface, rule.outIfaceNegated] = [name, negated];
}

/** `established` or a set of words (`{"set": ["established", "related"]}`); null for other shapes. */
function wordList(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  const entry = soleEntry(value);
  if (entry && entry[0] === 'set' && Array.isArray(entry[1]) && entry[1].every((v) => typeof v === 'string'))
    return entry[1] as string[];
  return null;
}

function plainValue(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

function cidrValue(value: unknown): string | null {
  const entry = soleEntry(value);
  if (entry && entry[0] === 'prefix') return renderValue(value);
  return typeof value === 'string' ? value : null;
}

/** "8080" or, as iptables prints a range, "9000:9002"; null for sets and other shapes. */
function portValue(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  const entry = soleEntry(value);
  if (entry && entry[0] === 'range' && Array.isArray(entry[1]) && entry[1].length === 2) {
    return `${renderValue(entry[1][0])}:${renderValue(entry[1][1])}`;
  }
  return null;
}
