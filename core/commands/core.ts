import { connectDocker, type DockerConnection } from '../docker/client.js';
import { startLiveTopology, type LiveOptions, type LiveTopology } from '../live/live-topology.js';
import type { Topology } from '../model/types.js';
import type { ControlState, StreamSource } from '../protocol/messages.js';
import { ProtocolServer, type TopologySource } from '../protocol/server.js';
import { fixedTopologySource } from '../serve/topology-file.js';
import { ActionLog } from './action-log.js';
import type { CommandContext } from './context.js';
import { EFFECT_WAIT_MS } from './effect.js';
import { engineError } from './errors.js';
import { registerCommands } from './handlers.js';
import { registerReach } from './reach-handlers.js';

export interface CoreOptions {
  /** Netloom's version, for hello. */
  version: string;
  /** This host, followed live; or a saved topology document, served as it is (control off). */
  source: { kind: 'live'; live?: LiveOptions } | { kind: 'file'; name: string; topology: Topology };
  /** Whether control is on; ignored (off) for a file. Can change later with setControl. */
  control: ControlState;
  /** The action log's file; null keeps it in memory. */
  actionLogFile: string | null;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** The bounded wait for an action's effect to show in the stream. */
  effectWaitMs?: number;
  /** Log how long each phase of an action took. */
  trace?: boolean;
}

/** The core as a host (Electron's main process, `netloom serve`) needs it. */
export interface Core {
  server: ProtocolServer;
  /** The topology being served. */
  source: TopologySource;
  /** The live core, when the source is this host. */
  live: LiveTopology | null;
  actions: ActionLog;
  control(): ControlState;
  /** Turns control on or off; connections opened after it see it in their hello. */
  setControl(state: ControlState): void;
  stop(): Promise<void>;
}

/** How long one engine request of a command may take. */
const COMMAND_TIMEOUT_MS = 120_000;

export const FILE_CONTROL_OFF: ControlState = {
  enabled: false,
  reason: 'this is a saved snapshot, not a live host: there is nothing to change',
};

/**
 * Builds the one core both hosts run: the topology source, the protocol server with a
 * typed handler for every method, the engine connection the commands use (made on first
 * use, so a core without an engine still serves the kernel view), and the action log.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? (() => undefined);
  const actions = new ActionLog(options.actionLogFile, log);
  let control: ControlState = options.source.kind === 'file' ? FILE_CONTROL_OFF : options.control;
  if (options.source.kind === 'file') {
    const source = fixedTopologySource(options.source.topology);
    const server = new ProtocolServer(source, options.version, {
      origin: { kind: 'file', name: options.source.name },
      control: () => control,
    });
    registerReach(server, source, { live: false, log });
    return {
      server,
      source,
      live: null,
      actions,
      control: () => control,
      setControl: () => undefined,
      stop: () => actions.close(),
    };
  }
  const live = await startLiveTopology({ log, env: options.env, ...options.source.live });
  const origin: StreamSource = { kind: 'live' };
  const server = new ProtocolServer(live, options.version, { origin, control: () => control });
  let conn: Promise<DockerConnection> | null = null;
  const ctx: CommandContext = {
    live,
    docker: () => {
      // A stop waits out the container's grace period (10 s by default) before it answers.
      conn ??= connectDocker({ env: options.env, timeoutMs: COMMAND_TIMEOUT_MS }).catch((err: unknown) => {
        conn = null;
        throw engineError(err, 'reach the Docker engine');
      });
      return conn;
    },
    actions,
    effectWaitMs: options.effectWaitMs ?? EFFECT_WAIT_MS,
    log,
    trace: options.trace === true,
  };
  registerCommands(server, ctx);
  registerReach(server, live, { live: true, log });
  return {
    server,
    source: live,
    live,
    actions,
    control: () => control,
    setControl: (state) => {
      control = state;
    },
    stop: async () => {
      await live.stop();
      await actions.close();
      if (conn) await conn.then((c) => c.close()).catch(() => undefined);
    },
  };
}
