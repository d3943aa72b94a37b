import { z } from 'zod';
import { SourceFormatError } from '../exec/run-tool.js';
import { ruleFromNftExpressions } from './nft-rule.js';
import type { FirewallChain, FirewallRule } from './types.js';

const RulesetSchema = z.object({
  nftables: z.array(z.record(z.string(), z.unknown())),
});
const ChainSchema = z.object({
  family: z.string(),
  table: z.string(),
  name: z.string(),
  hook: z.string().optional(),
  policy: z.string().optional(),
});
const RuleSchema = z.object({
  family: z.string(),
  table: z.string(),
  chain: z.string(),
  expr: z.array(z.unknown()),
  comment: z.string().optional(),
});

/** The families whose rules can be IPv4 container traffic; ip6, arp, bridge and netdev are left out. */
const FAMILIES = new Set(['ip', 'inet']);

/**
 * Parses `nft -j list ruleset`. Rules are numbered in the order nft lists them, which is
 * their order within the chain (handles are not: they only record creation order).
 */
export function parseNftJson(text: string): { chains: FirewallChain[]; rules: FirewallRule[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SourceFormatError('nft', `not JSON (${(error as Error).message})`);
  }
  const root = RulesetSchema.safeParse(json);
  if (!root.success) throw new SourceFormatError('nft', `not an nft ruleset: ${describeIssue(root.error)}`);

  const chains: FirewallChain[] = [];
  const rules: FirewallRule[] = [];
  const nextIndex = new Map<string, number>();
  root.data.nftables.forEach((item, position) => {
    if (item.chain !== undefined) {
      const chain = parseItem(ChainSchema, item.chain, position, 'chain');
      if (!FAMILIES.has(chain.family)) return;
      const table = tableName(chain.family, chain.table);
      nextIndex.set(chainKey(table, chain.name), 0);
      // A base chain without a policy accepts, as nft's default; user chains have none.
      const policy = chain.hook === undefined ? null : (chain.policy ?? 'accept').toUpperCase();
      chains.push({ table, chain: chain.name, policy });
    } else if (item.rule !== undefined) {
      const rule = parseItem(RuleSchema, item.rule, position, 'rule');
      if (!FAMILIES.has(rule.family)) return;
      const table = tableName(rule.family, rule.table);
      const key = chainKey(table, rule.chain);
      const previous = nextIndex.get(key);
      if (previous === undefined) {
        throw new SourceFormatError(
          'nft',
          `nftables[${position}]: rule in chain ${rule.family} ${rule.table} ${rule.chain}, which was never listed`,
        );
      }
      nextIndex.set(key, previous + 1);
      rules.push(ruleFromNftExpressions(table, rule.chain, previous + 1, rule.expr, rule.comment ?? null));
    }
  });
  return { chains, rules };
}

/** `ip` tables keep their bare name so Docker's iptables-nft tables read as 'nat' and 'filter'. */
function tableName(family: string, name: string): string {
  return family === 'ip' ? name : `${family}/${name}`;
}

function chainKey(table: string, chain: string): string {
  return `${table}\u0000${chain}`;
}

function parseItem<T>(schema: z.ZodType<T>, value: unknown, position: number, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new SourceFormatError('nft', `nftables[${position}].${what}: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${path}${issue.message}`;
}
