import { Buffer } from 'node:buffer';
import WebSocket from 'ws';
import type { ServerMessage } from '../protocol/messages.js';
import type { ServerConnection } from '../protocol/transport.js';

/** Past this much unsent data the client is not keeping up; it is cheaper for it to resync. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** RFC 6455 close codes the server uses. */
export const CLOSE = {
  /** The client broke the protocol. */
  policy: 1008,
  /** The client fell behind: reconnect and resync. */
  tryAgainLater: 1013,
  /** The server is shutting down. */
  goingAway: 1001,
} as const;

/** A close frame's reason may hold at most 123 bytes. */
const MAX_REASON_BYTES = 123;
/** How long a shed client gets to take its close frame before the socket is cut. */
const SHED_GRACE_MS = 5000;

/** Shortens text to at most maxBytes of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const ellipsis = '…';
  const budget = maxBytes - Buffer.byteLength(ellipsis);
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > budget) break;
    out += ch;
    bytes += n;
  }
  return out + ellipsis;
}

/**
 * A frame as the protocol sees it: the parsed JSON of a text frame. Anything else (not
 * JSON, a binary frame) is handed on as its text, a string, which no client message is,
 * so ProtocolServer refuses it like any other invalid message.
 */
function decodeFrame(data: WebSocket.RawData, isBinary: boolean): unknown {
  const bytes = Array.isArray(data)
    ? Buffer.concat(data)
    : Buffer.isBuffer(data)
      ? data
      : Buffer.from(new Uint8Array(data));
  const text = bytes.toString('utf8');
  if (isBinary) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The protocol over one `ws` WebSocket: one JSON text frame per message. */
export class WsConnection implements ServerConnection {
  constructor(
    private readonly socket: WebSocket,
    readonly description: string,
    private readonly maxBuffered = MAX_BUFFERED_BYTES,
  ) {
    // ws reports a peer's bad frames as 'error' and closes the socket itself; without a
    // listener that event would crash the whole server.
    socket.on('error', () => undefined);
  }

  send(message: ServerMessage): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.maxBuffered) {
      this.shed();
      return;
    }
    this.socket.send(JSON.stringify(message));
  }

  onMessage(handler: (message: unknown) => void): void {
    this.socket.on('message', (data, isBinary) => handler(decodeFrame(data, isBinary)));
  }

  onClose(handler: () => void): void {
    this.socket.on('close', () => handler());
  }

  close(reason: string): void {
    this.socket.close(CLOSE.policy, truncateUtf8(reason, MAX_REASON_BYTES));
  }

  /**
   * Drops a client that cannot keep up rather than buffering the stream for it without
   * bound. Its close frame queues behind the unsent data, so the socket is cut if the
   * client does not drain in time.
   */
  private shed(): void {
    this.socket.close(CLOSE.tryAgainLater, 'too far behind; reconnect and resync');
    setTimeout(() => {
      if (this.socket.readyState !== WebSocket.CLOSED) this.socket.terminate();
    }, SHED_GRACE_MS).unref();
  }
}
