/**
 * The stable codes of the checks that need the host (core/commands/validate), as
 * `details.rule` of a refused request and `code` of a warning. The UI translates them, so
 * they are a contract like the method names: add, never rename. docs/validation.md says
 * when each applies and why. Request-only rules carry their codes in ./commands.ts.
 */

export const HOST_RULES = [
  // names
  'name-taken',
  'predefined',
  'not-found',
  'ambiguous',
  // subnets and addresses
  'overlaps-network',
  'overlaps-route',
  'outside-subnet',
  'no-user-subnet',
  'ip-reserved',
  'ip-in-use',
  // ports
  'port-published',
  'port-listening',
  'already-published',
  // network modes
  'shared-netns',
  'no-network',
  'host-network',
  'owner-not-running',
  'already-connected',
  'not-connected',
  'default-bridge',
  'link-not-running',
  // images
  'image-missing',
  // drivers
  'swarm-required',
  'not-attachable',
  'driver-unsupported',
  'parent-missing',
  'parent-busy',
  'parent-in-use',
  'mtu-above-parent',
  // container state
  'container-running',
  'container-paused',
  'active-endpoints',
] as const;
export type HostRule = (typeof HOST_RULES)[number];

export const WARNING_CODES = [
  'already-running',
  'already-stopped',
  'publish-all-addresses',
  'publish-internal',
  'port-maybe-in-use',
  'macvlan-host-isolation',
  'mtu-ignored',
  'vlan-parent-created',
  'icc-off',
  'internal-no-route',
  'last-network',
  'shared-netns-dependants',
  'owner-not-running',
  'stopped-containers-reference',
  'ip-reserved-by-stopped',
  'link-not-on-network',
  'dns-localhost',
  'driver-unknown',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** Codes of the rules a request breaks on its own (./commands.ts), checked as a person types. */
export const REQUEST_RULES = [
  // what the schema library reports, under Netloom's own names
  'format',
  'type',
  'too-big',
  'too-small',
  'unknown-field',
  'not-allowed',
  'invalid',
  // Netloom's own
  'needs-subnet',
  'host-bits',
  'prefix-too-long',
  'outside-subnet',
  'gateway-reserved',
  'driver-option',
  'shared-netns',
  'no-network',
  'default-bridge',
  'duplicate-port',
  'needs-port',
  'no-port',
] as const;
export type RequestRule = (typeof REQUEST_RULES)[number];
