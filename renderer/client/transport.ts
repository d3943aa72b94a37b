import type { ClientMessage } from '../../core/protocol/messages.js';

/** What a transport reports about its one current connection. */
export interface TransportHandlers {
  onOpen(): void;
  /** One decoded server message, not yet validated (the client checks it). */
  onMessage(raw: unknown): void;
  onClose(reason: string): void;
}

/**
 * One way to reach the core: WebSocket (`netloom serve`) or Electron IPC. The client
 * reconnects by calling `open` again, so each `open` starts a fresh connection; after
 * `close()` the transport must not call that connection's handlers again.
 */
export interface ClientTransport {
  open(handlers: TransportHandlers): void;
  send(msg: ClientMessage): void;
  close(): void;
}
