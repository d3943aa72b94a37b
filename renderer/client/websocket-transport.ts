import type { ClientMessage } from '../../core/protocol/messages.js';
import type { ClientTransport, TransportHandlers } from './transport.js';

/** Where `netloom serve` listens for the protocol: the page's own host, path /ws. */
export function webSocketUrl(loc: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const url = `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws`;
  // The auth cookie goes along by itself; a token in the page URL is for browsers that
  // arrived through the printed link before the cookie was set.
  const token = new URLSearchParams(loc.search).get('token');
  return token ? `${url}?token=${encodeURIComponent(token)}` : url;
}

const OPEN = 1;

/** The protocol as JSON text frames over one WebSocket per connection. */
export class WebSocketTransport implements ClientTransport {
  private socket: WebSocket | null = null;

  constructor(
    private readonly url: string,
    private readonly createSocket: (url: string) => WebSocket = (u) => new WebSocket(u),
  ) {}

  open(handlers: TransportHandlers): void {
    this.close();
    let socket: WebSocket;
    try {
      socket = this.createSocket(this.url);
    } catch (err) {
      // A URL the browser refuses (a page opened from file://) fails like a lost server.
      const why = err instanceof Error ? err.message : String(err);
      queueMicrotask(() => handlers.onClose(`cannot open ${this.where}: ${why}`));
      return;
    }
    this.socket = socket;
    let opened = false;
    // A socket we have let go of may still fire events; they belong to no one.
    const current = (): boolean => this.socket === socket;
    socket.onopen = () => {
      opened = true;
      if (current()) handlers.onOpen();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (current()) handlers.onMessage(decode(event.data));
    };
    socket.onclose = (event: CloseEvent) => {
      if (!current()) return;
      this.socket = null;
      const fallback = opened
        ? `connection lost (code ${event.code})`
        : `cannot reach the Netloom server at ${this.where}`;
      handlers.onClose(event.reason || fallback);
    };
  }

  /** The URL without its query, so no token ends up on screen or in a log. */
  private get where(): string {
    return this.url.split('?')[0] ?? this.url;
  }

  send(msg: ClientMessage): void {
    // A message sent while the socket is not open is lost either way; the close event
    // that follows tells the client to reconnect and start over.
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(msg));
  }

  close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'client closed');
  }
}

/** Text that is not JSON is passed on as it is, so the client's schema check rejects it. */
function decode(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
