import type { Topology } from '../model/types.js';
import {
  PROTOCOL_VERSION,
  type ProtocolError,
  type RequestMessage,
  type ServerMessage,
  type SnapshotMessage,
  type StreamMessage,
  type StreamSource,
} from './messages.js';
import { parseClientMessage } from './schema.js';
import type { ServerConnection } from './transport.js';

/** Where the live topology comes from (core/live implements it). */
export interface TopologySource {
  /** The model now, as a snapshot carrying the seq of the last message emitted. */
  current(): SnapshotMessage;
  /** Every stream message from now on, in seq order; returns an unsubscribe function. */
  subscribe(listener: (message: StreamMessage) => void): () => void;
}

/** A command's implementation: resolves with its result or throws a CommandError. */
export type CommandHandler = (params: unknown) => Promise<unknown>;

export class CommandError extends Error {
  constructor(readonly error: ProtocolError) {
    super(error.message);
    this.name = 'CommandError';
  }
}

/**
 * Routes the protocol for any number of connections over any transport: hello on
 * connect, snapshot on subscribe and resync, the stream's deltas to subscribers, and
 * requests to command handlers. Invalid messages are answered or refused, never trusted.
 */
export class ProtocolServer {
  private readonly handlers = new Map<string, CommandHandler>();

  constructor(
    private readonly source: TopologySource,
    private readonly version: string,
    /** Announced in hello when given; absent means live to every client. */
    private readonly origin?: StreamSource,
  ) {
    this.handle('ping', async () => ({ now: new Date().toISOString() }));
    this.handle('topology.get', async (): Promise<Topology> => this.source.current().topology);
  }

  handle(method: string, handler: CommandHandler): void {
    this.handlers.set(method, handler);
  }

  accept(conn: ServerConnection): void {
    let unsubscribe: (() => void) | null = null;
    let closed = false;
    const send = (m: ServerMessage): void => {
      if (!closed) conn.send(m);
    };
    const startStream = (): void => {
      unsubscribe?.();
      // Snapshot and subscription in one step: no message can fall between them.
      send(this.source.current());
      unsubscribe = this.source.subscribe(send);
    };
    conn.onClose(() => {
      closed = true;
      unsubscribe?.();
    });
    conn.onMessage((raw) => {
      const parsed = parseClientMessage(raw);
      if (!parsed.ok) {
        const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
        if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
          send({ type: 'response', id, ok: false, error: { code: 'bad-request', message: parsed.error } });
        } else {
          closed = true;
          unsubscribe?.();
          conn.close(`invalid message: ${parsed.error}`);
        }
        return;
      }
      const msg = parsed.message;
      if (msg.type === 'subscribe' || msg.type === 'resync') startStream();
      else void this.request(msg, send);
    });
    send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      version: this.version,
      ...(this.origin === undefined ? {} : { source: this.origin }),
    });
  }

  private async request(msg: RequestMessage, send: (m: ServerMessage) => void): Promise<void> {
    const handler = this.handlers.get(msg.method);
    if (!handler) {
      send({
        type: 'response',
        id: msg.id,
        ok: false,
        error: { code: 'unknown-method', message: `no method "${msg.method}"` },
      });
      return;
    }
    try {
      send({ type: 'response', id: msg.id, ok: true, result: await handler(msg.params) });
    } catch (err) {
      const error: ProtocolError =
        err instanceof CommandError
          ? err.error
          : { code: 'failed', message: err instanceof Error ? err.message : String(err) };
      send({ type: 'response', id: msg.id, ok: false, error });
    }
  }
}
