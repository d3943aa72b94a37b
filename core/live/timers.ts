import type { Clock, Timer } from './live-deps.js';

/** The timers one live core has set, so that stopping it cancels every one of them. */
export class Timers {
  private readonly pending = new Set<Timer>();

  constructor(private readonly clock: Clock) {}

  after(ms: number, fn: () => void): Timer {
    const t = this.clock.setTimeout(() => {
      this.pending.delete(t);
      fn();
    }, ms);
    this.pending.add(t);
    return t;
  }

  every(ms: number, fn: () => void): void {
    this.pending.add(this.clock.setInterval(fn, ms));
  }

  /** Cancels `t` if set; returns null to clear the caller's handle. */
  cancel(t: Timer | null): null {
    if (t) {
      t.cancel();
      this.pending.delete(t);
    }
    return null;
  }

  cancelAll(): void {
    for (const t of this.pending) t.cancel();
    this.pending.clear();
  }

  now(): number {
    return this.clock.now();
  }
}
