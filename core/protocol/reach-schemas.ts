/**
 * The diagnosis methods' requests and answers (docs/protocol.md, "Diagnosis"): the same
 * question `netloom reach` answers, asked over the protocol. The answers' shapes are the
 * CLI's `--json` ones; core/reach/diagnose.ts proves core/reach's own types are these.
 */
import { z } from 'zod';
import { STEP_TEXT, type StepKind } from './reach-steps.js';

/** A container's name or id, `host`, `outside`, a namespace's name, an IPv4 address — or, by name, a DNS name. */
const endpoint = z
  .string()
  .min(1, 'name a container, host, an address or a name')
  .max(253)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:-]*$/, 'a container name or id, host, outside, an IPv4 address or a DNS name');

const port = z.number().int('a port is a whole number').min(1, 'ports run from 1 to 65535').max(65535);

const query = {
  src: endpoint,
  dst: endpoint,
  proto: z.enum(['icmp', 'tcp', 'udp']),
  /** tcp and udp only. */
  port: port.nullable().optional(),
  /** `name`: dst is a name, reached at the address src's resolver gives for it. */
  by: z.enum(['ip', 'name']).optional(),
};

const portFitsProto = (p: { proto: string; port?: number | null | undefined }, ctx: z.RefinementCtx): void => {
  if (p.proto !== 'icmp' && p.port == null)
    ctx.addIssue({
      code: 'custom',
      path: ['port'],
      message: `${p.proto} needs a port`,
      params: { rule: 'needs-port' },
    });
  if (p.proto === 'icmp' && p.port != null)
    ctx.addIssue({ code: 'custom', path: ['port'], message: 'icmp has no ports', params: { rule: 'no-port' } });
};

export const ReachParamsSchema = z.strictObject(query).superRefine(portFitsProto);
export const ReachProbeParamsSchema = z
  .strictObject({ ...query, /** Probe under the kernel's trace. */ trace: z.boolean().optional() })
  .superRefine(portFitsProto);
export const ReachMatrixParamsSchema = z.strictObject({ port: port.nullable().optional() }).optional();

const StepSchema = z.object({
  kind: z.enum(Object.keys(STEP_TEXT) as [StepKind, ...StepKind[]]),
  params: z.record(z.string(), z.string()),
  text: z.string(),
  element: z.string().nullable(),
  via: z.array(z.string()),
});

const VERDICTS = ['reachable', 'blocked', 'no-route', 'refused', 'not-running'] as const;

export const DiagnosisSchema = z.object({
  src: z.string(),
  dst: z.string(),
  proto: z.enum(['icmp', 'tcp', 'udp']),
  port: z.number().nullable(),
  by: z.enum(['ip', 'name']).optional(),
  verdict: z.enum(VERDICTS),
  address: z.string().nullable(),
  deciding: z.string().nullable(),
  from: z.string().nullable(),
  steps: z.array(StepSchema),
});

const TraceHitSchema = z.object({
  table: z.string(),
  chain: z.string(),
  what: z.string(),
  verdict: z.string(),
  text: z.string().nullable(),
});

export const TestedSchema = z.object({
  probe: z.object({
    verdict: z.enum(['reachable', 'blocked', 'refused', 'no-route']),
    command: z.string(),
    output: z.string(),
    ms: z.number(),
  }),
  agrees: z.boolean(),
  trace: z.object({ hits: z.array(TraceHitSchema), deciding: TraceHitSchema.nullable() }).optional(),
  traceAgrees: z.boolean().nullable().optional(),
  predictedRule: z.string().nullable(),
});

export const ProbedSchema = z.object({ diagnosis: DiagnosisSchema, tested: TestedSchema });

export const MatrixSchema = z.object({
  pairs: z.array(
    z.object({
      src: z.string(),
      dst: z.string(),
      address: z.string(),
      proto: z.enum(['icmp', 'tcp']),
      port: z.number().nullable(),
      verdict: z.enum(VERDICTS),
      deciding: z.string().nullable(),
    }),
  ),
  names: z.array(
    z.object({
      src: z.string(),
      name: z.string(),
      address: z.string().nullable(),
      via: z.enum(['embedded-dns', 'hosts-file']).nullable(),
    }),
  ),
});
