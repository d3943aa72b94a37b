/**
 * Every request a UI or a script can send, and its answer, written once as zod schemas;
 * `Methods` (./messages.ts) is inferred from them. Objects are strict: an unknown field
 * is a `bad-request`, so a typo never silently does less than was asked. These names and
 * fields are a contract that outside scripts use over the WebSocket: add, never rename.
 * docs/control.md explains each method.
 *
 * Rules that need the host (a subnet overlapping another network, an address in use, an
 * image that is not here) are checked by core/commands before the engine is asked; the
 * rules here need only the request, so the UI checks them as a person types.
 */
import { z } from 'zod';
import { TopologySchema } from '../model/schema.js';
import type { RequestRule } from './rule-codes.js';
import {
  DiagnosisSchema,
  MatrixSchema,
  ProbedSchema,
  ReachMatrixParamsSchema,
  ReachParamsSchema,
  ReachProbeParamsSchema,
} from './reach-schemas.js';
import type { Topology } from '../model/types.js';
import { cidrContains, formatIPv4, parseCidr, parseIPv4 } from '../common/ipv4.js';

/** Docker's own rule for container and network names (moby daemon/names). */
export const DOCKER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/**
 * Docker sets no length limit; Netloom's bound keeps a pasted paragraph out of the engine
 * (an id is 64 characters).
 */
export const NAME_MAX = 128;

const dockerName = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(NAME_MAX, `${what} is at most ${NAME_MAX} characters`)
    .regex(DOCKER_NAME_PATTERN, `${what} must start with a letter or digit and hold only letters, digits, _ . -`);

/** A container named by its name or its id (full or a unique prefix). */
export const ContainerRefSchema = dockerName('a container name or id');
/** A network named by its name or its id (full or a unique prefix). */
export const NetworkRefSchema = dockerName('a network name or id');

/** A DNS name another container can resolve (network aliases, link aliases). */
const ALIAS_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/;
const alias = z
  .string()
  .min(1, 'an alias must not be empty')
  .max(NAME_MAX, `an alias is at most ${NAME_MAX} characters`)
  .regex(ALIAS_PATTERN, 'an alias holds letters, digits, _ . - and starts and ends with a letter or digit');

/** RFC 1123 host name: labels of up to 63 characters, 253 in all. */
const HOSTNAME_PATTERN =
  /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no '/' or spaces. */
const IFNAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.@-]{0,14}$/;

const ipv4 = z.ipv4({ message: 'an IPv4 address, e.g. 172.30.0.10' });
const cidr = z.cidrv4({ message: 'an IPv4 subnet in CIDR form, e.g. 172.30.0.0/24 (prefix 0 to 32)' });
const port = z
  .number({ message: 'a port number' })
  .int('a port is a whole number')
  .min(1, 'ports run from 1 to 65535')
  .max(65535, 'ports run from 1 to 65535');

/** Docker labels: any text key, kept printable and bounded. */
const LabelsSchema = z
  .record(
    z
      .string()
      .min(1)
      .max(256)
      .regex(/^[^\s=\p{Cc}]+$/u, 'a label key has no spaces, "=" or control characters'),
    z
      .string()
      .max(4096)
      .regex(/^[^\p{Cc}]*$/u, 'a label value has no control characters'),
  )
  .refine((r) => Object.keys(r).length <= 64, 'at most 64 labels');

// ---- networks -------------------------------------------------------------------------

export const NETWORK_DRIVERS = ['bridge', 'macvlan', 'ipvlan', 'overlay'] as const;

