import { z } from 'zod';
import { TopologyEdgeSchema, TopologyNodeSchema, TopologySchema } from '../model/schema.js';
import type { ClientMessage, ServerMessage, StreamSource } from './messages.js';

/**
 * Runtime checks for every message that crosses a process boundary. The server checks
 * what clients send; clients check what servers send. Shapes mirror ./messages.ts.
 */

const seq = z.number().int().nonnegative();

export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe') }),
  z.object({ type: z.literal('resync'), lastSeq: seq.nullable() }),
  z.object({
    type: z.literal('request'),
    id: z.number().int().nonnegative(),
    method: z.string().min(1).max(100),
    params: z.unknown().optional(),
  }),
]);

const changes = z.object({ nodes: z.array(TopologyNodeSchema), edges: z.array(TopologyEdgeSchema) });
const facet = z.object({ ok: z.boolean(), reason: z.string().optional() });

const StreamSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('live') }),
  z.object({ kind: z.literal('file'), name: z.string().min(1).max(255) }),
]) satisfies z.ZodType<StreamSource>;

const StreamAndHelloSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    protocol: z.number().int(),
    version: z.string(),
    source: StreamSourceSchema.optional(),
    control: z.object({ enabled: z.boolean(), reason: z.string().optional() }).optional(),
  }),
  z.object({ type: z.literal('snapshot'), seq, topology: TopologySchema }),
  z.object({
    type: z.literal('delta'),
    seq,
    add: changes,
    update: changes,
    remove: z.object({ nodes: z.array(z.string()), edges: z.array(z.string()) }),
    facets: z.object({ docker: facet, kernel: facet, firewall: facet }).optional(),
    host: z.looseObject({ hostname: z.string(), kernel: z.string() }).optional(),
    firewall: z.looseObject({ backend: z.string() }).nullable().optional(),
    capturedAt: z.string(),
    causes: z
      .array(
        z.object({
          source: z.enum(['docker', 'kernel', 'firewall', 'netns', 'resync']),
          action: z.string().optional(),
          id: z.string().optional(),
          timeNano: z.number().optional(),
        }),
      )
      .optional(),
  }),
]);

// Two response shapes share type 'response': told apart by `ok`.
const ResponseSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    type: z.literal('response'),
    id: z.number().int(),
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  }),
]);

export const ServerMessageSchema = z.union([StreamAndHelloSchema, ResponseSchema]);

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType, value: unknown): ParseResult<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, message: r.data as T };
  const issue = r.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || '(message)'}: ${issue?.message ?? 'invalid'}` };
}

export const parseClientMessage = (value: unknown): ParseResult<ClientMessage> => parseWith(ClientMessageSchema, value);
export const parseServerMessage = (value: unknown): ParseResult<ServerMessage> => parseWith(ServerMessageSchema, value);
