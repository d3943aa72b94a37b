import { applyStreamMessage, emptyStreamState, type StreamState } from '../../core/protocol/apply.js';
import {
  PROTOCOL_VERSION,
  type DeltaMessage,
  type MethodName,
  type Methods,
  type ControlState,
  type ServerMessage,
  type StreamMessage,
  type StreamSource,
} from '../../core/protocol/messages.js';
import { parseServerMessage } from '../../core/protocol/schema.js';
import type { Topology } from '../../core/model/types.js';
import { backoffDelay } from './backoff.js';
import { Listeners } from './listeners.js';
import { PendingRequests } from './pending-requests.js';
import { RequestAbortedError } from './request-errors.js';
import { realScheduler, type Scheduler, type TimerHandle } from './scheduler.js';
import type { ClientTransport } from './transport.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'incompatible' | 'closed';

/** How the topology just changed: a delta lets the UI patch by id instead of rebuilding. */
export type TopologyChange = { kind: 'snapshot' } | { kind: 'delta'; delta: DeltaMessage };

export type TopologyListener = (topology: Topology, change: TopologyChange) => void;
/** `detail` says why, in words: the close reason while reconnecting, the mismatch when incompatible. */
export type StateListener = (state: ConnectionState, detail: string | null) => void;

/** `request`'s parameters: none for methods that take none. */
export type RequestArgs<M extends MethodName> = Methods[M]['params'] extends undefined
  ? [params?: undefined]
  : [params: Methods[M]['params']];

export interface TopologyClientOptions {
  transport: ClientTransport;
  scheduler?: Scheduler;
  /** Jitter source for reconnect delays; tests pass `() => 0.5` for exact delays. */
  random?: () => number;
  requestTimeoutMs?: number;
  /** How long an open connection may stay silent before its hello. */
  helloTimeoutMs?: number;
  log?: (message: string) => void;
}

/**
 * The renderer's one connection to the core, over any transport: checks every server
 * message, keeps the topology as received (snapshot, then deltas in seq order), heals
 * gaps with a resync, reconnects with backoff, and carries requests.
 */
export class TopologyClient {
  private readonly transport: ClientTransport;
  private readonly scheduler: Scheduler;
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly helloTimeoutMs: number;
  private readonly log: (message: string) => void;
  private readonly requests: PendingRequests;
  private readonly topologyListeners = new Listeners<TopologyListener>();
  private readonly stateListeners = new Listeners<StateListener>();

  private stream: StreamState = emptyStreamState();
  private currentState: ConnectionState = 'connecting';
  private detail: string | null = null;
  private version: string | null = null;
  private source: StreamSource | null = null;
  private control: ControlState | null = null;
  /** Bumped on every new connection, so events of an abandoned one are ignored. */
  private generation = 0;
  private greeted = false;
  private resyncPending = false;
  private attempt = 0;
  private retryTimer: TimerHandle | null = null;
  private helloTimer: TimerHandle | null = null;
  private started = false;

