import { DockerUnavailableError } from '../docker/client.js';
import type { ProtocolError, ProtocolErrorCode } from '../protocol/messages.js';
import { CommandError } from '../protocol/server.js';
import { statusOf } from './lookup.js';

export const commandError = (
  code: ProtocolErrorCode,
  message: string,
  details?: Record<string, unknown>,
): CommandError => new CommandError({ code, message, ...(details ? { details } : {}) });

/** A request naming a field that cannot be right (the UI points at `field`). */
export const badRequest = (field: string, rule: string, message: string): CommandError =>
  commandError('bad-request', message, { field, rule });

/** What the engine said, word for word (docker-modem keeps the body's `message` in `json`). */
export function engineText(err: unknown): string {
  const json = (err as { json?: unknown } | null)?.json;
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message.trim();
  }
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  return err instanceof Error ? err.message : String(err);
}

/**
 * Engine refusals a person meets often, each with what it means. The engine's own words
 * stay beside it (details.engine), so nothing is hidden by the explanation.
 */
const EXPLAINED: { test: RegExp; code: ProtocolErrorCode; say: string; field?: string }[] = [
  {
    test: /port is already allocated|bind: address already in use/i,
    code: 'conflict',
    say: 'that host port is already taken by another container or program',
    field: 'publish',
  },
  { test: /is already in use by container/i, code: 'conflict', say: 'that container name is taken', field: 'name' },
  {
    test: /network with name .* already exists/i,
    code: 'conflict',
    say: 'a network with that name exists',
    field: 'name',
  },
  {
    test: /has active endpoints/i,
    code: 'conflict',
    say: 'containers are still connected to this network: disconnect or remove them first',
    field: 'network',
  },
  {
    test: /already exists in network|endpoint with name .* already exists/i,
    code: 'conflict',
    say: 'the container is already connected to that network',
    field: 'network',
  },
  {
    test: /is not connected to (the )?network/i,
    code: 'conflict',
    say: 'the container is not on that network',
    field: 'network',
  },
  {
    test: /pool overlaps|overlaps with other one/i,
    code: 'conflict',
    say: 'the subnet overlaps a network that exists',
    field: 'subnet',
  },
  {
    test: /address already in use|no available addresses|is already in use/i,
    code: 'conflict',
    say: 'that address is already in use on the network',
    field: 'ipv4',
  },
  {
    test: /user specified IP address is supported only/i,
    code: 'bad-request',
    say: 'a static address needs a network whose subnet was given when it was created',
    field: 'ipv4',
  },
  {
    test: /no such image|pull access denied|repository .* not found/i,
    code: 'bad-request',
    say: 'that image is not on this host (Netloom never pulls images)',
    field: 'image',
  },
  {
    test: /executable file not found|no such file or directory|permission denied.*exec|exec format error/i,
    code: 'failed',
    say: 'the container could not start its command',
    field: 'command',
  },
  {
    test: /links are only supported for user-defined networks|conflicting options/i,
    code: 'bad-request',
    say: 'the engine refuses this combination of options',
  },
  { test: /already started/i, code: 'conflict', say: 'the container is already running', field: 'container' },
  { test: /already stopped/i, code: 'conflict', say: 'the container is already stopped', field: 'container' },
  { test: /is not running/i, code: 'conflict', say: 'the container is not running', field: 'container' },
  {
    test: /is restarting/i,
    code: 'conflict',
    say: 'the container is restarting; try again in a moment',
    field: 'container',
  },
  {
    test: /cannot remove a running container|stop the container before/i,
    code: 'conflict',
    say: 'the container is running: stop it first or use force',
    field: 'container',
  },
  { test: /no such container/i, code: 'conflict', say: 'that container no longer exists', field: 'container' },
  {
    test: /no such network|network .* not found/i,
    code: 'conflict',
    say: 'that network no longer exists',
    field: 'network',
  },
  {
    test: /operation not permitted|permission denied/i,
    code: 'not-permitted',
    say: 'the engine or kernel did not permit it',
  },
];

/**
 * An engine refusal as a protocol error: the engine's words verbatim in details.engine,
 * a plain explanation as the message. An engine that cannot be reached is `unavailable`.
 */
export function engineError(err: unknown, doing: string): CommandError {
  if (err instanceof CommandError) return err;
  if (err instanceof DockerUnavailableError || (err instanceof Error && err.name === 'DockerUnavailableError')) {
    return commandError('unavailable', `cannot ${doing}: ${err.message}`);
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && statusOf(err) === undefined) {
    return commandError('unavailable', `cannot ${doing}: the Docker engine could not be reached (${code})`);
  }
  const status = statusOf(err);
  const engine = engineText(err);
  const known = EXPLAINED.find((e) => e.test.test(engine));
  const details: Record<string, unknown> = { engine, ...(status === undefined ? {} : { status }) };
  if (known?.field) details.field = known.field;
  if (known) return commandError(known.code, `cannot ${doing}: ${known.say}`, details);
  const fallback: ProtocolErrorCode =
    status === 409 || status === 304
      ? 'conflict'
      : status === 400
        ? 'bad-request'
        : status === 403
          ? 'not-permitted'
          : 'failed';
  return commandError(fallback, `cannot ${doing}: the Docker engine refused`, details);
}

export const errorOf = (err: unknown): ProtocolError =>
  err instanceof CommandError
    ? err.error
    : { code: 'failed', message: err instanceof Error ? err.message : String(err) };
