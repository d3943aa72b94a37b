import {
  ACTION_METHODS,
  parseParams,
  type ActionMethodName,
  type ImageInfo,
  type ParamsOf,
  type ResultOf,
} from '../protocol/commands.js';
import type { ProtocolServer } from '../protocol/server.js';
import { mapLimit } from '../util/map-limit.js';
import type { CommandContext } from './context.js';
import { commandError, engineError } from './errors.js';
import { perform, preview } from './perform.js';

/** Registers a typed handler for every method of METHOD_SCHEMAS beyond ping and topology.get. */
export function registerCommands(server: ProtocolServer, ctx: CommandContext): void {
  for (const method of ACTION_METHODS) registerAction(server, ctx, method);
  server.handle('action.preview', (p) => preview(ctx, p.method, p.params));
  server.handle('action.log', async () => ({ actions: ctx.actions.list() }));
  server.handle('action.undo', (p) => undo(ctx, p.id));
  server.handle('image.list', () => listImages(ctx));
}

function registerAction<M extends ActionMethodName>(server: ProtocolServer, ctx: CommandContext, method: M): void {
  if (method === 'container.publish') {
    server.handle('container.publish', async (p) => {
      if (p.confirm !== true) return { done: false as const, ...(await preview(ctx, 'container.publish', p)) };
      return (await perform(ctx, 'container.publish', p)) as ResultOf<'container.publish'>;
    });
    return;
  }
  server.handle(method, async (p: ParamsOf<M>) => (await perform(ctx, method, p)) as unknown as ResultOf<M>);
}

/** Runs the inverse of a logged action and logs it as the undo of that one. */
async function undo(ctx: CommandContext, id: string): Promise<ResultOf<'action.undo'>> {
  const action = ctx.actions.get(id);
  if (!action) throw commandError('bad-request', `no action ${id} in the log`, { field: 'id', rule: 'not-found' });
  if (!action.ok) throw commandError('conflict', `action ${id} failed: it changed nothing to take back`);
  if (action.undoneBy) throw commandError('conflict', `action ${id} was already taken back by ${action.undoneBy}`);
  if (!action.inverse)
    throw commandError(
      'conflict',
      `${action.method} cannot be taken back (what it removed cannot be made again as it was)`,
    );
  const method = action.inverse.method as ActionMethodName;
  if (!ACTION_METHODS.includes(method)) throw commandError('failed', `the log names an unknown inverse ${method}`);
  // The log is a file on disk: what it says is checked like any request.
  const params = parseParams(method, action.inverse.params);
  if (!params.ok)
    throw commandError('failed', `the logged inverse of ${id} is not valid (${params.field}: ${params.message})`);
  const result = await perform(ctx, method, params.params as ParamsOf<typeof method>, id);
  return { undone: id, method, result };
}

async function listImages(ctx: CommandContext): Promise<ResultOf<'image.list'>> {
  const conn = await ctx.docker();
  try {
    const listed = await conn.api.listImages();
    const images = await mapLimit(listed, 8, async (i): Promise<ImageInfo> => {
      const detail = await conn.api
        .getImage(i.Id)
        .inspect()
        .catch(() => null);
      return {
        id: i.Id,
        tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        size: i.Size,
        exposed: Object.keys(detail?.Config?.ExposedPorts ?? {}).sort(),
      };
    });
    return { images };
  } catch (err) {
    throw engineError(err, 'list images');
  }
}
