import type { ProtocolError, ProtocolErrorCode } from '../../core/protocol/messages.js';

/** The server answered a request with `ok: false`; `error` is its typed ProtocolError. */
export class RequestError extends Error {
  readonly code: ProtocolErrorCode;

  constructor(
    readonly method: string,
    readonly error: ProtocolError,
  ) {
    super(error.message);
    this.name = 'RequestError';
    this.code = error.code;
  }
}

/** Why a request ended without any answer from the server. */
export type AbortReason = 'timeout' | 'disconnected' | 'closed';

/** The request got no answer: it timed out, the connection dropped, or the client closed. */
export class RequestAbortedError extends Error {
  constructor(
    readonly method: string,
    readonly reason: AbortReason,
    message: string,
  ) {
    super(message);
    this.name = 'RequestAbortedError';
  }
}
