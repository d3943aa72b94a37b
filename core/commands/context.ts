import type Docker from 'dockerode';
import type { DockerConnection } from '../docker/client.js';
import type { RefreshTargets } from '../live/live-topology.js';
import type { ActionMethodName, ParamsOf } from '../protocol/commands.js';
import type { ActionLog } from './action-log.js';
import type { EffectCheck, LiveModel } from './effect.js';
import { badRequest, engineError } from './errors.js';
import { inspectContainer, inspectNetwork } from './lookup.js';

/** What every command handler works with. */
export interface CommandContext {
  live: LiveModel;
  /** The engine connection, made on first use; rejects with `unavailable` when the engine cannot be reached. */
  docker(): Promise<DockerConnection>;
  actions: ActionLog;
  /** The bounded wait for an action's effect to show in the stream (ms). */
  effectWaitMs: number;
  log(line: string): void;
  /** Log each action's phases with their times. */
  trace?: boolean;
}

/** What an action asks of the engine, and how to tell that the stream shows it. */
export interface Execution {
  /** Fields of the answer beyond actionId, effect and warnings (`id`, `removed`, …). */
  result: Record<string, unknown>;
  targets: RefreshTargets;
  check: EffectCheck;
  /** Model ids of the containers and networks the action is about. */
  seeds: string[];
  /** Replaces the plan's inverse when it needs what the engine answered (a new container's name). */
  inverse?: { method: ActionMethodName; params: Record<string, unknown> } | null;
}

/**
 * An action worked out before anything changes: the docker command lines, what it would
 * lose, how to take it back, and the engine calls to make.
 */
export interface Plan {
  cli: string[];
  lost: string[];
  inverse: { method: ActionMethodName; params: Record<string, unknown> } | null;
  execute(): Promise<Execution>;
}

export type Planner<M extends ActionMethodName> = (ctx: CommandContext, params: ParamsOf<M>) => Promise<Plan>;

export async function findContainer(
  ctx: CommandContext,
  ref: string,
  field = 'container',
): Promise<Docker.ContainerInspectInfo> {
  const conn = await ctx.docker();
  let found;
  try {
    found = await inspectContainer(conn, ref);
  } catch (err) {
    throw engineError(err, `look up container ${ref}`);
  }
  if (!found) throw badRequest(field, 'not-found', `no container is named ${ref} (by name or id) on this host`);
  return found;
}

export async function findNetwork(
  ctx: CommandContext,
  ref: string,
  field = 'network',
): Promise<Docker.NetworkInspectInfo> {
  const conn = await ctx.docker();
  let found;
  try {
    found = await inspectNetwork(conn, ref);
  } catch (err) {
    throw engineError(err, `look up network ${ref}`);
  }
  if (!found) throw badRequest(field, 'not-found', `no network is named ${ref} (by name or id) on this host`);
  return found;
}

export const nameOf = (c: Docker.ContainerInspectInfo): string => c.Name.replace(/^\//, '');
export const containerNodeId = (engineId: string): string => `container:${engineId}`;
export const networkNodeId = (engineId: string): string => `network:${engineId}`;
export const endpointEdgeId = (containerId: string, networkId: string): string =>
  `endpoint:${containerId}:${networkId}`;
