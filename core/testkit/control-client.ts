import WebSocket from 'ws';
import type { Topology } from '../model/types.js';
import { applyStreamMessage, emptyStreamState, type StreamState } from '../protocol/apply.js';
import type { MethodName, ResultOf } from '../protocol/commands.js';
import type { DeltaMessage, HelloMessage, ProtocolError, ServerMessage } from '../protocol/messages.js';
import { parseServerMessage } from '../protocol/schema.js';

/** One answer, and the client's model at the moment it arrived. */
export type Answer<M extends MethodName> = (
  { ok: true; result: ResultOf<M>; error?: undefined } | { ok: false; error: ProtocolError; result?: undefined }
) & {
  /** The model as the client had applied it when the answer arrived. */
  model: Topology;
  seq: number;
  /** When the request was sent and the answer arrived (performance.now()). */
  sentAt: number;
  answeredAt: number;
};

/**
 * A protocol client over a real WebSocket, as a UI is: it applies the stream in order and
 * records each answer with the model it had when the answer came, so a test can say that
 * the answer came after the delta that shows its effect.
 */
export class ControlClient {
  private state: StreamState = emptyStreamState();
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (a: Answer<MethodName>) => void; method: string; sentAt: number }
  >();
  private snapshotWaiters: (() => void)[] = [];
  private readonly deltaListeners = new Set<(d: DeltaMessage, at: number) => void>();
  hello: HelloMessage | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.onMessage(JSON.parse(String(data)) as unknown));
  }

  /** Connects to `netloom serve`'s URL (with its token) and subscribes; resolves with the first snapshot applied. */
  static async open(url: string, subscribe = true): Promise<ControlClient> {
    const u = new URL(url);
    const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token') ?? ''}`);
    const client = new ControlClient(ws);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await client.until(() => client.hello !== null, 10_000);
    if (subscribe) {
      const got = new Promise<void>((resolve) => client.snapshotWaiters.push(resolve));
      ws.send(JSON.stringify({ type: 'subscribe' }));
      await got;
    }
    return client;
  }

  get model(): Topology {
    if (!this.state.topology) throw new Error('no snapshot yet');
    return this.state.topology;
  }

  get seq(): number {
    return this.state.seq ?? -1;
  }

  onDelta(listener: (d: DeltaMessage, at: number) => void): () => void {
    this.deltaListeners.add(listener);
    return () => this.deltaListeners.delete(listener);
  }

  request<M extends MethodName>(method: M, params?: unknown): Promise<Answer<M>> {
    const id = this.nextId++;
    const sentAt = performance.now();
    const answer = new Promise<Answer<M>>((resolve) =>
      this.pending.set(id, { resolve: resolve as (a: Answer<MethodName>) => void, method, sentAt }),
    );
    this.ws.send(JSON.stringify({ type: 'request', id, method, ...(params === undefined ? {} : { params }) }));
    return answer;
  }

  /** Sends a raw request frame (for malformed requests). */
  raw(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Waits until the model passes a check. */
  async until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out waiting for the client model');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.ws.close();
  }

  private onMessage(raw: unknown): void {
    const parsed = parseServerMessage(raw);
    if (!parsed.ok) throw new Error(`invalid server message: ${parsed.error}`);
    const msg: ServerMessage = parsed.message;
    if (msg.type === 'hello') {
      this.hello = msg;
      return;
    }
    if (msg.type === 'response') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      const base = {
        model: this.state.topology as Topology,
        seq: this.seq,
        sentAt: p.sentAt,
        answeredAt: performance.now(),
      };
      p.resolve(msg.ok ? { ok: true, result: msg.result as never, ...base } : { ok: false, error: msg.error, ...base });
      return;
    }
    const { state, outcome } = applyStreamMessage(this.state, msg);
    if (outcome === 'gap') throw new Error(`gap in the stream at seq ${msg.seq}`);
    this.state = state;
    if (msg.type === 'snapshot') for (const w of this.snapshotWaiters.splice(0)) w();
    else for (const l of this.deltaListeners) l(msg, performance.now());
  }
}
