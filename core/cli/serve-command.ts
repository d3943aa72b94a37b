import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLiveTopology } from '../live/live-topology.js';
import type { StreamSource } from '../protocol/messages.js';
import { ProtocolServer, type TopologySource } from '../protocol/server.js';
import { isUsableToken } from '../serve/access-token.js';
import { isLoopbackHost } from '../serve/host-check.js';
import { startServer } from '../serve/http-server.js';
import { fixedTopologySource, openTopologyFile } from '../serve/topology-file.js';
import { repoRoot } from '../util/repo-root.js';
import { EXIT } from './exit-codes.js';

const USAGE = `usage: netloom serve [--host 127.0.0.1] [--port 0] [--allow-remote] [--no-docker] [--open FILE]
  --open FILE  serve a saved topology document (netloom snapshot --json, or the UI's
               Export → JSON) read-only instead of this host; nothing on the host is read`;

export interface ServeArgs {
  host: string;
  port: number;
  allowRemote: boolean;
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
  return {
    host,
    port,
    allowRemote: values['allow-remote'],
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
  const served = await openSource(args, log);
  if ('error' in served) {
    log(served.error);
    return EXIT.usage;
  }
  const { topology, source, stop: stopSource } = served;
  let server;
  try {
    server = await startServer({
      host: args.host,
      port: args.port,
      allowRemote: args.allowRemote,
      token: args.token,
      staticDir: join(repoRoot(), 'dist', 'renderer'),
      protocol: new ProtocolServer(topology, packageVersion(), source),
      log,
    });
  } catch (err) {
    await stopSource();
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
  if (source.kind === 'live') {
    for (const [facet, state] of Object.entries(topology.current().topology.facets)) {
      if (!state.ok) log(`${facet} facet missing: ${state.reason ?? 'no reason given'}`);
    }
  }
  await stopped;
  await server.close();
  await stopSource();
  return EXIT.ok;
}

interface Served {
  topology: TopologySource;
  source: StreamSource;
  stop: () => Promise<void>;
}

/** The live host, or with --open a saved document; a file that cannot be served is an error before anything starts. */
async function openSource(args: ServeArgs, log: (line: string) => void): Promise<Served | { error: string }> {
  if (args.open === undefined) {
    const live = await startLiveTopology({ skipDocker: args.skipDocker, log });
    return { topology: live, source: { kind: 'live' }, stop: () => live.stop() };
  }
  const file = await openTopologyFile(args.open);
  if (!file.ok) return { error: file.message };
  const { hostname } = file.topology.host;
  log(`serving ${args.open} read-only: a snapshot of ${hostname} captured ${file.topology.capturedAt}`);
  return {
    topology: fixedTopologySource(file.topology),
    source: { kind: 'file', name: file.name },
    stop: async () => {},
  };
}
