import { constants } from 'node:fs';
import { access } from 'node:fs/promises';

/**
 * What the core will be allowed to read, told once at startup. Only a log line: the
 * core's facets carry the real reasons to the UI, which shows them.
 */
export interface Privileges {
  root: boolean;
  /** The Docker socket path, and whether this process may open it. */
  dockerSocket: string | null;
  dockerSocketAccessible: boolean;
}

/** The Unix socket DOCKER_HOST names, the default one when unset, null for a TCP engine. */
export function dockerSocketPath(env: NodeJS.ProcessEnv): string | null {
  const host = env['DOCKER_HOST'];
  if (!host) return '/var/run/docker.sock';
  return host.startsWith('unix://') ? host.slice('unix://'.length) || '/var/run/docker.sock' : null;
}

export async function probePrivileges(env: NodeJS.ProcessEnv = process.env): Promise<Privileges> {
  const dockerSocket = dockerSocketPath(env);
  let dockerSocketAccessible = false;
  if (dockerSocket) {
    try {
      await access(dockerSocket, constants.R_OK | constants.W_OK);
      dockerSocketAccessible = true;
    } catch {
      dockerSocketAccessible = false;
    }
  }
  return { root: process.getuid?.() === 0, dockerSocket, dockerSocketAccessible };
}

export function describePrivileges(p: Privileges): string {
  const parts = [p.root ? 'running as root' : 'not root: container namespaces and the firewall may be unreadable'];
  if (p.dockerSocket) {
    parts.push(p.dockerSocketAccessible ? `${p.dockerSocket} accessible` : `${p.dockerSocket} not accessible`);
  }
  return parts.join('; ');
}
