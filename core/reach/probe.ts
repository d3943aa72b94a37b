import { TopologyIndex } from '../common/topology-index.js';
import { runTool, ToolError } from '../exec/run-tool.js';
import type { Topology } from '../model/types.js';
import { findContainer, ownerOfAddress } from './reach.js';

export interface ProbeResult {
  verdict: 'reachable' | 'blocked' | 'refused' | 'no-route';
  /** The command run, as it would be typed. */
  command: string;
  /** What it printed (its last lines), for the person to read. */
  output: string;
  ms: number;
}

export class ProbeRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeRefused';
  }
}

const PROBE_TIMEOUT_S = 2;

/**
 * Where the probe may go: an address of a container, a namespace or a bridge on this host
 * — never anywhere else, so "Test it" cannot be turned on a stranger's machine.
 */
function checkDestination(topology: Topology, address: string): void {
  const index = TopologyIndex.of(topology);
  const owner = ownerOfAddress(topology, address);
  const ns = index.netnsNode(owner?.parent);
  if (!owner || !ns || (ns.host && owner.type !== 'bridge'))
    throw new ProbeRefused(
      `the probe goes only to an address of a container, a namespace or a bridge on this host, and ${address} is none`,
    );
}

/** The argument prefix that runs a program inside the source's network namespace. */
function enter(topology: Topology, src: string): string[] {
  if (src === 'host') return [];
  const index = TopologyIndex.of(topology);
  const c = findContainer(index, src);
  if (c) {
    if (c.state !== 'running' || c.pid <= 0) throw new ProbeRefused(`${c.name} is not running: nothing to probe from`);
    return ['nsenter', '-t', String(c.pid), '-n', '--'];
  }
  const ns = index.netns.find((n) => n.name === src);
  if (ns?.name) return ['nsenter', `--net=/run/netns/${ns.name}`, '--'];
  throw new ProbeRefused(`no container or named namespace ${JSON.stringify(src)}`);
}

/** The host's own tools, tried in order: the image may have none of them. */
function candidates(proto: 'icmp' | 'tcp' | 'udp', address: string, port: number | null): string[][] {
  const t = String(PROBE_TIMEOUT_S);
  if (proto === 'icmp')
    return [
      ['ping', '-c', '1', '-W', t, address],
      ['busybox', 'ping', '-c', '1', '-W', t, address],
    ];
  const p = String(port ?? 0);
  const udp = proto === 'udp' ? ['-u'] : [];
  return [
    ['nc', '-v', ...udp, '-z', '-w', t, address, p],
    ['busybox', 'nc', ...udp, '-w', t, address, p],
  ];
}

function classify(text: string): ProbeResult['verdict'] {
  if (/refused/i.test(text)) return 'refused';
  if (/unreachable|no route/i.test(text)) return 'no-route';
  return 'blocked';
}

/**
 * Runs the real thing from inside the source's namespace with the host's tools — one ping
 * or one connect, bounded in time — to the destination asked only.
 */
export async function probe(
  topology: Topology,
  q: { src: string; address: string; proto: 'icmp' | 'tcp' | 'udp'; port: number | null },
): Promise<ProbeResult> {
  checkDestination(topology, q.address);
  const prefix = enter(topology, q.src);
  let missing = '';
  for (const cmd of candidates(q.proto, q.address, q.port)) {
    const argv = [...prefix, ...cmd];
    const [tool, ...args] = argv as [string, ...string[]];
    const t0 = performance.now();
    try {
      const out = await runTool(tool, args, { timeoutMs: (PROBE_TIMEOUT_S + 3) * 1000, input: '' });
      return {
        verdict: 'reachable',
        command: argv.join(' '),
        output: out.trim().slice(-400),
        ms: performance.now() - t0,
      };
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      // nsenter says "failed to execute ping" when the host has no such tool: try the next.
      if (err.kind === 'missing' || /failed to execute|No such file/i.test(err.stderr)) {
        missing += `${cmd[0]} `;
        continue;
      }
      if (err.kind === 'permission') throw new ProbeRefused(`the probe needs root: ${err.message}`);
      const text = `${err.stderr}`;
      return {
        verdict: err.kind === 'timeout' ? 'blocked' : classify(text),
        command: argv.join(' '),
        output: text.trim().slice(-400),
        ms: performance.now() - t0,
      };
    }
  }
  throw new ProbeRefused(`none of the host's tools for a ${q.proto} probe is installed (${missing.trim()})`);
}
