import type { Scheduler, TimerHandle } from '../scheduler.js';

interface Timer {
  id: number;
  due: number;
  ms: number;
  callback: () => void;
}

/** Virtual time for tests: nothing runs until `advance` says so. */
export class FakeScheduler implements Scheduler {
  now = 0;
  /** Every delay ever scheduled, in order. */
  readonly delays: number[] = [];
  private timers: Timer[] = [];
  private nextId = 1;

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, due: this.now + ms, ms, callback };
    this.timers.push(timer);
    this.delays.push(ms);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Delays of the timers still waiting, soonest first. */
  pending(): number[] {
    return [...this.timers].sort((a, b) => a.due - b.due).map((t) => t.ms);
  }

  /** Moves time forward, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next || next.due > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.now = next.due;
      next.callback();
    }
    this.now = end;
  }
}
