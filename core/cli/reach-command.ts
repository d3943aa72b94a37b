import { diagnose, testDiagnosis, type Diagnosis, type Tested } from '../reach/diagnose.js';
import { reachMatrix } from '../reach/matrix.js';
import { ProbeRefused } from '../reach/probe.js';
import type { ReachResult } from '../reach/reach.js';
import { socketFacts } from '../reach/socket-facts.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { EXIT } from './exit-codes.js';

export interface ReachOptions {
  src?: string;
  dst?: string;
  proto: 'icmp' | 'tcp' | 'udp';
  port: number | null;
  /** `name`: DST is a name, reached at the address SRC's resolver gives for it. */
  by?: 'ip' | 'name';
  matrix: boolean;
  json: boolean;
  /** Also run the real thing from inside the source (core/reach/probe.ts). */
  probe?: boolean;
  /** Probe under the kernel's trace (core/reach/trace.ts); implies probe. */
  trace?: boolean;
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
  if (o.matrix) {
    // With a port, every namespace may be asked whether something listens there.
    const facts =
      o.port === null
        ? {}
        : await socketFacts(
            topology,
            topology.nodes.filter((n) => n.kind === 'netns').map((n) => n.id),
          );
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
  let d: Diagnosis;
  try {
    d = await diagnose(topology, { src: o.src, dst: o.dst, proto: o.proto, port: o.port, by: o.by ?? 'ip' }, true);
  } catch (err) {
    process.stderr.write(`netloom reach: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
  const json = (extra: object = {}): string => {
    const { by: _by, ...rest } = d;
    return JSON.stringify({ ...rest, ...extra }) + '\n';
  };
  if (!o.probe && !o.trace) {
    write(o.json ? json() : formatResult(o.src, o.dst, d));
    return d.verdict === 'reachable' ? EXIT.ok : EXIT.unreachable;
  }
  let t: Tested;
  try {
    t = await testDiagnosis(topology, d, o.trace === true);
  } catch (err) {
    if (!(err instanceof ProbeRefused)) throw err;
    process.stderr.write(`netloom reach: no probe: ${err.message}\n`);
    return EXIT.usage;
  }
  if (t.trace && t.traceAgrees === false)
    process.stderr.write(
      `netloom reach: THE TRACE DISAGREES: predicted ${t.predictedRule ?? '(a policy)'}, the kernel decided by ${t.trace.deciding?.text ?? '(nothing traced)'}\n`,
    );
  if (!t.agrees)
    // Never hidden: the model and the kernel disagree, and the person must know which said what.
    process.stderr.write(
      `netloom reach: THE PROBE DISAGREES: predicted ${d.verdict}, the probe got ${t.probe.verdict} (${t.probe.command})\n`,
    );
  write(
    o.json
      ? json({
          probe: t.probe,
          agrees: t.agrees,
          ...(t.trace ? { trace: t.trace, traceAgrees: t.traceAgrees } : {}),
        })
      : `${formatResult(o.src, o.dst, d)}  probe: ${t.probe.verdict} (${t.probe.command}, ${t.probe.ms.toFixed(0)} ms)${t.agrees ? '' : '  — DISAGREES'}\n` +
          (t.trace
            ? `  the kernel's trace:\n${t.trace.hits.map((h) => `    ${h.table}:${h.chain} ${h.verdict}${h.text ? `  ${h.text}` : ''}`).join('\n')}\n`
            : ''),
  );
  return t.probe.verdict === 'reachable' ? EXIT.ok : EXIT.unreachable;
}
