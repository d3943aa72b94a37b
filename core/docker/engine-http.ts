import net from 'node:net';
import { SourceFormatError } from '../exec/run-tool.js';
import { HttpReader } from './http-reader.js';

/**
 * GET requests to the Engine API, for the read path (snapshot, the live core's re-reads):
 * HTTP/1.1 over a few kept-alive sockets, each carrying one request at a time. Measured
 * at 200 container inspects (docs/host-facts.md): node:http spends ~55 ms of CPU on them
 * and undici takes ~55 ms to load; this takes ~15 ms, on the one thread that also parses
 * the kernel's and the firewall's dumps. dockerode stays for control and events.
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
  /** The headers of `GET path` (by lower-cased name), its body unread: for `/_ping`. */
  headers(path: string): Promise<Map<string, string>>;
  /** Closes the kept-alive sockets. */
  close(): void;
}

/** Sockets kept open at once: one per inspect in flight (read-docker.ts, 16: docs/host-facts.md). */
const SOCKETS = 16;

/** The engine's own words for a refusal ({"message": …}), else the body's first line. */
function refusal(status: number, body: string): EngineHttpError {
  let message = body.trim().split('\n')[0] ?? '';
  try {
    const m = (JSON.parse(body) as { message?: unknown }).message;
    if (typeof m === 'string') message = m;
  } catch {
    // not JSON: keep the text
  }
  // No body to quote: the status says it (node:http's names for it are not worth loading it).
  return new EngineHttpError(status, message || `HTTP ${status}`);
}

interface Pending {
  path: string;
  /** What the caller wants back: the JSON body, or only the headers. */
  want: 'json' | 'headers';
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** One kept-alive socket and the request it carries. */
class Line {
  readonly socket: net.Socket;
  private readonly reader = new HttpReader();
  current: Pending | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  dead = false;

  constructor(
    address: EngineAddress,
    private readonly timeoutMs: number,
    private readonly idle: (line: Line) => void,
    private readonly gone: (line: Line) => void,
  ) {
    this.socket = 'socketPath' in address ? net.connect(address.socketPath) : net.connect(address.port, address.host);
    // Idle sockets never hold the process open; a request refs its socket while it waits.
    this.socket.unref();
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () =>
      this.fail(Object.assign(new Error('the engine closed the connection'), { code: 'ECONNRESET' })),
    );
  }

  send(p: Pending): void {
    this.current = p;
    this.socket.ref();
    this.timer = setTimeout(
      () =>
        this.fail(
          Object.assign(new Error(`GET ${p.path}: no answer within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' }),
        ),
      this.timeoutMs,
    );
    this.socket.write(`GET ${p.path} HTTP/1.1\r\nHost: docker\r\nAccept: application/json\r\n\r\n`);
  }

  private onData(chunk: Buffer): void {
    let answer;
    try {
      answer = this.reader.push(chunk);
    } catch (err) {
      return this.fail(err as Error);
    }
    if (!answer) return;
    const p = this.current;
    this.done();
    if (answer.close) this.retire();
    else this.idle(this);
    if (!p) return;
    const body = answer.body.toString('utf8');
    if (answer.status >= 400) return p.reject(refusal(answer.status, body));
    if (p.want === 'headers') return p.resolve(answer.headers);
    try {
      p.resolve(JSON.parse(body));
    } catch (err) {
      p.reject(new SourceFormatError(`Docker API GET ${p.path}`, `not JSON (${(err as Error).message})`));
    }
  }

  private done(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current = null;
    this.socket.unref();
  }

  /** The socket cannot carry more: its request (if any) fails with `err`. */
  fail(err: Error): void {
    const p = this.current;
    this.done();
    this.retire();
    p?.reject(err);
  }

  private retire(): void {
    if (this.dead) return;
    this.dead = true;
    this.socket.destroy();
    this.gone(this);
  }
}

export function engineHttp(address: EngineAddress, timeoutMs: number): EngineHttp {
  const lines = new Set<Line>();
  const free: Line[] = [];
  const waiting: Pending[] = [];
  const next = (line: Line): void => {
    const p = waiting.shift();
    if (p) line.send(p);
    else free.push(line);
  };
  const gone = (line: Line): void => {
    lines.delete(line);
    const i = free.indexOf(line);
    if (i >= 0) free.splice(i, 1);
    // A request still waiting gets a new socket in its place.
    if (waiting.length > 0 && lines.size < SOCKETS) open();
  };
  const open = (): void => {
    const line = new Line(address, timeoutMs, next, gone);
    lines.add(line);
    next(line);
  };
  const request = (path: string, want: Pending['want']): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const line = free.pop();
      const p = { path, want, resolve, reject };
      if (line) return line.send(p);
      waiting.push(p);
      if (lines.size < SOCKETS) open();
    });
  return {
    get: (path) => request(path, 'json'),
    headers: (path) => request(path, 'headers') as Promise<Map<string, string>>,
    close: () => {
      for (const line of [...lines]) line.fail(new Error('the connection to the engine was closed'));
      for (const p of waiting.splice(0)) p.reject(new Error('the connection to the engine was closed'));
    },
  };
}
