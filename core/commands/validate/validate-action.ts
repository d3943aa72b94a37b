import { DockerUnavailableError } from '../../docker/client.js';
import type {
  ActionMethodName,
  ContainerActionParams,
  ContainerPublishParams,
  ContainerRunParams,
  NetworkConnectParams,
  NetworkCreateParams,
  NetworkDisconnectParams,
  ParamsOf,
  Warning,
} from '../../protocol/commands.js';
import { CommandError } from '../../protocol/server.js';
import { Facts, type ValidationContext } from './facts.js';
import { driverUsable } from './rules-drivers.js';
import { imagePresent } from './rules-images.js';
import { connectAllowed, disconnectAllowed, runNetworkAllowed } from './rules-modes.js';
import { containerNameFree, networkNameFree } from './rules-names.js';
import { portsFree } from './rules-ports.js';
import {
  networkRemoveAllowed,
  publishAllowed,
  removeAllowed,
  restartAllowed,
  startAllowed,
  stopAllowed,
} from './rules-state.js';
import { subnetFree } from './rules-subnets.js';

export type { ValidationContext } from './facts.js';

type Rules = (facts: Facts, params: never, warnings: Warning[]) => Promise<void>;

/**
 * The host's rules of each method, in the order a person fixes things: what is named
 * must exist (and be free), then addresses, then ports. The first refusal ends the check.
 * docs/validation.md lists every rule.
 */
const RULES: Record<ActionMethodName, Rules> = {
  'network.create': async (f, p: NetworkCreateParams, w) => {
    await networkNameFree(f, p.name);
    await driverUsable(f, p, w);
    await subnetFree(f, p.subnet);
  },
  'network.remove': (f, p: { network: string }, w) => networkRemoveAllowed(f, p.network, w),
  'network.prune': async () => undefined,
  'network.connect': (f, p: NetworkConnectParams, w) => connectAllowed(f, p, w),
  'network.disconnect': (f, p: NetworkDisconnectParams, w) => disconnectAllowed(f, p, w),
  'container.run': async (f, p: ContainerRunParams, w) => {
    await containerNameFree(f, p.name);
    await imagePresent(f, p.image);
    await runNetworkAllowed(f, p, w);
    await portsFree(f, p.publish, w);
  },
  'container.start': (f, p: ContainerActionParams, w) => startAllowed(f, p, w),
  'container.stop': (f, p: ContainerActionParams, w) => stopAllowed(f, p, w),
  'container.restart': (f, p: ContainerActionParams, w) => restartAllowed(f, p, w),
  'container.remove': (f, p: ContainerActionParams, w) => removeAllowed(f, p, w),
  'container.publish': (f, p: ContainerPublishParams, w) => publishAllowed(f, p, w),
};

/**
 * Checks an action against the host before the engine is asked (the params have already
 * passed their schema). Resolves with warnings a person should see before going ahead;
 * rejects with a CommandError: `bad-request` with `details.field` and `details.rule` for a
 * request that cannot be right, `conflict` when the host's state forbids it, `unavailable`
 * when the engine cannot be asked. Nothing on the host changes.
 */
export async function validateAction<M extends ActionMethodName>(
  ctx: ValidationContext,
  method: M,
  params: ParamsOf<M>,
): Promise<Warning[]> {
  const warnings: Warning[] = [];
  try {
    await RULES[method](new Facts(ctx), params as never, warnings);
  } catch (err) {
    if (err instanceof DockerUnavailableError) throw new CommandError({ code: 'unavailable', message: err.message });
    throw err;
  }
  return warnings;
}
