import type { Topology } from '../model/types.js';
import {
  needsControl,
  METHOD_SCHEMAS,
  parseParams,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from './commands.js';
import {
  PROTOCOL_VERSION,
  type ControlState,
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

/** One method's implementation: params already checked by its schema; resolves with its result or throws a CommandError. */
export type CommandHandler<M extends MethodName> = (params: ParamsOf<M>) => Promise<ResultOf<M>>;

export class CommandError extends Error {
  constructor(readonly error: ProtocolError) {
    super(error.message);
    this.name = 'CommandError';
  }
}

export interface ProtocolServerOptions {
  /** Announced in hello when given; absent means live to every client. */
  origin?: StreamSource;
  /**
   * Whether the control methods may run, read at every hello and every request (the
   * desktop app's read-only setting changes it while the app runs). Absent: control off.
   */
  control?: () => ControlState;
}

const CONTROL_OFF: ControlState = { enabled: false, reason: 'this server does not offer control' };

/**
 * Routes the protocol for any number of connections over any transport: hello on
 * connect, snapshot on subscribe and resync, the stream's deltas to subscribers, and
 * requests to typed handlers, each request's params checked by its method's schema
 * first. Invalid messages are answered or refused, never trusted.
 */
export class ProtocolServer {
  private readonly handlers = new Map<MethodName, (params: unknown) => Promise<unknown>>();
  private readonly origin: StreamSource | undefined;
  private readonly control: () => ControlState;

  constructor(
    private readonly source: TopologySource,
    private readonly version: string,
    options: ProtocolServerOptions = {},
  ) {
    this.origin = options.origin;
    this.control = options.control ?? (() => CONTROL_OFF);
    this.handle('ping', async () => ({ now: new Date().toISOString() }));
    this.handle('topology.get', async (): Promise<Topology> => this.source.current().topology);
  }

  /** Registers the handler of one method of METHOD_SCHEMAS. */
  handle<M extends MethodName>(method: M, handler: CommandHandler<M>): void {
    this.handlers.set(method, handler as (params: unknown) => Promise<unknown>);
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
      control: this.control(),
    });
  }

  private async request(msg: RequestMessage, send: (m: ServerMessage) => void): Promise<void> {
    const fail = (error: ProtocolError): void => send({ type: 'response', id: msg.id, ok: false, error });
    const method = msg.method as MethodName;
    const unknown = (): void => fail({ code: 'unknown-method', message: `no method "${msg.method}"` });
    if (!Object.hasOwn(METHOD_SCHEMAS, msg.method)) return unknown();
    // Refused by name when control is off, even where no handler exists (a saved file).
    if (needsControl(method)) {
      const control = this.control();
      if (!control.enabled) {
        return fail({
          code: 'not-permitted',
          message: `control is off: ${control.reason ?? 'this server does not change the host'}`,
          details: { control: false },
        });
      }
    }
    const handler = this.handlers.get(method);
    if (!handler) return unknown();
    const params = parseParams(method, msg.params);
    if (!params.ok) {
      return fail({
        code: 'bad-request',
        message: `${params.field}: ${params.message}`,
        details: { field: params.field, rule: params.rule },
      });
    }
    try {
      send({ type: 'response', id: msg.id, ok: true, result: await handler(params.params) });
    } catch (err) {
      fail(
        err instanceof CommandError
          ? err.error
          : { code: 'failed', message: err instanceof Error ? err.message : String(err) },
      );
    }
  }
}
