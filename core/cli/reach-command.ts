import { reachMatrix } from '../reach/matrix.js';
import { reach, type ReachResult } from '../reach/reach.js';
import { socketFacts } from '../reach/socket-facts.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { EXIT } from './exit-codes.js';

export interface ReachOptions {
  src?: string;
  dst?: string;
  proto: 'icmp' | 'tcp' | 'udp';
  port: number | null;
  matrix: boolean;
  json: boolean;
}

const write = (text: string): void => void process.stdout.write(text);

function formatResult(src: string, dst: string, r: ReachResult): string {
  const head = `${src} → ${dst}${r.address && r.address !== dst ? ` (${r.address})` : ''}: ${r.verdict}`;
  const steps = r.steps.map((s, i) => `  ${String(i + 1).padStart(2)}. ${s.text}`);
  return [head, ...steps, ...(r.deciding ? [`  decided by: ${r.deciding}`] : []), ''].join('\n');
}

/** `netloom reach SRC DST` and `netloom reach --matrix`: the verdict from a fresh snapshot. */
export async function runReach(o: ReachOptions): Promise<number> {
  const { topology } = await takeSnapshot({});
  // Only tcp and udp ask whether something listens.
  const facts =
    o.proto === 'icmp' && !(o.matrix && o.port !== null)
      ? {}
      : await socketFacts(
          topology,
          topology.nodes.filter((n) => n.kind === 'netns').map((n) => n.id),
        );
  if (o.matrix) {
    const m = reachMatrix(topology, o.port, facts);
    if (o.json) write(JSON.stringify(m) + '\n');
    else {
      for (const p of m.pairs)
        write(
          `${p.src} → ${p.dst} ${p.address} ${p.proto}${p.port ? `:${p.port}` : ''}: ${p.verdict}${p.deciding ? `  (${p.deciding})` : ''}\n`,
        );
      for (const n of m.names)
        write(`${n.src} looks up ${n.name}: ${n.address ?? 'no answer'}${n.via ? ` (${n.via})` : ''}\n`);
    }
    return EXIT.ok;
  }
  if (!o.src || !o.dst) {
    process.stderr.write('netloom reach: name a source and a destination (or --matrix)\n');
    return EXIT.usage;
  }
  let r: ReachResult;
  try {
    r = reach(topology, { src: o.src, dst: o.dst, proto: o.proto, port: o.port }, facts);
  } catch (err) {
    process.stderr.write(`netloom reach: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
  write(
    o.json
      ? JSON.stringify({ src: o.src, dst: o.dst, proto: o.proto, port: o.port, ...r }) + '\n'
      : formatResult(o.src, o.dst, r),
  );
  return r.verdict === 'reachable' ? EXIT.ok : EXIT.unreachable;
}
