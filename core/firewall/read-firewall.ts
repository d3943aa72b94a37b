import { readFile } from 'node:fs/promises';
import { runTool, ToolError } from '../exec/run-tool.js';
import { parseIptablesSave, type IptablesBackendHint, type IptablesSaveResult } from './iptables-save.js';
import type { FirewallDump } from './types.js';

/** How readFirewall starts a tool; tests hand in one that replays captured output. */
export type ToolRunner = (tool: string, args: readonly string[]) => Promise<string>;

/** Neither firewall tool is installed; a ToolError of kind 'missing' so callers treat it like one. */
export class FirewallToolsMissingError extends ToolError {
  constructor() {
    super('iptables-save', [], 'missing', '', undefined);
    this.message = 'neither iptables-save nor nft found';
    this.name = 'FirewallToolsMissingError';
  }
}

type IptablesBackend = 'iptables-nft' | 'iptables-legacy';

/** The other variant's dump tool: Docker may have written its rules through the backend that is not the default. */
const OTHER_SAVE: Readonly<Record<IptablesBackend, { tool: string; backend: IptablesBackend }>> = {
  'iptables-nft': { tool: 'iptables-legacy-save', backend: 'iptables-legacy' },
  'iptables-legacy': { tool: 'iptables-nft-save', backend: 'iptables-nft' },
};

/**
 * Reads the host's IPv4 firewall: `iptables-save` when it exists (complete, and cheap),
 * `nft -j list ruleset` only where iptables is absent, since nft shows iptables-nft's
 * DNAT and MASQUERADE as opaque entries without their addresses.
 */
export async function readFirewall(run: ToolRunner = runTool): Promise<FirewallDump> {
  let text: string;
  try {
    text = await run('iptables-save', []);
  } catch (error) {
    if (error instanceof ToolError && error.kind === 'missing') return readNft(run);
    throw error;
  }
  const saved = parseIptablesSave(text, 'iptables-save');
  if (saved.rules.length > 0) return { backend: fromHint(saved.backendHint), chains: saved.chains, rules: saved.rules };

  const backend = saved.backendHint === null ? await backendFromVersion(run) : fromHint(saved.backendHint);
  const other = OTHER_SAVE[backend];
  const alternative = await tryIptablesSave(run, other.tool);
  if (alternative && alternative.rules.length > 0) {
    return { backend: other.backend, chains: alternative.chains, rules: alternative.rules };
  }
  return { backend, chains: saved.chains, rules: saved.rules };
}

function fromHint(hint: IptablesBackendHint): IptablesBackend {
  return hint === 'nf_tables' ? 'iptables-nft' : 'iptables-legacy';
}

/**
 * An empty dump has no header to name its backend, and which variant to ask next depends
 * on it; `--version` says "(nf_tables)" or "(legacy)", and before 1.8 there was only legacy.
 */
async function backendFromVersion(run: ToolRunner): Promise<IptablesBackend> {
  try {
    return /\(nf_tables\)/.test(await run('iptables-save', ['--version'])) ? 'iptables-nft' : 'iptables-legacy';
  } catch (error) {
    if (error instanceof ToolError) return 'iptables-legacy';
    throw error;
  }
}

/** The other variant is only a second opinion: if it cannot be run, the default's answer stands. */
async function tryIptablesSave(run: ToolRunner, tool: string): Promise<IptablesSaveResult | null> {
  let text: string;
  try {
    text = await run(tool, []);
  } catch (error) {
    if (error instanceof ToolError) return null;
    throw error;
  }
  return parseIptablesSave(text, tool);
}

async function readNft(run: ToolRunner): Promise<FirewallDump> {
  let text: string;
  try {
    text = await run('nft', ['-j', 'list', 'ruleset']);
  } catch (error) {
    if (error instanceof ToolError && error.kind === 'missing') throw new FirewallToolsMissingError();
    throw error;
  }
  // Only hosts without iptables get here: its parser (and zod) is not loaded on the common path.
  const { parseNftJson } = await import('./nft-json.js');
  return { backend: 'nft', ...parseNftJson(text) };
}

/** `net.ipv4.ip_forward`, read from procfs so no process is started; null when unreadable. */
export async function readIpForward(): Promise<boolean | null> {
  try {
    const value = (await readFile('/proc/sys/net/ipv4/ip_forward', 'utf8')).trim();
    if (value === '1') return true;
    if (value === '0') return false;
    return null;
  } catch {
    return null;
  }
}