export const NetworkCreateParamsSchema = z
  .strictObject({
    /** The network's name (Docker's name rule). */
    name: dockerName('a network name'),
    driver: z.enum(NETWORK_DRIVERS),
    /** IPv4 subnet in CIDR form; absent: Docker picks a free one from its pools. */
    subnet: cidr.optional(),
    /** The gateway address, inside the subnet; absent: the subnet's first address. */
    gateway: ipv4.optional(),
    /** The part of the subnet Docker hands out to containers, inside the subnet. */
    ipRange: cidr.optional(),
    /** No route out: no MASQUERADE, no gateway on the host. */
    internal: z.boolean().optional(),
    /** Inter-container traffic on the bridge (bridge driver only; default true). */
    icc: z.boolean().optional(),
    /** The bridge's or sub-interface's MTU. */
    mtu: z.number().int().min(68, 'an MTU is at least 68').max(65535, 'an MTU is at most 65535').optional(),
    /** The host interface macvlan/ipvlan sub-interfaces are built on. */
    parent: z.string().regex(IFNAME_PATTERN, 'an interface name: up to 15 letters, digits, _ . @ -').optional(),
    /** Let standalone containers join an overlay network. */
    attachable: z.boolean().optional(),
    labels: LabelsSchema.optional(),
  })
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string, rule: RequestRule): void =>
      void ctx.addIssue({ code: 'custom', path: [path], message, params: { rule } });
    const net = p.subnet ? parseCidr(p.subnet) : null;
    if (p.gateway && !p.subnet) issue('gateway', 'a gateway needs a subnet to sit in', 'needs-subnet');
    if (p.ipRange && !p.subnet) issue('ipRange', 'an IP range needs a subnet to sit in', 'needs-subnet');
    if (net && p.subnet && parseIPv4(p.subnet.split('/')[0] ?? '') !== net.base)
      issue('subnet', `${p.subnet} has host bits set: the subnet is ${formatIPv4(net.base)}/${net.bits}`, 'host-bits');
    if (net && net.bits > 30 && p.driver !== 'overlay')
      issue(
        'subnet',
        `a /${net.bits} leaves no room for a gateway and a container; use /30 or wider`,
        'prefix-too-long',
      );
    if (net && p.subnet && p.gateway) {
      const gw = parseIPv4(p.gateway) ?? 0;
      const broadcast = (net.base + 2 ** (32 - net.bits) - 1) >>> 0;
      if (!cidrContains(p.subnet, p.gateway))
        issue('gateway', `${p.gateway} is not inside ${p.subnet}`, 'outside-subnet');
      else if (net.bits < 31 && (gw === net.base || gw === broadcast))
        issue(
          'gateway',
          `${p.gateway} is the subnet's ${gw === net.base ? 'network' : 'broadcast'} address`,
          'gateway-reserved',
        );
    }
    if (p.subnet && p.ipRange && !cidrContains(p.subnet, p.ipRange))
      issue('ipRange', `${p.ipRange} is not inside ${p.subnet}`, 'outside-subnet');
    if (p.parent && p.driver !== 'macvlan' && p.driver !== 'ipvlan')
      issue('parent', 'only macvlan and ipvlan networks have a parent interface', 'driver-option');
    if (p.icc !== undefined && p.driver !== 'bridge') issue('icc', 'icc is a bridge-driver option', 'driver-option');
    if (p.attachable !== undefined && p.driver !== 'overlay')
      issue('attachable', 'attachable is an overlay option', 'driver-option');
  });

export const NetworkRemoveParamsSchema = z.strictObject({ network: NetworkRefSchema });

export const NetworkPruneParamsSchema = z
  .strictObject({
    /** Only networks with this label (`key` or `key=value`), as `docker network prune --filter label=…`. */
    label: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[^\s\p{Cc}]+$/u, 'a label filter is key or key=value, without spaces')
      .optional(),
  })
  .optional();

export const NetworkConnectParamsSchema = z.strictObject({
  network: NetworkRefSchema,
  container: ContainerRefSchema,
  /** Extra DNS names for the container on this network (user-defined networks only). */
  aliases: z.array(alias).max(32).optional(),
  /** A static address inside the network's subnet. */
  ipv4: ipv4.optional(),
});

export const NetworkDisconnectParamsSchema = z.strictObject({
  network: NetworkRefSchema,
  container: ContainerRefSchema,
  /** Disconnect even if the endpoint is in a bad state (`docker network disconnect -f`). */
  force: z.boolean().optional(),
});

// ---- containers -----------------------------------------------------------------------

export const PortPublishSchema = z.strictObject({
  /** The host address to listen on; absent: every address (0.0.0.0). */
  hostIp: ipv4.optional(),
  /** The host port; absent: the engine picks a free one. */
  hostPort: port.optional(),
  containerPort: port,
  proto: z.enum(['tcp', 'udp']),
});