  constructor(options: TopologyClientOptions) {
    this.transport = options.transport;
    this.scheduler = options.scheduler ?? realScheduler;
    this.random = options.random ?? Math.random;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.helloTimeoutMs = options.helloTimeoutMs ?? 5_000;
    this.log = options.log ?? ((m) => console.warn(`netloom: ${m}`));
    this.requests = new PendingRequests(this.scheduler);
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get stateDetail(): string | null {
    return this.detail;
  }

  get topology(): Topology | null {
    return this.stream.topology;
  }

  get seq(): number | null {
    return this.stream.seq;
  }

  /** Netloom's version as the server announced it in hello. */
  get serverVersion(): string | null {
    return this.version;
  }

  /** Where the server's topology comes from, once it said hello; servers that do not say are live. */
  get serverSource(): StreamSource | null {
    return this.source;
  }

  /** Whether this connection may change the host, as hello said; servers that do not say allow nothing. */
  get serverControl(): ControlState | null {
    return this.control;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  /** Ends the connection for good; pending requests reject. */
  close(): void {
    if (this.currentState === 'closed') return;
    this.abandonConnection();
    this.transport.close();
    this.requests.abortAll('closed', 'the client was closed');
    this.setState('closed', null);
  }

  onTopology(listener: TopologyListener): () => void {
    return this.topologyListeners.add(listener);
  }

  onState(listener: StateListener): () => void {
    return this.stateListeners.add(listener);
  }

  /**
   * Sends a command. Resolves with its result; rejects with RequestError (the server's
   * typed ProtocolError) or RequestAbortedError (timeout, disconnect, close).
   */
  request<M extends MethodName>(method: M, ...args: RequestArgs<M>): Promise<Methods[M]['result']> {
    if (!this.greeted) {
      return Promise.reject(new RequestAbortedError(method, 'disconnected', `${method}: not connected`));
    }
    const { id, result } = this.requests.add(method, this.requestTimeoutMs);
    const params = args[0];
    this.transport.send(
      params === undefined ? { type: 'request', id, method } : { type: 'request', id, method, params },
    );
    // The schema checks the envelope; each method's result shape is the server's promise.
    return result as Promise<Methods[M]['result']>;
  }

  private connect(): void {
    const generation = ++this.generation;
    this.greeted = false;
    this.resyncPending = false;
    const mine = (): boolean => generation === this.generation;
    this.transport.open({
      onOpen: () => {
        // A transport may deliver a hello it kept before reporting open (Electron's preload).
        if (mine() && !this.greeted) this.armHelloTimer();
      },
      onMessage: (raw) => {
        if (mine()) this.receive(raw);
      },
      onClose: (reason) => {
        if (mine()) this.lost(reason);
      },
    });
  }

  private armHelloTimer(): void {
    this.clearHelloTimer();
    this.helloTimer = this.scheduler.setTimeout(() => {
      this.helloTimer = null;
      this.transport.close();
      this.lost(`no hello from the server within ${this.helloTimeoutMs} ms`);
    }, this.helloTimeoutMs);
  }

  private receive(raw: unknown): void {
    const parsed = parseServerMessage(raw);
    if (!parsed.ok) {
      this.invalid(raw, parsed.error);
      return;
    }
    const msg: ServerMessage = parsed.message;
    if (msg.type === 'hello') this.hello(msg.protocol, msg.version, msg.source, msg.control);
    else if (!this.greeted) this.log(`ignored a ${msg.type} before hello`);
    else if (msg.type === 'response') {
      if (!this.requests.settle(msg)) this.log(`ignored a response to unknown request ${msg.id}`);
    } else this.applyStream(msg);
  }

  private invalid(raw: unknown, error: string): void {
    if (!this.greeted) {
      // Without a valid hello there is no common protocol to recover with.
      this.incompatible(`The server did not greet with a Netloom hello (${error}).`);
      return;
    }
    this.log(`invalid message from the server (${error})`);
    const r = raw as { type?: unknown; id?: unknown } | null;
    if (typeof r === 'object' && r !== null && r.type === 'response' && typeof r.id === 'number') {
      this.requests.fail(r.id, `the server's answer could not be read (${error})`);
    } else {
      // It may have been a delta we can no longer place: start again from a snapshot.
      this.resync();
    }
  }

  private hello(
    protocol: number,
    version: string,
    source: StreamSource | undefined,
    control: ControlState | undefined,
  ): void {
    this.clearHelloTimer();
    this.version = version;
    this.source = source ?? { kind: 'live' };
    this.control = control ?? { enabled: false, reason: 'this server does not offer control' };
    if (protocol !== PROTOCOL_VERSION) {
      this.incompatible(
        `The server speaks protocol ${protocol}; this window speaks protocol ${PROTOCOL_VERSION}. ` +
          `Use the same Netloom version on both sides (the server is ${version}).`,
      );
      return;
    }
    this.greeted = true;
    this.transport.send({ type: 'subscribe' });
  }

  private applyStream(msg: StreamMessage): void {
    const { state, outcome } = applyStreamMessage(this.stream, msg);
    if (outcome === 'gap') {
      this.resync();
      return;
    }
    if (outcome === 'stale') return;
    this.stream = state;
    const topology = state.topology as Topology;
    if (msg.type === 'snapshot') {
      this.resyncPending = false;
      this.attempt = 0;
      this.setState('live', null);
      this.topologyListeners.emit(this.log, (l) => l(topology, { kind: 'snapshot' }));
    } else {
      this.topologyListeners.emit(this.log, (l) => l(topology, { kind: 'delta', delta: msg }));
    }
  }

  /** One resync per loss of place: more would only make the server send more snapshots. */
  private resync(): void {
    if (this.resyncPending) return;
    this.resyncPending = true;
    this.transport.send({ type: 'resync', lastSeq: this.stream.seq });
  }

  private lost(reason: string): void {
    this.abandonConnection();
    this.requests.abortAll('disconnected', `connection lost (${reason})`);
    const delay = backoffDelay(this.attempt++, this.random);
    this.setState('reconnecting', reason);
    this.retryTimer = this.scheduler.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private incompatible(message: string): void {
    this.abandonConnection();
    this.transport.close();
    this.requests.abortAll('disconnected', 'the server is incompatible');
    this.setState('incompatible', message);
  }

  private abandonConnection(): void {
    this.generation++;
    this.greeted = false;
    this.clearHelloTimer();
    if (this.retryTimer !== null) this.scheduler.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private clearHelloTimer(): void {
    if (this.helloTimer !== null) this.scheduler.clearTimeout(this.helloTimer);
    this.helloTimer = null;
  }

  private setState(state: ConnectionState, detail: string | null): void {
    if (state === this.currentState && detail === this.detail) return;
    this.currentState = state;
    this.detail = detail;
    this.stateListeners.emit(this.log, (l) => l(state, detail));
  }
}
