import http from 'node:http';
import { SourceFormatError } from '../exec/run-tool.js';

/**
 * GET requests to the Engine API, for the read path (snapshot, the live core's re-reads).
 * dockerode (with docker-modem, ssh2 and protobufjs) takes ~80 ms to load and adds
 * per-request work; reading JSON over one kept-alive socket pool needs neither.
 */

/** Where the engine listens: a unix socket, or a TCP host and port. */
export type EngineAddress = { socketPath: string } | { host: string; port: number };

/** An HTTP answer of 400 or more; `statusCode` is what callers (404: gone) look at. */
export class EngineHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'EngineHttpError';
  }
}

export interface EngineHttp {
  /** The parsed JSON body of `GET path`. */
  get(path: string): Promise<unknown>;
  /** Closes the kept-alive sockets. */
  close(): void;
}

/** The engine's own words for a refusal ({"message": …}), else the body's first line. */
function refusal(status: number, body: string): EngineHttpError {
  let message = body.trim().split('\n')[0] ?? '';
  try {
    const m = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof m === 'string') message = m;
  } catch {
    // not JSON: keep the text
  }
  return new EngineHttpError(status, message || http.STATUS_CODES[status] || 'error');
}

/**
 * No TLS, so no server name: without this the agent derives one for every request and
 * tests it with net.isIP, whose IPv6 pattern cost ~8 ms over 400 inspects.
 */
const NO_SNI = { servername: '' } as http.RequestOptions;

export function engineHttp(address: EngineAddress, timeoutMs: number): EngineHttp {
  // Kept-alive sockets are unref'd while idle, so the pool never holds the process open.
  const agent = new http.Agent({ keepAlive: true });
  return {
    get: (path) =>
      new Promise((resolve, reject) => {
        const req = http.get({ ...address, ...NO_SNI, path, agent, headers: { Accept: 'application/json' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const body = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 400) return reject(refusal(status, body));
            try {
              resolve(JSON.parse(body));
            } catch (err) {
              reject(new SourceFormatError(`Docker API GET ${path}`, `not JSON (${(err as Error).message})`));
            }
          });
        });
        req.setTimeout(timeoutMs, () => {
          req.destroy(Object.assign(new Error(`GET ${path}: no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
        });
        req.on('error', reject);
      }),
    close: () => agent.destroy(),
  };
}