/**
 * Two ports of one request on the same host port and protocol, where the addresses meet
 * (no host address is every address): the engine would refuse the second at start ("port
 * is already allocated"), after creating the container.
 */
function refineDistinctPorts(publish: readonly PortPublish[] | undefined, ctx: z.RefinementCtx): void {
  const any = (ip: string | undefined): boolean => ip === undefined || ip === '0.0.0.0';
  (publish ?? []).forEach((p, j) => {
    const i = (publish ?? []).findIndex(
      (o, k) =>
        k < j &&
        p.hostPort !== undefined &&
        o.hostPort === p.hostPort &&
        o.proto === p.proto &&
        (any(o.hostIp) || any(p.hostIp) || o.hostIp === p.hostIp),
    );
    if (i >= 0)
      ctx.addIssue({
        code: 'custom',
        path: ['publish', j, 'hostPort'],
        message: `host port ${p.hostPort}/${p.proto} is asked for twice (publish.${i} and publish.${j})`,
        params: { rule: 'duplicate-port' },
      });
  });
}

/** `bridge`, `host`, `none`, `container:<name or id>`, or a network's name. */
const NETWORK_MODE_PATTERN = /^(container:)?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const ContainerRunParamsSchema = z
  .strictObject({
    /** A local image (Netloom never pulls), by name:tag or id. */
    image: z
      .string()
      .min(1, 'an image is needed')
      .max(256)
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.:/@-]*$/, 'an image reference: name[:tag], or an id'),
    name: dockerName('a container name').optional(),
    network: z
      .string()
      .max(NAME_MAX + 'container:'.length)
      .regex(NETWORK_MODE_PATTERN, 'bridge, host, none, container:<name or id>, or a network name')
      .optional(),
    ipv4: ipv4.optional(),
    aliases: z.array(alias).max(32).optional(),
    hostname: z
      .string()
      .regex(HOSTNAME_PATTERN, 'a host name: letters, digits and -, up to 63 per dot-separated part')
      .optional(),
    /** DNS servers for the container's resolv.conf. */
    dns: z.array(ipv4).max(8).optional(),
    publish: z.array(PortPublishSchema).max(64).optional(),
    /** Publish every port the image exposes on a random host port (`-P`). */
    publishAll: z.boolean().optional(),
    /** Legacy links: `container` resolvable as `alias` inside the new container. */
    links: z
      .array(z.strictObject({ container: ContainerRefSchema, alias }))
      .max(32)
      .optional(),
    /** The command and its arguments, each one word (no shell). */
    command: z
      .array(
        z
          .string()
          .max(4096)
          .regex(/^[^\0]*$/, 'no NUL characters'),
      )
      .max(128)
      .optional(),
    labels: LabelsSchema.optional(),
  })
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string, rule: RequestRule): void =>
      void ctx.addIssue({ code: 'custom', path: [path], message, params: { rule } });
    const mode = p.network ?? 'bridge';
    const shared = mode === 'host' || mode.startsWith('container:');
    if (shared) {
      const why =
        mode === 'host'
          ? 'a host-mode container uses the host’s own network stack'
          : `a ${mode} container shares that container’s network stack`;
      if (p.publish?.length || p.publishAll)
        issue('publish', `${why}: there is nothing to publish a port to`, 'shared-netns');
      if (p.aliases?.length) issue('aliases', `${why}: it has no endpoint of its own to alias`, 'shared-netns');
      if (p.ipv4) issue('ipv4', `${why}: it has no address of its own`, 'shared-netns');
      if (mode !== 'host' && p.hostname) issue('hostname', `${why}, including its host name`, 'shared-netns');
      if (mode !== 'host' && p.dns?.length) issue('dns', `${why}, including its resolver`, 'shared-netns');
      if (p.links?.length) issue('links', `${why}: links need an endpoint of their own`, 'shared-netns');
    }
    if (mode === 'none') {
      if (p.publish?.length || p.publishAll)
        issue('publish', 'a container with no network cannot publish a port', 'no-network');
      if (p.aliases?.length) issue('aliases', 'a container with no network has no endpoint to alias', 'no-network');
      if (p.ipv4) issue('ipv4', 'a container with no network has no address', 'no-network');
      // The engine takes links with none and drops them silently (no /etc/hosts entry).
      if (p.links?.length) issue('links', 'a container with no network cannot reach a linked one', 'no-network');
    }
    if (mode === 'bridge') {
      if (p.aliases?.length)
        issue(
          'aliases',
          'the default bridge has no embedded DNS: aliases need a user-defined network',
          'default-bridge',
        );
      if (p.ipv4)
        issue(
          'ipv4',
          'the default bridge hands out addresses itself: a static IP needs a user-defined network',
          'default-bridge',
        );
    }
    refineDistinctPorts(p.publish, ctx);
  });

