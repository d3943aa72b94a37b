import { createRequire } from 'node:module';
import type Docker from 'dockerode';
import { SourceFormatError } from '../exec/run-tool.js';
import { check, type Shape } from '../util/shape.js';
import { engineHttp, EngineHttpError, type EngineAddress, type EngineHttp } from './engine-http.js';
import { VersionSchema } from './schema.js';

type DockerClass = typeof Docker;
let dockerode: DockerClass | undefined;
/** dockerode is loaded on first use (control, events): reading needs only engineHttp, and loading it costs ~80 ms. */
function loadDockerode(): DockerClass {
  dockerode ??= createRequire(import.meta.url)('dockerode') as DockerClass;
  return dockerode;
}

/** The newest API version Netloom was written against; older engines get their own. */
export const MAX_API_VERSION = '1.47';

/** Why the engine could not be asked, in words a person can act on. */
export class DockerUnavailableError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'DockerUnavailableError';
  }
}

export interface DockerConnection {
  /** `GET /v<apiVersion>/…` answers as parsed JSON, for the read path. */
  get(path: string): Promise<unknown>;
  /** The full client, for control and events; loaded on first use. */
  readonly api: Docker;
  /** For long-lived streams (events): no request timeout, which would cut a quiet stream. */
  readonly streamApi: Docker;
  version: string;
  apiVersion: string;
  /** Where the engine was reached, for messages. */
  endpoint: string;
  close(): void;
}

export function compareApiVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** The API version to speak: the engine's own, capped at the newest we know. */
export function negotiateApiVersion(engineApi: string): string {
  return compareApiVersions(engineApi, MAX_API_VERSION) > 0 ? MAX_API_VERSION : engineApi;
}

export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): {
  socketPath?: string;
  host?: string;
  port?: number;
  describe: string;
} {
  const dh = env.DOCKER_HOST;
  if (!dh) return { socketPath: '/var/run/docker.sock', describe: '/var/run/docker.sock' };
  if (dh.startsWith('unix://')) {
    const p = dh.slice('unix://'.length) || '/var/run/docker.sock';
    return { socketPath: p, describe: p };
  }
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(dh);
  if (tcp) return { host: tcp[1], port: Number(tcp[2] ?? 2375), describe: dh };
  throw new DockerUnavailableError(
    `DOCKER_HOST=${dh} is not a unix:// or tcp:// address Netloom understands`,
    'EINVAL',
  );
}

export function explainDockerError(err: unknown, where: string): DockerUnavailableError {
  if (err instanceof DockerUnavailableError) return err;
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return new DockerUnavailableError(`Docker socket ${where} not found (is the Docker engine running?)`, code);
    case 'EACCES':
    case 'EPERM':
      return new DockerUnavailableError(`permission denied on ${where} (run as root or join the docker group)`, code);
    case 'ECONNREFUSED':
      return new DockerUnavailableError(`Docker engine at ${where} refused the connection (is it running?)`, code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new DockerUnavailableError(`Docker engine at ${where} closed the connection (restarting?)`, code);
    default: {
      const msg = err instanceof Error ? err.message : String(err);
      const status = (err as { statusCode?: number }).statusCode;
      return new DockerUnavailableError(`Docker engine at ${where}: ${status ? `HTTP ${status}: ` : ''}${msg}`, code);
    }
  }
}

/** Validates one API response, naming the request when it does not fit. */
export function parseApi<T>(shape: Shape<T>, value: unknown, request: string): T {
  const r = check(shape, value);
  if (!r.ok) throw new SourceFormatError(`Docker API ${request}`, `${r.where || '(root)'}: ${r.detail}`);
  return r.value;
}

/**
 * The engine's version and API version. `GET /_ping` answers in ~0.4 ms where `/version`
 * takes ~6 (the engine asks containerd and runc for theirs), and its headers carry both,
 * `API-Version` and `Server: Docker/<version> (<os>)`, which is what Docker's own client
 * negotiates from. An engine or proxy that leaves them out is asked `/version`.
 */
async function engineIdentity(http: EngineHttp): Promise<{ version: string; apiVersion: string }> {
  const ping = await http.headers('/_ping').catch((err: unknown) => {
    if (err instanceof EngineHttpError) return new Map<string, string>(); // no /_ping: ask /version
    throw err;
  });
  const apiVersion = ping.get('api-version') ?? '';
  const version = /^Docker\/(\S+)/.exec(ping.get('server') ?? '')?.[1];
  if (version && /^\d+\.\d+$/.test(apiVersion)) return { version, apiVersion };
  const v = parseApi(VersionSchema, await http.get('/version'), 'GET /version');
  return { version: v.Version, apiVersion: v.ApiVersion };
}

/**
 * Opens one kept-alive connection pool to the engine and agrees on an API version.
 * The returned connection must be closed: its idle sockets are unref'd, but close() frees them.
 * docs/host-facts.md: a request on a warm socket costs ~0.3 ms, a new process ~5 ms.
 */
export async function connectDocker(
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<DockerConnection> {
  const ep = dockerEndpoint(options.env);
  const address: EngineAddress = ep.socketPath
    ? { socketPath: ep.socketPath }
    : { host: ep.host as string, port: ep.port as number };
  const timeout = options.timeoutMs ?? 10_000;
  const http = engineHttp(address, timeout);
  let info;
  try {
    info = await engineIdentity(http);
  } catch (err) {
    http.close();
    if (err instanceof SourceFormatError) throw err;
    throw explainDockerError(err, ep.describe);
  }
  const apiVersion = negotiateApiVersion(info.apiVersion);
  // No agent of our own for dockerode: docker-modem util.inspect()s its request options,
  // agent and all its sockets, on every request, which made 8 requests in flight ~50x
  // slower. Node's global agent already keeps connections alive.
  const base = { ...address, version: `v${apiVersion}` };
  let api: Docker | undefined;
  let streamApi: Docker | undefined;
  return {
    get: (path) => http.get(`/v${apiVersion}${path}`),
    get api() {
      const D = loadDockerode();
      api ??= new D({ ...base, timeout });
      return api;
    },
    get streamApi() {
      const D = loadDockerode();
      streamApi ??= new D(base);
      return streamApi;
    },
    version: info.version,
    apiVersion,
    endpoint: ep.describe,
    close: () => http.close(),
  };
}
