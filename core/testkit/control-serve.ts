import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import { ControlClient } from './control-client.js';
import { startServe } from './serve-process.js';
import { sh, TEST_LABEL } from './test-host.js';

export const LABELS = { [TEST_LABEL.split('=')[0] as string]: TEST_LABEL.split('=')[1] as string };

export interface ControlServe {
  server: ResultPromise;
  url: string;
  client: ControlClient;
  /** serve's stderr lines. */
  logs: string[];
  /** XDG_STATE_HOME of this serve: the action log is at `logFile`. */
  stateHome: string;
  logFile: string;
  /** Ends serve (SIGTERM: a clean stop; SIGKILL: a crash) and waits for it. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * A real `netloom serve` with its action log in a directory of its own (or `stateHome`,
 * to start again on the same log), and a WebSocket client subscribed to it.
 */
export async function startControlServe(options: { args?: string[]; stateHome?: string } = {}): Promise<ControlServe> {
  const stateHome = options.stateHome ?? mkdtempSync(join(tmpdir(), 'nlc-state-'));
  const { server, url, logs } = await startServe({
    args: options.args,
    env: { XDG_STATE_HOME: stateHome },
    stderr: 'pipe',
  });
  const client = await ControlClient.open(url);
  return {
    server,
    url,
    client,
    logs,
    stateHome,
    logFile: join(stateHome, 'netloom', 'actions.ndjson'),
    async stop(signal = 'SIGTERM') {
      client.close();
      server.kill(signal);
      await server;
    },
  };
}

export async function iptablesSave(): Promise<string> {
  return sh('iptables-save', []);
}

/** `docker inspect` of one object, or null when it does not exist. */
export async function inspectOrNull<T = Record<string, unknown>>(
  kind: 'container' | 'network',
  name: string,
): Promise<T | null> {
  const out = await sh('docker', [kind, 'inspect', name], { reject: false });
  const parsed = out.trim() ? (JSON.parse(out) as T[]) : [];
  return parsed[0] ?? null;
}

/** GETs a URL through curl (the test host's own tool), bounded to a few seconds. */
export async function curl(url: string): Promise<string> {
  return sh('curl', ['-s', '-S', '--max-time', '5', url]);
}

/** A command for test containers that serves /www on port 80 and stops at once on SIGTERM. */
export const HTTPD = ['sh', '-c', 'trap "exit 0" TERM; httpd -f -p 80 -h /www & wait'];
/** A command that idles and stops at once on SIGTERM. */
export const IDLE = ['sh', '-c', 'trap "exit 0" TERM; sleep 1d & wait'];
