/** Whether the person asked for less motion (docs/visual.md, principle 9); false outside a browser. */
export function prefersReducedMotion(): boolean {
  try {
    return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  } catch {
    return false;
  }
}

/** The changed-element pulse: class on/off times in ms, two pulses over 2 s. */
export const PULSE_STEPS: readonly { at: number; on: boolean }[] = [
  { at: 0, on: true },
  { at: 500, on: false },
  { at: 1000, on: true },
  { at: 1500, on: false },
];
export const PULSE_MS = 2000;
/** How long a changed element keeps its small yellow dot. */
export const RECENT_MS = 10_000;
export const REMOVED_FADE_MS = 3000;
/** From this zoom up, containers, NICs and bridges show a second label line (docs/visual.md, label tiers). */
export const DETAIL_ZOOM = 1;
/**
 * The smallest zoom at which names read at 11 px (FONT.name 14): a host whose whole rack
 * would need less opens as an overview, and a view too big even so opens here, on its top left.
 */
export const READABLE_ZOOM = 0.79;
