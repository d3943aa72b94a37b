import type { DeltaMessage } from '../../../core/protocol/messages.js';
import type { Facets } from '../../../core/model/types.js';
import { describeTally, emptyTally, tallyDelta, type ChangeTally } from './change-summary.js';
import type { Translate } from './translate.js';

/**
 * A batch closes this long after its first change, so a compose file starting five
 * containers is one sentence, and a busy host still hears something every second.
 */
export const BATCH_MS = 1000;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Batches deltas into polite announcements; `say` receives each finished sentence. */
export class ChangeAnnouncer {
  private tally: ChangeTally = emptyTally();
  private timer: unknown = null;

  constructor(
    private readonly say: (sentence: string) => void,
    private readonly t: () => Translate,
    private readonly timers: Timers,
  ) {}

  add(delta: DeltaMessage, facetsBefore: Facets | null): void {
    tallyDelta(this.tally, delta, facetsBefore);
    if (this.timer === null) this.timer = this.timers.set(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    this.timer = null;
    const sentence = describeTally(this.tally, this.t());
    this.tally = emptyTally();
    if (sentence) this.say(sentence);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }
}
