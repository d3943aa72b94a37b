import { TopologyIndex } from '../common/topology-index.js';
import { reachMatrix, resolveName } from '../reach/matrix.js';
import { probe, ProbeRefused, type ProbeResult } from '../reach/probe.js';
import { tracePacket, type TraceResult } from '../reach/trace.js';
import { findContainer, reach, type ReachResult, type ReachStep } from '../reach/reach.js';
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
  let r: ReachResult;
  try {
    let dst = o.dst;
    let looked: ReachStep | null = null;
    if (o.by === 'name') {
      const index = TopologyIndex.of(topology);
      const from = findContainer(index, o.src);
      if (!from) throw new Error(`no container ${JSON.stringify(o.src)} to look the name up from`);
      const found = resolveName(index, from, o.dst);
      if (!found.address) {
        const none: ReachStep = {
          kind: 'no-name',
          text: `${from.name} gets no answer for ${o.dst}: no embedded DNS on a network they share (the default bridge has none)`,
          element: from.id,
        };
        r = { verdict: 'no-route', address: null, deciding: null, from: null, steps: [none] };
        write(
          o.json
            ? JSON.stringify({ src: o.src, dst: o.dst, proto: o.proto, port: o.port, ...r }) + '\n'
            : formatResult(o.src, o.dst, r),
        );
        return EXIT.unreachable;
      }
      looked = {
        kind: 'name',
        text: `${from.name} looks up ${o.dst}: ${found.address} (${found.via})`,
        element: from.id,
      };
      dst = found.address;
    }
    const q = { src: o.src, dst, proto: o.proto, port: o.port };
    r = reach(topology, q);
    // Only where the packet lands is asked whether something listens: that one namespace's sockets.
    const landing = r.steps.find((x) => x.kind === 'listen-unknown')?.element;
    if (landing) r = reach(topology, q, await socketFacts(topology, [landing]));
    if (looked) r = { ...r, steps: [looked, ...r.steps] };
  } catch (err) {
    process.stderr.write(`netloom reach: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
  if (!o.probe && !o.trace) {
    write(
      o.json
        ? JSON.stringify({ src: o.src, dst: o.dst, proto: o.proto, port: o.port, ...r }) + '\n'
        : formatResult(o.src, o.dst, r),
    );
    return r.verdict === 'reachable' ? EXIT.ok : EXIT.unreachable;
  }
  // The probe goes where the person asked: a container's chosen address, or the address given.
  const address = /^\d+\.\d+\.\d+\.\d+$/.test(o.dst) ? o.dst : r.address;
  let tried: ProbeResult;
  let trace: TraceResult | null = null;
  try {
    if (!address) throw new ProbeRefused(`${o.dst} has no address to probe`);
    const run = (): Promise<ProbeResult> =>
      probe(topology, { src: o.src as string, address, proto: o.proto, port: o.port });
    if (o.trace) {
      if (!r.from) throw new ProbeRefused(`${o.src} has no source address to trace`);
      const traced = await tracePacket({ src: r.from, dst: address, proto: o.proto, port: o.port }, run);
      tried = traced.result;
      trace = traced.trace;
    } else tried = await run();
  } catch (err) {
    if (!(err instanceof ProbeRefused)) throw err;
    process.stderr.write(`netloom reach: no probe: ${err.message}\n`);
    return EXIT.usage;
  }
  const agrees = tried.verdict === r.verdict || (r.verdict === 'no-route' && tried.verdict === 'blocked');
  // The kernel's own word on which rule decided, beside the predicted one.
  // The rule the walk says decided (a DROP, or the ACCEPT that let it through), as -A text.
  const predicted = r.steps.find((x) => x.kind === 'decides')?.text.replace(/^[\w-]+: /, '') ?? null;
  const traceAgrees = trace ? (trace.deciding?.text ?? null) === predicted : null;
  if (trace && traceAgrees === false)
    process.stderr.write(
      `netloom reach: THE TRACE DISAGREES: predicted ${predicted ?? '(a policy)'}, the kernel decided by ${trace.deciding?.text ?? '(nothing traced)'}\n`,
    );
  if (!agrees)
    // Never hidden: the model and the kernel disagree, and the person must know which said what.
    process.stderr.write(
      `netloom reach: THE PROBE DISAGREES: predicted ${r.verdict}, the probe got ${tried.verdict} (${tried.command})\n`,
    );
  write(
    o.json
      ? JSON.stringify({
          src: o.src,
          dst: o.dst,
          proto: o.proto,
          port: o.port,
          ...r,
          probe: tried,
          agrees,
          ...(trace ? { trace, traceAgrees } : {}),
        }) + '\n'
      : `${formatResult(o.src, o.dst, r)}  probe: ${tried.verdict} (${tried.command}, ${tried.ms.toFixed(0)} ms)${agrees ? '' : '  — DISAGREES'}\n` +
          (trace
            ? `  the kernel's trace:\n${trace.hits.map((h) => `    ${h.table}:${h.chain} ${h.verdict}${h.text ? `  ${h.text}` : ''}`).join('\n')}\n`
            : ''),
  );
  return tried.verdict === 'reachable' ? EXIT.ok : EXIT.unreachable;
}
