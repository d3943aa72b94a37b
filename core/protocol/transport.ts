import type { ServerMessage } from './messages.js';

/**
 * One client connection as the protocol server sees it. WebSocket and Electron IPC each
 * implement it; the server never knows which it is on (VS Code's IChannel idea).
 */
export interface ServerConnection {
  /** Delivers one message; the transport serialises it as it needs. */
  send(message: ServerMessage): void;
  /** Called with each message from the client, already decoded but not yet validated. */
  onMessage(handler: (message: unknown) => void): void;
  onClose(handler: () => void): void;
  /** Ends the connection, e.g. after a protocol violation. */
  close(reason: string): void;
  /** For logs: who is on the other end. */
  readonly description: string;
}
