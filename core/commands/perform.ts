import {
  parseParams,
  type ActionMethodName,
  type ActionRecord,
  type ParamsOf,
  type Preview,
  type Warning,
} from '../protocol/commands.js';
import { HOST_RULES } from '../protocol/rule-codes.js';
import { CommandError } from '../protocol/server.js';
import { ActionLog } from './action-log.js';
import { containerRemove, containerRestart, containerRun, containerStart, containerStop } from './container-actions.js';
import type { CommandContext, Plan, Planner } from './context.js';
import { EffectWatch } from './effect.js';
import { badRequest, errorOf } from './errors.js';
import { networkConnect, networkCreate, networkDisconnect, networkPrune, networkRemove } from './network-actions.js';
import { containerPublish } from './publish-action.js';
import { validateAction } from './validate/validate-action.js';

const PLANNERS: { [M in ActionMethodName]: Planner<M> } = {
  'network.create': networkCreate,
  'network.remove': networkRemove,
  'network.prune': networkPrune,
  'network.connect': networkConnect,
  'network.disconnect': networkDisconnect,
  'container.run': containerRun,
  'container.start': containerStart,
  'container.stop': containerStop,
  'container.restart': containerRestart,
  'container.remove': containerRemove,
  'container.publish': containerPublish,
};

const HOST_RULE_SET: ReadonlySet<string> = new Set(HOST_RULES);
const isHostRefusal = (err: unknown): boolean =>
  err instanceof CommandError && HOST_RULE_SET.has(String(err.error.details?.['rule']));

/** The host-state rules (core/commands/validate), then the plan: names looked up, command lines rendered. */
async function validateAndPlan<M extends ActionMethodName>(
  ctx: CommandContext,
  method: M,
  params: ParamsOf<M>,
): Promise<{ warnings: Warning[]; plan: Plan }> {
  const docker = await ctx.docker();
  const validate = (): Promise<Warning[]> =>
    validateAction({ docker, topology: ctx.live.current().topology }, method, params);
  let warnings: Warning[];
  try {
    warnings = await validate();
  } catch (err) {
    // The model may be a moment behind the host (a link made by hand just now): refuse
    // only on one that has caught up.
    if (!isHostRefusal(err)) throw err;
    await ctx.live.refresh({ host: true, networks: true, firewall: true });
    warnings = await validate();
  }
  const plan = await PLANNERS[method](ctx, params);
  return { warnings, plan };
}

/** `action.preview`: what a method would run, warn and lose; nothing changes. */
export async function preview(ctx: CommandContext, method: ActionMethodName, raw: unknown): Promise<Preview> {
  const parsed = parseParams(method, raw);
  if (!parsed.ok) throw badRequest(parsed.field, parsed.rule, `${parsed.field}: ${parsed.message}`);
  const { warnings, plan } = await validateAndPlan(ctx, method, parsed.params as ParamsOf<typeof method>);
  return { cli: plan.cli, warnings, lost: plan.lost };
}

/** An action taken: its answer's own fields plus actionId, effect and warnings. */
export type Performed = Record<string, unknown> & { actionId: string };

/**
 * Runs one action end to end: validation, plan, the engine calls, the wait for the
 * stream to show the effect, and its entry in the action log (ok or failed).
 */
export async function perform<M extends ActionMethodName>(
  ctx: CommandContext,
  method: M,
  params: ParamsOf<M>,
  undoes?: string,
): Promise<Performed> {
  const id = ActionLog.newId();
  const time = new Date().toISOString();
  let cli: string[] = [];
  let inverse: ActionRecord['inverse'] = null;
  const record = (rest: Pick<ActionRecord, 'ok'> & Partial<ActionRecord>): Promise<void> =>
    ctx.actions.append({
      id,
      time,
      method,
      params: (params ?? {}) as Record<string, unknown>,
      cli,
      inverse,
      ...(undoes ? { undoes } : {}),
      ...rest,
    });
  let watch: EffectWatch | null = null;
  let result: Performed;
  let logged: Promise<void> | null = null;
  const marks: [string, number][] = [['start', performance.now()]];
  const mark = (what: string): void => void (ctx.trace && marks.push([what, performance.now()]));
  try {
    const { warnings, plan } = await validateAndPlan(ctx, method, params);
    mark('plan');
    cli = plan.cli;
    inverse = plan.inverse;
    watch = new EffectWatch(ctx.live, ctx.effectWaitMs);
    const done = await plan.execute();
    mark('engine');
    if (done.inverse !== undefined) inverse = done.inverse;
    // The host has changed: the log says so at once, its fsync running while the stream
    // catches up (the effect is what the stream showed, not part of what was done). A log
    // that cannot be written is reported, not the action.
    logged = record({ ok: true, result: { ...done.result, actionId: id, warnings } }).catch((e: unknown) =>
      logFailure(ctx, e),
    );
    const effect = await watch.settle(done.targets, done.check, done.seeds, () => mark('seen'));
    mark('effect');
    result = { ...done.result, actionId: id, effect, warnings };
    await logged;
  } catch (err) {
    watch?.close();
    // Done but not seen (a fault of ours, not the engine's): the log already says it was done.
    if (logged) {
      await logged;
      throw err;
    }
    await record({ ok: false, error: errorOf(err), inverse: null }).catch((e: unknown) => logFailure(ctx, e));
    throw err;
  }
  mark('logged');
  if (ctx.trace)
    ctx.log(
      `${method}: ${marks
        .slice(1)
        .map(([what, t], i) => `${what} +${(t - (marks[i]?.[1] ?? t)).toFixed(1)}`)
        .join(', ')} ms`,
    );
  return result;
}

const logFailure = (ctx: CommandContext, e: unknown): void =>
  ctx.log(`could not write the action log: ${e instanceof Error ? e.message : String(e)}`);
