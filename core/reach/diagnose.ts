import { TopologyIndex } from '../common/topology-index.js';
import type { z } from 'zod';
import type { Topology } from '../model/types.js';
import type { DiagnosisSchema, MatrixSchema, TestedSchema } from '../protocol/reach-schemas.js';
import type { Matrix } from './matrix.js';
import { resolveName } from './matrix.js';
import { findContainer, OUTSIDE, UnknownPlace } from './places.js';
import { probe, ProbeRefused, type ProbeResult } from './probe.js';
import { reach, type ReachQuery, type ReachResult } from './reach.js';
import { socketFacts } from './socket-facts.js';
import { makeStep } from '../protocol/reach-steps.js';
import { tracePacket, type TraceResult } from './trace.js';

export interface DiagnoseQuery {
  src: string;
  dst: string;
  proto: 'icmp' | 'tcp' | 'udp';
  port: number | null;
  /** `name`: DST is a name, reached at the address SRC's resolver gives for it. */
  by?: 'ip' | 'name';
}

/** The question and the walk that answers it: what `netloom reach --json` prints. */
export type Diagnosis = DiagnoseQuery & ReachResult;

/** The probe beside the prediction, and the kernel's trace beside the walk. */
export interface Tested {
  probe: ProbeResult;
  /** Whether the probe got what the walk predicted. */
  agrees: boolean;
  trace?: TraceResult;
  /** Whether the kernel's deciding rule is the one the walk named; null without a trace. */
  traceAgrees?: boolean | null;
  /** The rule the walk says decided (a DROP, or the ACCEPT that let it through), as -A text. */
  predictedRule: string | null;
}

/**
 * The verdict for one question, from the model — by name, DST is first looked up as SRC's
 * resolver would. With `sockets` (a live host), the one namespace the packet lands in is
 * asked whether anything listens on the port.
 */
export async function diagnose(topology: Topology, q: DiagnoseQuery, sockets: boolean): Promise<Diagnosis> {
  const query: ReachQuery = { src: q.src, dst: q.dst, proto: q.proto, port: q.port };
  let looked = null;
  if (q.by === 'name') {
    const index = TopologyIndex.of(topology);
    const from = findContainer(index, q.src);
    if (!from) throw new UnknownPlace('src', `no container ${JSON.stringify(q.src)} to look the name up from`);
    const found = resolveName(index, from, q.dst);
    if (!found.address) {
      const none = makeStep('no-name', { src: from.name, name: q.dst }, from.id);
      return { ...q, verdict: 'no-route', address: null, deciding: null, from: null, steps: [none] };
    }
    looked = makeStep('name', { src: from.name, name: q.dst, address: found.address, via: found.via ?? '' }, from.id);
    query.dst = found.address;
  }
  let r = reach(topology, query);
  const landing = r.steps.find((x) => x.kind === 'listen-unknown')?.element;
  if (landing && sockets) r = reach(topology, query, await socketFacts(topology, [landing]));
  return { ...q, ...r, steps: looked ? [looked, ...r.steps] : r.steps };
}

/**
 * Runs the real thing from inside the source — under the kernel's trace with `trace` —
 * and sets it beside the prediction. Throws ProbeRefused when there is nothing this host
 * may probe (no address, an address that is not a container's, namespace's or bridge's).
 */
export async function testDiagnosis(topology: Topology, d: Diagnosis, trace: boolean): Promise<Tested> {
  // The probe goes where the person asked: a container's chosen address, or the address given.
  if (d.by !== 'name' && d.dst === OUTSIDE)
    throw new ProbeRefused('the probe never sends anything outside this host: ask it of an address here');
  const address = d.by !== 'name' && /^\d+\.\d+\.\d+\.\d+$/.test(d.dst) ? d.dst : d.address;
  if (d.src === OUTSIDE)
    throw new ProbeRefused(
      'the probe runs on this host: it cannot send from outside (the walk is the model’s word only)',
    );
  if (!address) throw new ProbeRefused(`${d.dst} has no address to probe`);
  const run = (): Promise<ProbeResult> => probe(topology, { src: d.src, address, proto: d.proto, port: d.port });
  const predictedRule = d.steps.find((x) => x.kind === 'decides')?.params.rule ?? null;
  let tried: ProbeResult;
  let traced: TraceResult | null = null;
  if (trace) {
    if (!d.from) throw new ProbeRefused(`${d.src} has no source address to trace`);
    // A host whose rules are nftables' own (no iptables) is traced the nftables way.
    const via = topology.firewall?.backend === 'nft' ? 'nft' : 'iptables';
    const t = await tracePacket({ src: d.from, dst: address, proto: d.proto, port: d.port }, run, via);
    tried = t.result;
    traced = t.trace;
  } else tried = await run();
  // A packet with no route is dropped where a probe cannot tell it from a blocked one.
  const agrees = tried.verdict === d.verdict || (d.verdict === 'no-route' && tried.verdict === 'blocked');
  if (!traced) return { probe: tried, agrees, predictedRule };
  const traceAgrees = (traced.deciding?.text ?? null) === predictedRule;
  return { probe: tried, agrees, trace: traced, traceAgrees, predictedRule };
}

// What the protocol sends (core/protocol/reach-schemas.ts) and what the walk makes stay one shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const proofs: [
  Same<z.infer<typeof DiagnosisSchema>, Diagnosis>,
  Same<z.infer<typeof TestedSchema>, Tested>,
  Same<z.infer<typeof MatrixSchema>, Matrix>,
] = [true, true, true];
void proofs;
