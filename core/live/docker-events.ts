import type { DockerConnection } from '../docker/client.js';

/** The parts of a Docker event the live core acts on. */
export interface DockerEvent {
  type: string;
  action: string;
  /** Container or network id. */
  id: string;
  /** For network connect/disconnect: the container. */
  container: string | null;
  /** Engine time of the event, ns since the epoch. */
  timeNano: number;
}

export interface EventStream {
  close(): void;
}

/** Container actions that can change what the model shows; exec, attach, top… cannot. */
const CONTAINER_ACTIONS = new Set([
  'create',
  'start',
  'restart',
  'die',
  'stop',
  'kill',
  'destroy',
  'rename',
  'update',
  'pause',
  'unpause',
  'oom',
]);

export function parseDockerEvent(raw: unknown): DockerEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const e = raw as {
    Type?: unknown;
    Action?: unknown;
    Actor?: { ID?: unknown; Attributes?: Record<string, unknown> };
    timeNano?: unknown;
  };
  if (typeof e.Type !== 'string' || typeof e.Action !== 'string' || typeof e.Actor?.ID !== 'string') return null;
  const action = e.Action.split(':')[0] ?? e.Action;
  if (e.Type === 'container' && !CONTAINER_ACTIONS.has(action)) return null;
  const container = e.Actor.Attributes?.container;
  return {
    type: e.Type,
    action,
    id: e.Actor.ID,
    container: typeof container === 'string' ? container : null,
    timeNano: typeof e.timeNano === 'number' ? e.timeNano : Date.now() * 1e6,
  };
}

/**
 * Follows the engine's event stream (containers and networks). `onEnd` fires once when
 * the stream stops for any reason: the engine restarted, the socket went away.
 */
export async function followDockerEvents(
  conn: DockerConnection,
  onEvent: (e: DockerEvent) => void,
  onEnd: (reason: string) => void,
): Promise<EventStream> {
  const stream = (await conn.streamApi.getEvents({
    filters: { type: ['container', 'network'] },
  })) as NodeJS.ReadableStream & {
    destroy?: () => void;
  };
  let buffer = '';
  let ended = false;
  const end = (reason: string): void => {
    if (ended) return;
    ended = true;
    onEnd(reason);
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue; // a torn or foreign line: the periodic resync covers anything it meant
      }
      const e = parseDockerEvent(parsed);
      if (e) onEvent(e);
    }
  });
  stream.on('end', () => end('the engine closed its event stream'));
  stream.on('close', () => end('the engine closed its event stream'));
  stream.on('error', (err: Error) => end(err.message));
  return {
    close: () => {
      ended = true;
      stream.destroy?.();
    },
  };
}
