import { spawnSync } from 'node:child_process';
import { runTool, ToolError } from '../exec/run-tool.js';
import { underTrace } from './trace-run.js';
import type { TracedPacket, TraceHit, TraceResult } from './trace.js';

/**
 * The nftables way to the kernel's trace, for hosts without iptables: a table of
 * Netloom's own whose name is its label, with a chain at prerouting and one at output
 * (before every other, priority -301) that sets `meta nftrace` on exactly the probe's
 * packets; `nft monitor trace` reads what the kernel reports.
 */
export const NFT_TRACE_TABLE = 'netloom_trace';

const CHAINS = [
  ['pre', 'prerouting'],
  ['out', 'output'],
] as const;

/** The match of the marking rule: exactly the probe's own packets. */
function matchArgs(p: TracedPacket): string[] {
  const proto =
    p.proto === 'icmp'
      ? ['ip', 'protocol', 'icmp']
      : p.port !== null
        ? [p.proto, 'dport', String(p.port)]
        : ['ip', 'protocol', p.proto];
  return ['ip', 'saddr', p.src, 'ip', 'daddr', p.dst, ...proto, 'meta', 'nftrace', 'set', '1'];
}

/** Deletes Netloom's trace table if a crash or a kill -9 left it; true when there was one. */
export async function removeStaleNftTrace(): Promise<boolean> {
  try {
    await runTool('nft', ['delete', 'table', 'inet', NFT_TRACE_TABLE]);
    return true;
  } catch (err) {
    // No such table is the usual answer: nothing was left.
    if (err instanceof ToolError && err.kind !== 'missing') return false;
    throw err;
  }
}

const VERDICTS: Record<string, string> = {
  continue: 'CONTINUE',
  accept: 'ACCEPT',
  drop: 'DROP',
  reject: 'REJECT',
  return: 'RETURN',
  queue: 'QUEUE',
};

/**
 * One `nft -a monitor trace` line as a hit: `trace id 09aa8fd3 ip filter
 * DOCKER-ISOLATION-STAGE-2 rule oifname "br-3226" counter packets 1 bytes 84 drop # handle
 * 14289 (verdict drop)`. The rule's text loses its counters and handle, as the model's
 * nft texts do (core/firewall/nft-render.ts), so the two compare.
 */
export function parseNftTraceLine(line: string): TraceHit | null {
  const m = /^trace id [0-9a-f]+ (\S+) (\S+) (\S+) (rule|policy|verdict) (.*)$/.exec(line.trim());
  if (!m) return null;
  const [, , table, chain, what, rest] = m as unknown as [string, string, string, string, string, string];
  if (table === NFT_TRACE_TABLE) return null;
  let verdictWord: string;
  let text: string | null = null;
  if (what === 'rule') {
    const v = /\(verdict ([^)]+)\)\s*$/.exec(rest);
    verdictWord = v?.[1] ?? 'continue';
    text =
      rest
        .replace(/\(verdict [^)]+\)\s*$/, '')
        .replace(/\s*# handle \d+/, '')
        .replace(/\s*counter packets \d+ bytes \d+/, '')
        .trim() || null;
  } else verdictWord = rest.trim();
  const [word = '', target] = verdictWord.split(/\s+/);
  const verdict =
    word === 'jump' || word === 'goto'
      ? `${word.toUpperCase()}:${target ?? ''}`
      : (VERDICTS[word] ?? word.toUpperCase());
  return { table, chain, what: what === 'verdict' ? 'rule' : what, verdict, text };
}

/**
 * The hits in order up to the one that ended the packet's way: a drop or reject anywhere
 * (nftables ends there), else the last accept — in nftables an accept ends only its own
 * base chain, and every other chain at the hook still runs.
 */
export function summariseNft(lines: readonly string[]): TraceResult {
  const hits: TraceHit[] = [];
  for (const l of lines) {
    const h = parseNftTraceLine(l);
    if (!h) continue;
    hits.push(h);
    if (h.verdict === 'DROP' || h.verdict === 'REJECT') return { hits, deciding: h };
  }
  const accepted = [...hits].reverse().find((h) => h.verdict === 'ACCEPT' && h.text !== null) ?? null;
  return { hits, deciding: accepted };
}

/** tracePacket's nftables half: the table made, monitored, and deleted (trace-run.ts). */
export async function nftTracePacket<T>(
  p: TracedPacket,
  run: () => Promise<T>,
): Promise<{ result: T; trace: TraceResult }> {
  await removeStaleNftTrace();
  return underTrace(
    {
      mark: async () => {
        await runTool('nft', ['add', 'table', 'inet', NFT_TRACE_TABLE]);
        for (const [name, hook] of CHAINS) {
          await runTool('nft', [
            'add',
            'chain',
            'inet',
            NFT_TRACE_TABLE,
            name,
            `{ type filter hook ${hook} priority -301; policy accept; }`,
          ]);
          await runTool('nft', ['add', 'rule', 'inet', NFT_TRACE_TABLE, name, ...matchArgs(p)]);
        }
      },
      unmark: () => void spawnSync('nft', ['delete', 'table', 'inet', NFT_TRACE_TABLE], { stdio: 'ignore' }),
      monitor: { tool: 'nft', args: ['-a', 'monitor', 'trace'] },
      summarise: summariseNft,
    },
    run,
  );
}
