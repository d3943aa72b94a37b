import { createReadStream } from 'node:fs';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, type Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ProtocolServer } from '../protocol/server.js';
import {
  isUsableToken,
  newAccessToken,
  presentedToken,
  sameToken,
  tokenCookie,
  type TokenSource,
} from './access-token.js';
import {
  bareHost,
  checkHost,
  isLoopbackHost,
  isWildcardHost,
  originAllowed,
  type HostPolicy,
  type HostPort,
} from './host-check.js';
import { NOT_BUILT_PAGE, resolveStatic, staticRoot } from './static-files.js';
import { CLOSE, WsConnection } from './ws-connection.js';

export interface ServerOptions {
  /** Address to bind; loopback unless allowRemote. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Permits a non-loopback host, with a warning. */
  allowRemote: boolean;
  /** A fixed token (tests, scripts); a random one otherwise. */
  token?: string;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  protocol: ProtocolServer;
  log?: (line: string) => void;
}

export interface RunningServer {
  /** What to open: the server's address with `?token=`. */
  url: string;
  port: number;
  token: string;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

/** Where the UI's WebSocket connects. */
export const WS_PATH = '/ws';

/** Client messages are small commands; nothing legitimate comes near this. */
const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;
/** How long clients get to answer the close frame at shutdown. */
const CLOSE_GRACE_MS = 1000;

/** Thrown when asked to listen beyond loopback without allowRemote. */
export class RemoteBindRefusedError extends Error {
  constructor(host: string) {
    super(
      `refusing to listen on ${host}: it is not a loopback address; pass --allow-remote if other machines should reach Netloom`,
    );
    this.name = 'RemoteBindRefusedError';
  }
}

/** Whether a request may proceed, and the Host it used when that Host is acceptable. */
type Verdict =
  | { ok: true; host: HostPort; source: TokenSource }
  | { ok: false; status: 401 | 403; message: string; host: HostPort | null };

const urlHost = (host: string): string => (bareHost(host).includes(':') ? `[${bareHost(host)}]` : bareHost(host));

/** The host a person should open: wildcard binds are reachable on loopback. */
function displayHost(host: string): string {
  if (isWildcardHost(host)) return bareHost(host) === '::' ? '[::1]' : '127.0.0.1';
  return urlHost(host);
}

function securityHeaders(wsOrigin: string): OutgoingHttpHeaders {
  return {
    'Content-Security-Policy':
      `default-src 'self'; connect-src 'self' ${wsOrigin}; img-src 'self' data: blob:; ` +
      `style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** Answers an upgrade request with a plain HTTP error, before any WebSocket handshake. */
function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** The raw path, undecoded and unnormalised, so traversal checks see what was sent. */
const rawPathOf = (req: IncomingMessage): string => (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';

/**
 * Serves the renderer and the protocol over HTTP + WebSocket. Every request and upgrade
 * must name a host this server answers to, come from its own origin if from a page at
 * all, and carry the access token; nothing is served otherwise.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => undefined);
  if (!isLoopbackHost(options.host) && !options.allowRemote) throw new RemoteBindRefusedError(options.host);
  if (options.token !== undefined && !isUsableToken(options.token)) {
    throw new Error('the access token must be at least 22 characters of A-Z, a-z, 0-9, "-" and "_"');
  }
  const token = options.token ?? newAccessToken();
  const root = await staticRoot(options.staticDir);
  const policy: HostPolicy = { boundHost: options.host, port: options.port, remote: options.allowRemote };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  const fallbackHost = (): HostPort => ({ hostname: displayHost(options.host), port: policy.port });

  /** Host, Origin and token, in that order; the first failure names the answer. */
  function admit(req: IncomingMessage, url: URL, checkOrigin: boolean): Verdict {
    const host = checkHost(policy, req.headers.host);
    if (!host) return { ok: false, status: 403, message: 'this server does not answer to that Host name', host };
    if (checkOrigin && !originAllowed(req.headers.origin, host)) {
      return { ok: false, status: 403, message: 'requests from other origins are not allowed', host };
    }
    const given = presentedToken(req, url);
    if (!given || !sameToken(given.token, token)) {
      const message = 'the access token is missing or wrong: open the URL netloom serve printed';
      return { ok: false, status: 401, message, host };
    }
    return { ok: true, host, source: given.source };
  }

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://netloom.invalid');
    const method = req.method ?? 'GET';
    const readOnly = method === 'GET' || method === 'HEAD';
    const verdict = admit(req, url, !readOnly);
    const host = verdict.host ?? fallbackHost();
    const base = securityHeaders(`ws://${urlHost(host.hostname)}:${host.port}`);
    const reply = (status: number, type: string, body: string, extra: OutgoingHttpHeaders = {}): void => {
      res.writeHead(status, {
        ...base,
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        ...extra,
      });
      res.end(method === 'HEAD' ? undefined : body);
    };
    if (!verdict.ok) return reply(verdict.status, 'text/plain; charset=utf-8', `${verdict.message}\n`);
    if (verdict.source === 'query') res.setHeader('Set-Cookie', tokenCookie(token));
    if (!readOnly) return reply(405, 'text/plain; charset=utf-8', 'only GET and HEAD\n', { Allow: 'GET, HEAD' });
    if (url.pathname === '/healthz') return reply(200, 'application/json; charset=utf-8', '{"ok":true}');
    if (url.pathname === WS_PATH)
      return reply(426, 'text/plain; charset=utf-8', 'WebSocket only\n', { Upgrade: 'websocket' });
    if (!root) {
      if (url.pathname === '/' || url.pathname === '/index.html')
        return reply(200, 'text/html; charset=utf-8', NOT_BUILT_PAGE);
      return reply(404, 'text/plain; charset=utf-8', 'not found (the UI is not built)\n');
    }
    const target = await resolveStatic(root, rawPathOf(req));
    if (target.kind === 'refused') return reply(400, 'text/plain; charset=utf-8', 'bad path\n');
    if (target.kind === 'missing') return reply(404, 'text/plain; charset=utf-8', 'not found\n');
    const isHtml = target.contentType.startsWith('text/html');
    res.writeHead(200, {
      ...base,
      'Content-Type': target.contentType,
      'Content-Length': target.size,
      // The page holds nothing secret, but a cached copy would outlive the token that opened it.
      'Cache-Control': isHtml ? 'no-store' : 'private, no-cache',
    });
    if (method === 'HEAD') {
      res.end();
      return;
    }
    // pipeline closes the file when the client goes away mid-download; pipe() would not.
    pipeline(createReadStream(target.path), res, () => undefined);
  }

  const server = createServer((req, res) => {
    respond(req, res).catch((err: unknown) => {
      log(`request ${req.method} ${rawPathOf(req)} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://netloom.invalid');
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'not found');
    const verdict = admit(req, url, true);
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.message);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const who = `websocket ${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
      options.protocol.accept(new WsConnection(ws, who));
    });
  });

  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, bareHost(options.host), () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  policy.port = (server.address() as AddressInfo).port;
  const url = `http://${displayHost(options.host)}:${policy.port}/?token=${token}`;

  if (!isLoopbackHost(options.host)) {
    log(
      `warning: listening on ${urlHost(options.host)}:${policy.port}, beyond this machine. Anyone who gets the ` +
        `token can see this host's container networking and, as control actions arrive, change it; the ` +
        `connection is plain HTTP, so the token crosses the network unencrypted.`,
    );
  }

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolveClose) => {
      for (const client of wss.clients) client.close(CLOSE.goingAway, 'server shutting down');
      const cut = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, CLOSE_GRACE_MS);
      cut.unref();
      wss.close();
      server.close(() => {
        clearTimeout(cut);
        resolveClose();
      });
      server.closeIdleConnections();
    }));

  return { url, port: policy.port, token, close };
}
