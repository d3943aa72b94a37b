import type { RefreshTargets } from '../live/live-topology.js';
import type { Topology } from '../model/types.js';
import type { Effect } from '../protocol/commands.js';
import type { TopologySource } from '../protocol/server.js';
import { TopologyIndex } from '../common/topology-index.js';
import { effectItems } from './effect-items.js';

/** The part of the live core an action needs: the model, its stream, and a re-read on demand. */
export interface LiveModel extends TopologySource {
  refresh(targets: RefreshTargets): Promise<void>;
}

/** How long an action waits for the stream to show its effect before answering without it. */
export const EFFECT_WAIT_MS = 3000;

/** A test on the model: does it show the change yet? */
export type EffectCheck = (topology: Topology) => boolean;

/**
 * Watches the stream from before an action's engine call, so a delta that arrives while
 * the engine still works is not missed. `settle` asks the live core to re-read what the
 * action touched and resolves once the published model passes the check, or after the
 * bounded wait. Stream listeners run synchronously as a delta is published, and the
 * answer is sent only after `settle` resolves (a later microtask), so every connection
 * has been sent the delta before the answer.
 */
export class EffectWatch {
  readonly before: Topology;
  private unsubscribe: (() => void) | null;
  private onDelta: (() => void) | null = null;

  constructor(
    private readonly live: LiveModel,
    private readonly waitMs = EFFECT_WAIT_MS,
  ) {
    this.before = live.current().topology;
    this.unsubscribe = live.subscribe(() => this.onDelta?.());
    // Index the model before the change while the engine works, not after it answered.
    setImmediate(() => void TopologyIndex.of(this.before));
  }

  async settle(
    targets: RefreshTargets,
    check: EffectCheck,
    seeds: readonly string[],
    onSeen: () => void = () => undefined,
  ): Promise<Effect> {
    try {
      const seen = await this.waitFor(targets, check);
      onSeen();
      const { seq, topology } = this.live.current();
      return { seen, seq: seen ? seq : null, items: effectItems(this.before, topology, seeds) };
    } finally {
      this.close();
    }
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.onDelta = null;
  }

  /**
   * A model that already passes the check may come from a read made while the engine was
   * still at work (a veth pair caught before one end moved into the container): only a
   * read begun after the engine answered — the refresh's, or any later one — settles it.
   */
  private waitFor(targets: RefreshTargets, check: EffectCheck): Promise<boolean> {
    const holds = (): boolean => check(this.live.current().topology);
    return new Promise<boolean>((resolve) => {
      let done = false;
      let fresh = false;
      const finish = (seen: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.onDelta = null;
        resolve(seen);
      };
      const timer = setTimeout(() => finish(holds()), this.waitMs);
      this.onDelta = () => {
        if (fresh && holds()) finish(true);
      };
      void this.live.refresh(targets).then(() => {
        fresh = true;
        if (holds()) finish(true);
      });
    });
  }
}
