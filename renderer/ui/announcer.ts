import type { DeltaMessage } from '../../core/protocol/messages.js';
import type { Facets } from '../../core/model/types.js';
import { describeTally, emptyTally, tallyDelta, type ChangeTally } from '../view-model/change-summary.js';

/**
 * A batch closes this long after its first change, so a compose file starting five
 * containers is one sentence, and a busy host still hears something every second.
 */
const BATCH_MS = 1000;

/** The polite live region: changes are announced in batches, never one per delta. */
export class Announcer {
  private tally: ChangeTally = emptyTally();
  private timer: number | null = null;

  constructor(
    private readonly region: HTMLElement,
    private readonly onAnnounce: (text: string) => void = () => {},
  ) {}

  add(delta: DeltaMessage, facetsBefore: Facets | null): void {
    tallyDelta(this.tally, delta, facetsBefore);
    this.timer ??= window.setTimeout(() => this.flush(), BATCH_MS);
  }

  say(text: string): void {
    // Screen readers skip a region whose text did not change; a trailing space makes it new.
    this.region.textContent = this.region.textContent === text ? `${text}\u00a0` : text;
    this.onAnnounce(text);
  }

  private flush(): void {
    this.timer = null;
    const text = describeTally(this.tally);
    this.tally = emptyTally();
    if (text) this.say(text);
  }
}
