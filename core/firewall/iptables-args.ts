import { emptyRule, type FirewallRule } from './types.js';

/**
 * Splits a rule line the way iptables-restore does, so that what iptables-save quoted
 * (`--comment "a b"`, `\"` inside quotes) comes back as one argument.
 * Returns null when a quote is left open.
 */
export function tokenizeRuleLine(line: string): string[] | null {
  const tokens: string[] = [];
  let current = '';
  let started = false;
  let quoted = false;
  let escaped = false;
  for (const ch of line) {
    if (quoted) {
      if (escaped) {
        current += ch;
        escaped = false;
      } else if (ch === '\\') {
        escaped = true;
      } else if (ch === '"') {
        quoted = false;
      } else {
        current += ch;
      }
      continue;
    }
    if (ch === '"') {
      quoted = true;
      started = true;
    } else if (ch === ' ' || ch === '\t') {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quoted) return null;
  if (started) tokens.push(current);
  return tokens;
}

type Field =
  | 'proto'
  | 'source'
  | 'destination'
  | 'inIface'
  | 'outIface'
  | 'target'
  | 'dport'
  | 'toDestination'
  | 'toSource'
  | 'comment'
  | 'sport'
  | 'ctstate'
  | 'srcType'
  | 'dstType'
  | 'goto';

const OPTION_FIELDS: Readonly<Record<string, Field>> = {
  '-p': 'proto',
  '--protocol': 'proto',
  '-s': 'source',
  '--source': 'source',
  '--src': 'source',
  '-d': 'destination',
  '--destination': 'destination',
  '--dst': 'destination',
  '-i': 'inIface',
  '--in-interface': 'inIface',
  '-o': 'outIface',
  '--out-interface': 'outIface',
  '-j': 'target',
  '--jump': 'target',
  '-g': 'goto',
  '--goto': 'goto',
  '--dport': 'dport',
  '--destination-port': 'dport',
  '--to-destination': 'toDestination',
  '--to-source': 'toSource',
  '--comment': 'comment',
  '--sport': 'sport',
  '--source-port': 'sport',
  '--ctstate': 'ctstate',
  '--state': 'ctstate',
  '--src-type': 'srcType',
  '--dst-type': 'dstType',
};

const NEGATION_FLAGS = {
  source: 'sourceNegated',
  destination: 'destinationNegated',
  inIface: 'inIfaceNegated',
  outIface: 'outIfaceNegated',
} as const satisfies Partial<Record<Field, keyof FirewallRule>>;

/**
 * Reads the options after `-A CHAIN` into a rule. Options we do not model are skipped
 * with their values; a `!` applies to the option after it (`! -i x`) or, in the style of
 * iptables before 1.4.3, to the value after the option (`-i ! x`).
 * Returns a complaint instead of a rule when an option we model has no value.
 */
export function ruleFromArgs(
  table: string,
  chain: string,
  index: number,
  text: string,
  args: readonly string[],
): FirewallRule | string {
  const rule = emptyRule(table, chain, index, text);
  let negateNext = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '!') {
      negateNext = true;
      continue;
    }
    const field = OPTION_FIELDS[arg];
    if (field === undefined) {
      // A value of an option we skip, or an option we skip: either way a pending `!` was its.
      if (arg.startsWith('-')) negateNext = false;
      continue;
    }
    let negated = negateNext;
    negateNext = false;
    if (args[i + 1] === '!') {
      negated = true;
      i++;
    }
    const value = args[i + 1];
    if (value === undefined) return `${arg} has no value`;
    i++;
    applyOption(rule, field, value, negated);
  }
  return rule;
}

function applyOption(rule: FirewallRule, field: Field, value: string, negated: boolean): void {
  if (field === 'source' || field === 'destination' || field === 'inIface' || field === 'outIface') {
    rule[field] = value;
    rule[NEGATION_FLAGS[field]] = negated;
    return;
  }
  if (field === 'goto') {
    rule.target = value;
    rule.goto = true;
    return;
  }
  if (field === 'ctstate') {
    rule.ctstate = value.toUpperCase().split(',').filter(Boolean);
    rule.ctstateNegated = negated;
    return;
  }
  if (field === 'srcType' || field === 'dstType') {
    rule[field] = value.toUpperCase();
    rule[field === 'srcType' ? 'srcTypeNegated' : 'dstTypeNegated'] = negated;
    return;
  }
  // A negated protocol or port goes to its own field, so nothing reads "any port but 53" as 53.
  if (negated && field === 'proto') return void (rule.protoNot = value);
  if (negated && field === 'dport') return void (rule.dportNot = value);
  if (negated && field === 'sport') return;
  // A rule may carry several comments; the first is the one people write and read.
  if (field === 'comment' && rule.comment !== null) return;
  rule[field] = value;
}