export const ContainerActionParamsSchema = z.strictObject({
  container: ContainerRefSchema,
  /** stop/restart: no grace period (SIGKILL at once); remove: also a running container. */
  force: z.boolean().optional(),
});

export const ContainerPublishParamsSchema = z
  .strictObject({
    container: ContainerRefSchema,
    /** Ports to add to those the container already publishes. */
    publish: z.array(PortPublishSchema).max(64),
    /** Without it nothing changes: the answer says what recreating would do. */
    confirm: z.boolean().optional(),
    /**
     * Publish exactly `publish` (possibly none), dropping the container's other ports:
     * how `action.undo` puts back the ports a container had before a publish.
     */
    replace: z.boolean().optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.replace && p.publish.length === 0)
      ctx.addIssue({ code: 'custom', path: ['publish'], message: 'at least one port', params: { rule: 'too-small' } });
    refineDistinctPorts(p.publish, ctx);
  });

// ---- answers ----------------------------------------------------------------------------

/** Something a person should know before going ahead; `code` lets the UI translate it. */
export const WarningSchema = z.object({ code: z.string(), message: z.string() });

/** One element of the model an action added, removed or changed, as the live stream showed it. */
export const EffectItemSchema = z.object({
  change: z.enum(['added', 'removed', 'changed']),
  /** The model element's id (removed ones are gone from the model). */
  id: z.string(),
  /** Its model kind (`interface`, `nat-rule`, `endpoint`, `veth`, …) or `dns-name`. */
  kind: z.string(),
  /** What a person calls it: `veth3f2a1b`, `eth1 172.30.0.2/24`, `-A DOCKER … -j DNAT …`. */
  label: z.string(),
  /** Where it is: the namespace, bridge or chain; null when that is the host itself. */
  where: z.string().nullable(),
});

/** What the kernel and the engine now show because of an action. */
export const EffectSchema = z.object({
  /** False when the bounded wait ended before the stream showed the change: made, not yet seen. */
  seen: z.boolean(),
  /** The seq of the delta that showed it; the client has applied it when the answer arrives. */
  seq: z.number().int().nullable(),
  items: z.array(EffectItemSchema),
});

/** Every action that changed (or tried to change) the host answers with these too. */
const outcome = {
  /** The action log entry (`action.log`, `action.undo`). */
  actionId: z.string(),
  effect: EffectSchema,
  warnings: z.array(WarningSchema),
};

const Done = z.object(outcome);

export const ImageInfoSchema = z.object({
  id: z.string(),
  /** name:tag references; empty for an untagged image. */
  tags: z.array(z.string()),
  size: z.number(),
  /** Ports the image exposes (`80/tcp`), what `publishAll` publishes. */
  exposed: z.array(z.string()),
});

export const ProtocolErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** The inverse of a reversible action, as a request `action.undo` sends. */
export const InverseSchema = z.object({ method: z.string(), params: z.record(z.string(), z.unknown()) });

export const ActionRecordSchema = z.object({
  id: z.string(),
  /** ISO time the action was asked for. */
  time: z.string(),
  method: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** The equivalent docker command lines, quoted for a POSIX shell, names not ids. */
  cli: z.array(z.string()),
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: ProtocolErrorSchema.optional(),
  /** How to take it back; null when it cannot be (remove, prune, restart). */
  inverse: InverseSchema.nullable(),
  /** This action took back that one. */
  undoes: z.string().optional(),
  /** That action took this one back. */
  undoneBy: z.string().optional(),
});

export const PreviewSchema = z.object({
  /** The equivalent docker command line(s), copyable into a POSIX shell. */
  cli: z.array(z.string()),
  warnings: z.array(WarningSchema),
  /** What a destructive action loses, one line each (empty when nothing is lost). */
  lost: z.array(z.string()),
});

