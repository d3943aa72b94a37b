import { connectDocker, explainDockerError, type DockerConnection } from '../docker/client.js';
import { streamTool } from '../exec/stream-tool.js';
import { readFirewall } from '../firewall/read-firewall.js';
import { readStoppedNetworks } from '../docker/read-docker.js';
import { readHost } from '../snapshot/read-host.js';
import { followDockerEvents } from './docker-events.js';
import type { Clock, LiveDeps, LiveProcesses, LiveReaders } from './live-deps.js';
import { listNamedNames, readNamed, readPartial } from './read-partial.js';

/** Node's timers, unref'd: the live core never keeps a process alive by itself. */
export const realClock: Clock = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
  setInterval(fn, ms) {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => clearInterval(t) };
  },
  now: () => performance.now(),
};

function realProcesses(env: NodeJS.ProcessEnv | undefined): LiveProcesses {
  return {
    ipMonitor: (onLine, onExit) => streamTool('ip', ['-o', 'monitor', 'link', 'address', 'route'], onLine, onExit),
    nftMonitor: (onLine, onExit) => streamTool('nft', ['monitor'], onLine, onExit),
    async connectDocker(onEvent, onEnd) {
      let conn: DockerConnection;
      try {
        conn = await connectDocker({ env });
      } catch (err) {
        throw explainDockerError(err, 'the Docker engine');
      }
      try {
        return { conn, events: await followDockerEvents(conn, onEvent, onEnd) };
      } catch (err) {
        conn.close();
        throw explainDockerError(err, conn.endpoint);
      }
    },
  };
}

function realReaders(options: { skipDocker?: boolean; env?: NodeJS.ProcessEnv }): LiveReaders {
  return {
    full: async (docker, dockerDown) =>
      (await readHost({ docker, dockerDown, skipDocker: options.skipDocker, env: options.env })).raw,
    partial: readPartial,
    namedNames: listNamedNames,
    named: readNamed,
    firewall: () => readFirewall(),
    stoppedNetworks: readStoppedNetworks,
  };
}

export function realLiveDeps(options: { skipDocker?: boolean; env?: NodeJS.ProcessEnv }): LiveDeps {
  return { clock: realClock, processes: realProcesses(options.env), readers: realReaders(options) };
}
