import type { DockerConnection } from '../../docker/client.js';
import type { Topology } from '../../model/types.js';
import type { ActionMethodName, ParamsOf, Warning } from '../../protocol/commands.js';

/** What the rules may read: the engine (for inspects and images) and the model as it is now. */
export interface ValidationContext {
  docker: DockerConnection;
  topology: Topology;
}

/**
 * Checks an action against the host before the engine is asked (the params have already
 * passed their schema). Resolves with warnings a person should see before going ahead;
 * rejects with a CommandError: `bad-request` with `details.field` and `details.rule` for a
 * request that cannot be right, `conflict` when the host's state forbids it.
 */
export async function validateAction<M extends ActionMethodName>(
  ctx: ValidationContext,
  method: M,
  params: ParamsOf<M>,
): Promise<Warning[]> {
  void ctx;
  void method;
  void params;
  return [];
}