const none = z.undefined();
const empty = z.strictObject({}).optional();

/**
 * Methods that change the host, or say how they would: refused with `not-permitted` when
 * control is off (`--read-only`, a non-loopback bind without `--allow-remote-control`).
 */
export const CONTROL_METHODS = [
  'network.create',
  'network.remove',
  'network.prune',
  'network.connect',
  'network.disconnect',
  'container.run',
  'container.start',
  'container.stop',
  'container.restart',
  'container.remove',
  'container.publish',
  'action.preview',
  'action.log',
  'action.undo',
] as const;
export type ControlMethodName = (typeof CONTROL_METHODS)[number];

/** The methods whose effect `action.preview` can describe: every control method but the action.* ones. */
export type ActionMethodName = Exclude<ControlMethodName, `action.${string}`>;

export const ACTION_PARAMS = {
  'network.create': NetworkCreateParamsSchema,
  'network.remove': NetworkRemoveParamsSchema,
  'network.prune': NetworkPruneParamsSchema,
  'network.connect': NetworkConnectParamsSchema,
  'network.disconnect': NetworkDisconnectParamsSchema,
  'container.run': ContainerRunParamsSchema,
  'container.start': ContainerActionParamsSchema,
  'container.stop': ContainerActionParamsSchema,
  'container.restart': ContainerActionParamsSchema,
  'container.remove': ContainerActionParamsSchema,
  'container.publish': ContainerPublishParamsSchema,
} as const satisfies Record<ActionMethodName, z.ZodType>;

export const ACTION_METHODS = Object.keys(ACTION_PARAMS) as ActionMethodName[];

export const METHOD_SCHEMAS = {
  /** Liveness check: answers with the server's time. */
  ping: { params: none, result: z.object({ now: z.string() }) },
  /** The current model, without changing the stream. */
  'topology.get': { params: none, result: TopologySchema as unknown as z.ZodType<Topology> },
  /** Local images (Netloom never pulls): what `container.run` can start. */
  'image.list': { params: empty, result: z.object({ images: z.array(ImageInfoSchema) }) },

  'network.create': { params: NetworkCreateParamsSchema, result: z.object({ id: z.string(), ...outcome }) },
  'network.remove': { params: NetworkRemoveParamsSchema, result: Done },
  /** Removes every network no container uses (Docker's own rule). */
  'network.prune': { params: NetworkPruneParamsSchema, result: z.object({ removed: z.array(z.string()), ...outcome }) },
  'network.connect': { params: NetworkConnectParamsSchema, result: Done },
  'network.disconnect': { params: NetworkDisconnectParamsSchema, result: Done },

  /** Creates and starts a container; if it cannot start, it is removed again. */
  'container.run': { params: ContainerRunParamsSchema, result: z.object({ id: z.string(), ...outcome }) },
  'container.start': { params: ContainerActionParamsSchema, result: Done },
  'container.stop': { params: ContainerActionParamsSchema, result: Done },
  'container.restart': { params: ContainerActionParamsSchema, result: Done },
  'container.remove': { params: ContainerActionParamsSchema, result: Done },
  /**
   * Docker cannot add a port to a container: this recreates it with the same
   * configuration plus the ports. Without `confirm: true` nothing changes and the answer
   * is what it would do.
   */
  'container.publish': {
    params: ContainerPublishParamsSchema,
    result: z.discriminatedUnion('done', [
      z.object({ done: z.literal(false), ...PreviewSchema.shape }),
      z.object({
        done: z.literal(true),
        /** The new container's id. */
        id: z.string(),
        /** The id of the container it replaced. */
        previousId: z.string(),
        ...outcome,
      }),
    ]),
  },

  /** The docker command line(s) a method would run, its warnings, what it would lose; nothing changes. */
  'action.preview': {
    params: z.strictObject({
      method: z.enum(ACTION_METHODS as [ActionMethodName, ...ActionMethodName[]]),
      params: z.unknown(),
    }),
    result: PreviewSchema,
  },
  /** The actions taken, oldest first (persisted: they survive a restart). */
  'action.log': { params: empty, result: z.object({ actions: z.array(ActionRecordSchema) }) },
  /** Takes back a reversible action with its inverse; answers as the inverse method does. */
  'action.undo': {
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    result: z.object({ undone: z.string(), method: z.string(), result: z.unknown() }),
  },

  /** Can src reach dst: the verdict and the walk it rests on, from the model (docs/reach.md). */
  'reach.check': { params: ReachParamsSchema, result: DiagnosisSchema },
  /**
   * The verdict, and the real thing run from inside src beside it — under the kernel's
   * trace with `trace: true`. It runs processes in namespaces and (traced) adds a raw-table
   * rule for the probe's time: refused like a control method when control is off.
   */
  'reach.probe': { params: ReachProbeParamsSchema, result: ProbedSchema },
  /** Every running container against every other, by address and by name (`netloom reach --matrix --json`). */
  'reach.matrix': { params: ReachMatrixParamsSchema, result: MatrixSchema },
} as const;

