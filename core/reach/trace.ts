import { spawnSync } from 'node:child_process';
import { runTool, ToolError } from '../exec/run-tool.js';
import { tokenizeRuleLine } from '../firewall/iptables-args.js';
import { nftTracePacket, removeStaleNftTrace } from './nft-trace.js';
import { underTrace } from './trace-run.js';

/** The comment on every TRACE rule Netloom adds: how a later run finds what a crash left. */
export const TRACE_LABEL = 'netloom-trace';

/** One rule or policy the traced packet met, as the kernel reported it. */
export interface TraceHit {
  table: string;
  chain: string;
  /** `rule` or `policy`. */
  what: string;
  /** CONTINUE, JUMP:CHAIN, RETURN, ACCEPT, DROP, … */
  verdict: string;
  /** The rule as `iptables -S` prints it (`-A CHAIN …`), when the kernel named one. */
  text: string | null;
}

export interface TraceResult {
  hits: TraceHit[];
  /** The filter-table hit that ended the packet's way (ACCEPT, DROP, REJECT), or null. */
  deciding: TraceHit | null;
}

export interface TracedPacket {
  src: string;
  dst: string;
  proto: 'icmp' | 'tcp' | 'udp';
  port: number | null;
}

/** The match of the TRACE rule: exactly the probe's own packets, nothing else. */
function matchArgs(p: TracedPacket): string[] {
  return [
    '-s',
    `${p.src}/32`,
    '-d',
    `${p.dst}/32`,
    '-p',
    p.proto,
    ...(p.proto !== 'icmp' && p.port !== null ? ['--dport', String(p.port)] : []),
    '-m',
    'comment',
    '--comment',
    TRACE_LABEL,
    '-j',
    'TRACE',
  ];
}

/**
 * Removes every marking Netloom left (a crash, a kill -9): its TRACE rules in the raw
 * table and its nftables trace table; a tool this host lacks has nothing to remove.
 */
export async function removeStaleTraceRules(): Promise<number> {
  let removed = (await removeStaleNftTrace().catch(() => false)) ? 1 : 0;
  let saved: string;
  try {
    saved = await runTool('iptables-save', ['-t', 'raw']);
  } catch (err) {
    if (err instanceof ToolError && err.kind === 'missing') return removed;
    throw err;
  }
  for (const line of saved.split('\n')) {
    if (!line.startsWith('-A ') || !line.includes(TRACE_LABEL)) continue;
    const args = tokenizeRuleLine(line);
    if (!args) continue;
    await runTool('iptables', ['-t', 'raw', '-D', ...args.slice(1)]);
    removed++;
  }
  return removed;
}

/** Parses one `xtables-monitor --trace` line: ` TRACE: 2 fc475095 filter:FORWARD:rule:0x2b:JUMP:DOCKER-USER  -4 -t filter -A FORWARD -j DOCKER-USER`. */
export function parseTraceLine(line: string): TraceHit | null {
  const m = /TRACE:\s+\d+\s+[0-9a-f]+\s+([\w-]+):([\w-]+):(rule|policy|return)(?::0x[0-9a-f]+)?:(\S+)\s*(.*)$/.exec(
    line,
  );
  if (!m) return null;
  const [, table, chain, what, verdict, rest] = m as unknown as [string, string, string, string, string, string];
  const text = rest.trim().replace(/^-4\s+-t\s+\S+\s+/, '') || null;
  // NF_RETURN (-5) comes as its 32-bit number.
  return { table, chain, what, verdict: verdict === '0xfffffffb' ? 'RETURN' : verdict, text };
}

/**
 * Marks exactly the probe's packets for the kernel's trace (an iptables TRACE rule in the
 * raw table, labelled; or, `via: 'nft'` on a host without iptables, a table of Netloom's
 * own: nft-trace.ts), reads `xtables-monitor --trace` / `nft monitor trace` while `run`
 * sends them, and removes the marking afterwards — also on SIGINT or SIGTERM; a kill -9
 * leaves the labelled marking for the next run's cleaning.
 */
export async function tracePacket<T>(
  p: TracedPacket,
  run: () => Promise<T>,
  via: 'iptables' | 'nft' = 'iptables',
): Promise<{ result: T; trace: TraceResult }> {
  await removeStaleTraceRules();
  if (via === 'nft') return nftTracePacket(p, run);
  const chains = ['PREROUTING', 'OUTPUT'];
  return underTrace(
    {
      mark: async () => {
        for (const chain of chains) await runTool('iptables', ['-t', 'raw', '-I', chain, ...matchArgs(p)]);
      },
      unmark: () => {
        for (const chain of chains)
          spawnSync('iptables', ['-t', 'raw', '-D', chain, ...matchArgs(p)], { stdio: 'ignore' });
      },
      monitor: { tool: 'xtables-monitor', args: ['--trace'] },
      summarise,
    },
    run,
  );
}

/**
 * The traced packet's hits, in order, up to the filter verdict that ended its way. The
 * kernel gives the packet a new trace id at each hook, so lines are not grouped by id:
 * the TRACE rule marks only the probe's own packets, and the first decision is the first
 * packet's.
 */
export function summarise(lines: readonly string[]): TraceResult {
  const hits: TraceHit[] = [];
  for (const l of lines) {
    const h = parseTraceLine(l);
    if (!h) continue;
    hits.push(h);
    if (h.table === 'filter' && /^(ACCEPT|DROP|REJECT)$/.test(h.verdict)) return { hits, deciding: h };
  }
  return { hits, deciding: null };
}
