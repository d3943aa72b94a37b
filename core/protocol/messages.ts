/**
 * The one contract between the core and any UI (Electron IPC, WebSocket, `netloom watch`).
 * Every message is a named type with a `type` constant; every field says what it means.
 * Runtime schemas for the same messages live in ./schema.ts. Pure types: no Node, no DOM,
 * so the renderer can import this file.
 */
import type { Facets, FirewallInfo, HostInfo, Topology, TopologyEdge, TopologyNode } from '../model/types.js';
import type { MethodName, ParamsOf, ResultOf } from './commands.js';

/** Bumped when a message changes incompatibly; a client refuses a version it does not know. */
export const PROTOCOL_VERSION = 1;

// ---- server → client ----------------------------------------------------------------

/** First message on every connection. */
export interface HelloMessage {
  type: 'hello';
  /** PROTOCOL_VERSION of the server. */
  protocol: number;
  /** Netloom's version (package.json). */
  version: string;
  /**
   * Where the topology comes from. Absent (servers before this field, the desktop app)
   * means live. Added without a protocol bump: clients that do not know it ignore it.
   */
  source?: StreamSource;
  /**
   * Whether this connection may change the host (the control methods of ./commands.ts).
   * Absent (servers before control) means no. Added without a protocol bump.
   */
  control?: ControlState;
}

/** Control is on, or off and why (`--read-only`, bound beyond loopback, a saved file). */
export interface ControlState {
  enabled: boolean;
  /** Why control is off, in one sentence; absent when enabled. */
  reason?: string;
}

/**
 * `live`: read from this host and followed (a snapshot, then deltas).
 * `file`: a saved topology document (`netloom serve --open`): one snapshot, never a delta.
 */
export type StreamSource =
  | { kind: 'live' }
  | {
      kind: 'file';
      /** The file's base name, for display; never a path. */
      name: string;
    };

/**
 * The whole topology. Sent after `subscribe` and after every `resync`; it replaces
 * everything the client held. `seq` continues the stream's numbering.
 */
export interface SnapshotMessage {
  type: 'snapshot';
  seq: number;
  topology: Topology;
}

/** Elements by kind of change. */
export interface ElementChanges {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

/**
 * One batch of changes. Apply in `seq` order: `remove` (ids), then `add` and `update`
 * (whole elements; an update replaces the element with the same id).
 * A client that sees `seq` skip must ask for a `resync`.
 */
export interface DeltaMessage {
  type: 'delta';
  /** Exactly one more than the previous message's seq on this stream. */
  seq: number;
  add: ElementChanges;
  update: ElementChanges;
  remove: { nodes: string[]; edges: string[] };
  /** Present only when the facets changed: the whole new facets object. */
  facets?: Facets;
  /** Present only when host facts changed (engine gone or back, ip_forward). */
  host?: HostInfo;
  /** Present only when the firewall summary changed; null when it can no longer be read. */
  firewall?: FirewallInfo | null;
  /** When the change was read, ISO time; becomes the model's capturedAt. */
  capturedAt: string;
  /** What prompted the re-read (for debugging and latency measurements); may be absent. */
  causes?: DeltaCause[];
}

/** One event that led to a delta. */
export interface DeltaCause {
  /** docker: an engine event; kernel: `ip monitor`; firewall/netns: a poll saw a change; resync: a full re-read. */
  source: 'docker' | 'kernel' | 'firewall' | 'netns' | 'resync';
  /** The engine's action (start, connect, …) for docker causes. */
  action?: string;
  /** The container or network id for docker causes. */
  id?: string;
  /** The engine's timestamp of the event, ns since the epoch. */
  timeNano?: number;
}

/** The answer to one request, matched by `id`. */
export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: ProtocolError };

export type ServerMessage = HelloMessage | SnapshotMessage | DeltaMessage | ResponseMessage;

/** The stream lines of `netloom watch`: the NDJSON stream of docs/model.md. */
export type StreamMessage = SnapshotMessage | DeltaMessage;

// ---- client → server ----------------------------------------------------------------

/** Start receiving the topology: the server answers with a snapshot, then deltas. */
export interface SubscribeMessage {
  type: 'subscribe';
}

/** The client lost its place (a gap in seq, a reconnect): send a fresh snapshot. */
export interface ResyncMessage {
  type: 'resync';
  /** The last seq the client applied, for the server's log; may be null. */
  lastSeq: number | null;
}

/** A command; answered by a ResponseMessage with the same id. */
export interface RequestMessage {
  type: 'request';
  /** Chosen by the client, unique among its requests in flight. */
  id: number;
  method: string;
  params?: unknown;
}

export type ClientMessage = SubscribeMessage | ResyncMessage | RequestMessage;

// ---- commands ------------------------------------------------------------------------

/** Typed errors a request can end with. */
export type ProtocolErrorCode =
  | 'bad-request' // the message or its params failed validation
  | 'unknown-method'
  | 'not-permitted' // the core lacks the privilege (root, docker group)
  | 'unavailable' // a source is down (engine gone)
  | 'conflict' // the host state forbids it (name taken, already connected)
  | 'failed'; // anything else, with a message

export interface ProtocolError {
  code: ProtocolErrorCode;
  /** One sentence a person can act on. */
  message: string;
  /** Extra facts for the UI, e.g. the field that failed validation. */
  details?: Record<string, unknown>;
}

/**
 * Every method with its params and result, inferred from the schemas in ./commands.ts
 * (each shape written once). docs/control.md explains the control methods.
 */
export type Methods = { [M in MethodName]: { params: ParamsOf<M>; result: ResultOf<M> } };

export type { MethodName };