export type MethodSchemas = typeof METHOD_SCHEMAS;
export type MethodName = keyof MethodSchemas;
export type ParamsOf<M extends MethodName> = z.infer<MethodSchemas[M]['params']>;
export type ResultOf<M extends MethodName> = z.infer<MethodSchemas[M]['result']>;

export type NetworkCreateParams = z.infer<typeof NetworkCreateParamsSchema>;
export type NetworkConnectParams = z.infer<typeof NetworkConnectParamsSchema>;
export type NetworkDisconnectParams = z.infer<typeof NetworkDisconnectParamsSchema>;
export type ContainerRunParams = z.infer<typeof ContainerRunParamsSchema>;
export type ContainerActionParams = z.infer<typeof ContainerActionParamsSchema>;
export type ContainerPublishParams = z.infer<typeof ContainerPublishParamsSchema>;
export type PortPublish = z.infer<typeof PortPublishSchema>;
export type Warning = z.infer<typeof WarningSchema>;
export type Effect = z.infer<typeof EffectSchema>;
export type EffectItem = z.infer<typeof EffectItemSchema>;
export type ActionRecord = z.infer<typeof ActionRecordSchema>;
export type Preview = z.infer<typeof PreviewSchema>;
export type ImageInfo = z.infer<typeof ImageInfoSchema>;

export const isControlMethod = (method: string): method is ControlMethodName =>
  (CONTROL_METHODS as readonly string[]).includes(method);

/** Methods that act on the host without changing its configuration, refused like control when it is off. */
export const HOST_ACTING_METHODS = ['reach.probe'] as const;

/** Whether a method is refused while control is off. */
export const needsControl = (method: string): boolean =>
  isControlMethod(method) || (HOST_ACTING_METHODS as readonly string[]).includes(method);

/** Netloom's own names for the schema's failures: `details.rule` must not change with the library. */
const ZOD_RULES: Record<string, RequestRule> = {
  invalid_format: 'format',
  invalid_type: 'type',
  too_big: 'too-big',
  too_small: 'too-small',
  unrecognized_keys: 'unknown-field',
  invalid_value: 'not-allowed',
  invalid_union: 'format',
  not_multiple_of: 'format',
};

/**
 * Checks a request's params against its method's schema. A failure names the field
 * (`details.field`, dotted: `publish.0.hostPort`) and the rule, for the UI to point at.
 */
export function parseParams<M extends MethodName>(
  method: M,
  params: unknown,
): { ok: true; params: ParamsOf<M> } | { ok: false; field: string; message: string; rule: RequestRule } {
  const r = METHOD_SCHEMAS[method].params.safeParse(params);
  if (r.success) return { ok: true, params: r.data as ParamsOf<M> };
  const issue = r.error.issues[0];
  const path = issue?.path.map(String) ?? [];
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const field = [...path, ...(unknownKey === undefined ? [] : [unknownKey])].join('.') || '(params)';
  const message = unknownKey !== undefined ? `unknown field "${unknownKey}"` : (issue?.message ?? 'invalid');
  const custom = issue?.code === 'custom' ? (issue.params as { rule?: RequestRule } | undefined)?.rule : undefined;
  return { ok: false, field, message, rule: custom ?? ZOD_RULES[issue?.code ?? ''] ?? 'invalid' };
}
