export const BACKOFF_FIRST_MS = 250;
export const BACKOFF_CAP_MS = 5000;
/** ±20 %: enough to spread many clients of a restarted server, small enough to stay predictable. */
const JITTER = 0.4;

/**
 * Delay before reconnect attempt `attempt` (0-based): 250 ms doubling to a 5 s cap.
 * `random()` = 0.5 gives the exact base, which tests use.
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** Math.min(attempt, 16));
  return Math.min(BACKOFF_CAP_MS, Math.round(base * (1 - JITTER / 2 + JITTER * random())));
}
