import { z } from 'zod';

/**
 * What a saved document must hold beyond what ./schema.ts checks. That schema guards the
 * live protocol, whose documents this build writes, and lets the model grow; a file may
 * come from anywhere (edited by hand, cut short, written by another tool), and the UI
 * reads every field docs/model.md lists, so a missing one must be refused here with its
 * path rather than break a view later. Only the fields ./schema.ts leaves open are listed.
 */

const text = z.string();
const maybeText = z.string().nullable();
const labels = z.record(z.string(), z.string());

/** Kinds with nothing to add, matched so that every kind ./schema.ts allows passes. */
const nodeFields = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('netns'),
    routes: z.array(z.looseObject({ protocol: maybeText, scope: maybeText, prefsrc: maybeText })),
  }),
  z.looseObject({ kind: z.literal('interface'), operstate: text }),
  z.looseObject({ kind: z.literal('container'), shortId: text, labels }),
  z.looseObject({
    kind: z.literal('network'),
    scope: text,
    ipv6: z.boolean(),
    attachable: z.boolean(),
    embeddedDns: z.boolean(),
    bridgeName: maybeText,
    parentName: maybeText,
    mtu: z.number().int().positive().nullable(),
    options: labels,
    labels,
  }),
  z.looseObject({ kind: z.literal(['port', 'nat-rule', 'filter-rule']) }),
]);

const edgeFields = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('endpoint'),
    ipv6: maybeText,
    dnsNames: z.array(text),
    gateway: maybeText,
    endpointId: maybeText,
  }),
  z.looseObject({
    kind: z.literal(['veth', 'bridge-port', 'uses-netns', 'masquerade', 'publishes', 'lower', 'filters', 'dnat']),
  }),
]);

export const DocumentFieldsSchema = z.looseObject({
  host: z.looseObject({ ipForward: z.boolean().nullable() }),
  firewall: z.looseObject({ backend: text, policies: labels }).nullable(),
  nodes: z.array(nodeFields),
  edges: z.array(edgeFields),
});
