import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ACTION_LOG_FILE, serveStateDir } from '../commands/action-log.js';
import { serveControl } from '../commands/control-policy.js';
import { createCore, type Core } from '../commands/core.js';
import { isUsableToken } from '../serve/access-token.js';
import { isLoopbackHost } from '../serve/host-check.js';
import { startServer } from '../serve/http-server.js';
import { openTopologyFile } from '../serve/topology-file.js';
import { repoRoot } from '../util/repo-root.js';
import { EXIT } from './exit-codes.js';

const USAGE = `usage: netloom serve [--host 127.0.0.1] [--port 0] [--read-only] [--no-docker] [--open FILE]
                     [--allow-remote [--allow-remote-control]]
  --read-only             refuse every control method (nothing on the host can be changed)
  --allow-remote-control  with --allow-remote: let clients on other machines change the host too
  --open FILE             serve a saved topology document (netloom snapshot --json, or the UI's
                          Export → JSON) read-only instead of this host; nothing on the host is read
  The action log is kept in $XDG_STATE_HOME/netloom (else ~/.local/state/netloom).`;

export interface ServeArgs {
  host: string;
  port: number;
  allowRemote: boolean;
  /** Clients beyond loopback may change the host too. */
  allowRemoteControl: boolean;
  /** Refuse every control method. */
  readOnly: boolean;
  skipDocker: boolean;
  token: string | undefined;
  /** A topology document to serve instead of the live host. */
  open: string | undefined;
}

/** Parses and checks the command line; a string is the usage error to print. */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        'allow-remote': { type: 'boolean', default: false },
        'allow-remote-control': { type: 'boolean', default: false },
        'read-only': { type: 'boolean', default: false },
        'no-docker': { type: 'boolean', default: false },
        open: { type: 'string' },
        // Not in the usage text: a fixed token is for tests and scripts that start the server themselves.
        token: { type: 'string' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    return (err as Error).message;
  }
  const port = /^\d{1,5}$/.test(values.port) ? Number(values.port) : NaN;
  if (!(port >= 0 && port <= 65535))
    return `--port must be an integer from 0 to 65535 (0: any free port), not "${values.port}"`;
  const host = values.host.trim();
  if (host === '') return '--host must not be empty';
  if (!isLoopbackHost(host) && !values['allow-remote']) {
    return `refusing to listen on ${host}: it is not a loopback address; add --allow-remote if other machines should reach Netloom`;
  }
  const token = values.token ?? (env.NETLOOM_TOKEN || undefined);
  if (token !== undefined && !isUsableToken(token)) {
    return 'the token (--token or NETLOOM_TOKEN) must be at least 22 characters of A-Z, a-z, 0-9, "-" and "_"';
  }
  if (values.open !== undefined && values.open.trim() === '') return '--open needs a file name';
  if (values['allow-remote-control'] && !values['allow-remote'])
    return '--allow-remote-control goes with --allow-remote (on loopback, control is on unless --read-only)';
  return {
    host,
    port,
    allowRemote: values['allow-remote'],
    allowRemoteControl: values['allow-remote-control'],
    readOnly: values['read-only'],
    skipDocker: values['no-docker'],
    token,
    open: values.open,
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * `netloom serve`: the live protocol and the built UI over HTTP + WebSocket, behind a
 * random token, until SIGINT or SIGTERM. Prints one "listening" line (scripts wait for
 * it) and returns the exit code.
 */
export async function serveCommand(argv: string[]): Promise<number> {
  const args = parseServeArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`netloom: ${args}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const log = (line: string): void => {
    process.stderr.write(`netloom: ${line}\n`);
  };
  const core = await openCore(args, log);
  if ('error' in core) {
    log(core.error);
    return EXIT.usage;
  }
  let server;
  try {
    server = await startServer({
      host: args.host,
      port: args.port,
      allowRemote: args.allowRemote,
      token: args.token,
      staticDir: join(repoRoot(), 'dist', 'renderer'),
      protocol: core.server,
      log,
    });
  } catch (err) {
    await core.stop();
    log(`cannot serve on ${args.host}:${args.port}: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
  }
  // Only now: until here the default action (exit at once) is the right answer to a signal,
  // and a second signal during shutdown still gets it.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write(`netloom: listening on ${server.url}\n`);
  if (core.live) {
    for (const [facet, state] of Object.entries(core.source.current().topology.facets)) {
      if (!state.ok) log(`${facet} facet missing: ${state.reason ?? 'no reason given'}`);
    }
    const control = core.control();
    log(
      control.enabled ? `control on; action log ${core.actions.file ?? '(memory)'}` : `control off: ${control.reason}`,
    );
  }
  await stopped;
  await server.close();
  await core.stop();
  return EXIT.ok;
}

/** The live host, or with --open a saved document; a file that cannot be served is an error before anything starts. */
async function openCore(args: ServeArgs, log: (line: string) => void): Promise<Core | { error: string }> {
  const version = packageVersion();
  // NETLOOM_TRACE=1: how long each re-read and each phase of an action took, on stderr.
  const trace = process.env.NETLOOM_TRACE === '1';
  if (args.open === undefined) {
    return createCore({
      version,
      source: { kind: 'live', live: { skipDocker: args.skipDocker, trace } },
      trace,
      control: serveControl({
        readOnly: args.readOnly,
        remote: !isLoopbackHost(args.host),
        allowRemoteControl: args.allowRemoteControl,
        skipDocker: args.skipDocker,
      }),
      actionLogFile: join(serveStateDir(), ACTION_LOG_FILE),
      log,
    });
  }
  const file = await openTopologyFile(args.open);
  if (!file.ok) return { error: file.message };
  const { hostname } = file.topology.host;
  log(`serving ${args.open} read-only: a snapshot of ${hostname} captured ${file.topology.capturedAt}`);
  return createCore({
    version,
    source: { kind: 'file', name: file.name, topology: file.topology },
    control: { enabled: false },
    actionLogFile: null,
    log,
  });
}
