import { z } from 'zod';
import { TOPOLOGY_SCHEMA } from './types.js';

/**
 * A runtime schema of the topology document, for anything that receives one across a
 * process boundary (the live protocol, scripts, tests). It checks the model's required
 * fields and id shapes; extra fields are allowed so the model can grow.
 */

const hex64 = /^[0-9a-f]{64}$/;
const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'a CIDR');
const nullableId = (prefix: string) => z.string().startsWith(prefix).nullable();
const linksSchema = z.array(z.looseObject({ container: z.string(), alias: z.string() })).optional();

const facet = z.looseObject({ ok: z.boolean(), reason: z.string().optional() });

const base = { id: z.string().min(1), label: z.string(), parent: z.string().optional() };

const route = z.looseObject({
  dst: z.string(),
  gateway: z.string().nullable(),
  dev: z.string().nullable(),
  devName: z.string().nullable(),
});

export const NetnsNodeSchema = z.looseObject({
  ...base,
  kind: z.literal('netns'),
  id: z.string().regex(/^netns:\d+$/),
  inode: z.number().int().positive(),
  host: z.boolean(),
  name: z.string().nullable(),
  routes: z.array(route),
  ipForward: z.boolean().nullable().optional(),
});

export const InterfaceNodeSchema = z.looseObject({
  ...base,
  kind: z.literal('interface'),
  id: z.string().regex(/^if:\d+:\d+$/),
  parent: z.string().regex(/^netns:\d+$/),
  name: z.string(),
  ifindex: z.number().int().positive(),
  type: z.string(),
  mac: z.string().nullable(),
  mtu: z.number().int(),
  up: z.boolean(),
  addresses: z.array(cidr),
  master: z
    .string()
    .regex(/^if:\d+:\d+$/)
    .nullable(),
});

export const ContainerNodeSchema = z.looseObject({
  ...base,
  kind: z.literal('container'),
  id: z.string().regex(/^container:[0-9a-f]{64}$/),
  name: z.string().regex(/^[^/]/),
  image: z.string(),
  state: z.string(),
  networkMode: z
    .string()
    .refine((m) => !m.startsWith('container:') || hex64.test(m.slice(10)), 'container:<64-hex id>'),
  pid: z.number().int().nonnegative(),
  netns: nullableId('netns:'),
  // Optional: documents written before links were modelled still read.
  links: linksSchema,
});

export const NetworkNodeSchema = z.looseObject({
  ...base,
  kind: z.literal('network'),
  id: z.string().regex(/^network:[0-9a-f]{64}$/),
  name: z.string(),
  driver: z.string(),
  internal: z.boolean(),
  subnets: z.array(z.looseObject({ subnet: cidr, gateway: z.string().nullable() })),
  bridge: nullableId('if:'),
  icc: z.boolean(),
});

export const PortNodeSchema = z.looseObject({
  ...base,
  kind: z.literal('port'),
  id: z.string().regex(/^port:[a-z]+:.+:\d+$/),
  proto: z.string(),
  hostIp: z.string(),
  hostPort: z.number().int().positive(),
  container: z.string().startsWith('container:'),
  containerPort: z.number().int().positive(),
  rule: nullableId('nat:'),
});

