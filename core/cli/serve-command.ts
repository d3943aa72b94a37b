import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_LOG_FILE, serveStateDir } from '../commands/action-log.js';
import { serveControl } from '../commands/control-policy.js';
import { createCore, type Core } from '../commands/core.js';
import { isLoopbackHost } from '../serve/host-check.js';
import { startServer } from '../serve/http-server.js';
import { openTopologyFile } from '../serve/topology-file.js';
import { repoRoot } from '../util/repo-root.js';
import { EXIT } from './exit-codes.js';
import type { ServeArgs } from './serve-args.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * `netloom serve`: the live protocol and the built UI over HTTP + WebSocket, behind a
 * random token, until SIGINT or SIGTERM. Prints one "listening" line (scripts wait for
 * it) and returns the exit code. The arguments were checked by serve-args.ts.
 */
export async function serveCommand(args: ServeArgs): Promise<number> {
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
