import type Docker from 'dockerode';
import { explainDockerError, type DockerConnection } from '../docker/client.js';

/**
 * Finds what a request names, the way the docker CLI does: by name, full id or a unique id
 * prefix, asking the engine itself (the model may lag behind a change made a moment ago).
 * Null when nothing has that name; an engine that cannot be asked throws
 * DockerUnavailableError.
 */
export async function inspectContainer(
  conn: DockerConnection,
  ref: string,
): Promise<Docker.ContainerInspectInfo | null> {
  try {
    return await conn.api.getContainer(ref).inspect();
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw explainDockerError(err, conn.endpoint);
  }
}

export async function inspectNetwork(conn: DockerConnection, ref: string): Promise<Docker.NetworkInspectInfo | null> {
  try {
    return (await conn.api.getNetwork(ref).inspect()) as Docker.NetworkInspectInfo;
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw explainDockerError(err, conn.endpoint);
  }
}

export async function inspectImage(conn: DockerConnection, ref: string): Promise<Docker.ImageInspectInfo | null> {
  try {
    return await conn.api.getImage(ref).inspect();
  } catch (err) {
    if (statusOf(err) === 404) return null;
    throw explainDockerError(err, conn.endpoint);
  }
}

/** The HTTP status of a dockerode (docker-modem) error, if it carries one. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}