const matchSchema = z.looseObject({
  proto: z.string().nullable(),
  protoNot: z.string().nullable(),
  source: z.string().nullable(),
  sourceNegated: z.boolean(),
  destination: z.string().nullable(),
  destinationNegated: z.boolean(),
  inIface: z.string().nullable(),
  inIfaceNegated: z.boolean(),
  outIface: z.string().nullable(),
  outIfaceNegated: z.boolean(),
  dport: z.string().nullable(),
  dportNot: z.string().nullable(),
  sport: z.string().nullable(),
  ctstate: z.array(z.string()).nullable(),
  ctstateNegated: z.boolean(),
  srcType: z.string().nullable(),
  srcTypeNegated: z.boolean(),
  dstType: z.string().nullable(),
  dstTypeNegated: z.boolean(),
});
const ruleFields = {
  ...base,
  table: z.string(),
  chain: z.string(),
  index: z.number().int().positive(),
  target: z.string(),
  text: z.string(),
  // Optional: documents written before the matches were modelled still read.
  match: matchSchema.optional(),
  goto: z.boolean().optional(),
  toDestination: z.string().nullable().optional(),
  toSource: z.string().nullable().optional(),
};
export const NatRuleNodeSchema = z.looseObject({
  ...ruleFields,
  kind: z.literal('nat-rule'),
  id: z.string().regex(/^nat:[^:]+:.+:\d+$/),
});
export const FilterRuleNodeSchema = z.looseObject({
  ...ruleFields,
  kind: z.literal('filter-rule'),
  id: z.string().regex(/^filter:[^:]+:.+:\d+$/),
});

export const TopologyNodeSchema = z.discriminatedUnion('kind', [
  NetnsNodeSchema,
  InterfaceNodeSchema,
  ContainerNodeSchema,
  NetworkNodeSchema,
  PortNodeSchema,
  NatRuleNodeSchema,
  FilterRuleNodeSchema,
]);

const edgeBase = { id: z.string().min(1), source: z.string().min(1), target: z.string().min(1) };
export const TopologyEdgeSchema = z.discriminatedUnion('kind', [
  z.looseObject({ ...edgeBase, kind: z.literal('veth') }),
  z.looseObject({ ...edgeBase, kind: z.literal('bridge-port') }),
  z.looseObject({
    ...edgeBase,
    kind: z.literal('endpoint'),
    interface: nullableId('if:'),
    ipv4: cidr.nullable(),
    mac: z.string().nullable(),
    aliases: z.array(z.string()),
    links: linksSchema,
  }),
  z.looseObject({ ...edgeBase, kind: z.literal('uses-netns') }),
  z.looseObject({ ...edgeBase, kind: z.literal('masquerade'), subnet: cidr }),
  z.looseObject({ ...edgeBase, kind: z.literal('publishes') }),
  z.looseObject({ ...edgeBase, kind: z.literal('lower') }),
  z.looseObject({ ...edgeBase, kind: z.literal('filters') }),
  z.looseObject({ ...edgeBase, kind: z.literal('dnat') }),
]);

export const TopologySchema = z.looseObject({
  schema: z.literal(TOPOLOGY_SCHEMA),
  capturedAt: z.iso.datetime(),
  host: z.looseObject({
    hostname: z.string(),
    kernel: z.string(),
    engine: z.looseObject({ version: z.string(), apiVersion: z.string() }).nullable(),
  }),
  facets: z.looseObject({ docker: facet, kernel: facet, firewall: facet }),
  nodes: z.array(TopologyNodeSchema),
  edges: z.array(TopologyEdgeSchema),
});

/** Checks what a schema cannot: unique ids, and every edge and parent naming a node. */
export function checkReferences(t: {
  nodes: { id: string; parent?: string }[];
  edges: { id: string; source: string; target: string }[];
}): string[] {
  const problems: string[] = [];
  const nodeIds = new Set<string>();
  for (const n of t.nodes) {
    if (nodeIds.has(n.id)) problems.push(`duplicate node id ${n.id}`);
    nodeIds.add(n.id);
  }
  for (const n of t.nodes)
    if (n.parent !== undefined && !nodeIds.has(n.parent)) problems.push(`node ${n.id}: parent ${n.parent} missing`);
  const edgeIds = new Set<string>();
  for (const e of t.edges) {
    if (edgeIds.has(e.id)) problems.push(`duplicate edge id ${e.id}`);
    edgeIds.add(e.id);
    if (!nodeIds.has(e.source)) problems.push(`edge ${e.id}: source ${e.source} missing`);
    if (!nodeIds.has(e.target)) problems.push(`edge ${e.id}: target ${e.target} missing`);
  }
  return problems;
}
