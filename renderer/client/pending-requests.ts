import type { ResponseMessage } from '../../core/protocol/messages.js';
import { RequestAbortedError, RequestError, type AbortReason } from './request-errors.js';
import type { Scheduler, TimerHandle } from './scheduler.js';

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(err: Error): void;
  timer: TimerHandle;
}

/** Requests in flight, keyed by id: each ends exactly once, by response, timeout or abort. */
export class PendingRequests {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly scheduler: Scheduler) {}

  get size(): number {
    return this.pending.size;
  }

  /** Registers a request; returns its id and the promise of its result. */
  add(method: string, timeoutMs: number): { id: number; result: Promise<unknown> } {
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve, reject) => {
      const timer = this.scheduler.setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestAbortedError(method, 'timeout', `${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
    });
    return { id, result };
  }

  /** Settles the request the response answers; false when no such request is waiting. */
  settle(response: ResponseMessage): boolean {
    const p = this.take(response.id);
    if (!p) return false;
    if (response.ok) p.resolve(response.result);
    else p.reject(new RequestError(p.method, response.error));
    return true;
  }

  /** Fails one request whose answer could not be read. */
  fail(id: number, message: string): void {
    const p = this.take(id);
    p?.reject(new RequestError(p.method, { code: 'failed', message }));
  }

  abortAll(reason: AbortReason, message: string): void {
    const all = [...this.pending.keys()];
    for (const id of all) {
      const p = this.take(id);
      p?.reject(new RequestAbortedError(p.method, reason, `${p.method}: ${message}`));
    }
  }

  private take(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    this.scheduler.clearTimeout(p.timer);
    return p;
  }
}
