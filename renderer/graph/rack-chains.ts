/**
 * Namespaces joined by veths straight to each other (p ↔ r ↔ q, the router exercise) are
 * laid out along their chain, so that no cable passes over a box between its ends: each
 * chain from an end (a box with one neighbour), the earliest in the given order first,
 * then whatever is left (rings, lone boxes) in that order. A box with three neighbours
 * still puts one of them past another: a row has only two sides.
 */
export function chainOrder<T>(items: readonly T[], neighbours: (t: T) => readonly T[]): T[] {
  const out: T[] = [];
  const seen = new Set<T>();
  const walk = (start: T): void => {
    const stack = [start];
    while (stack.length > 0) {
      const x = stack.pop() as T;
      if (seen.has(x)) continue;
      seen.add(x);
      out.push(x);
      const next = neighbours(x).filter((n) => !seen.has(n));
      // The first neighbour is walked first: pushed last.
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i] as T);
    }
  };
  for (const x of items) if (!seen.has(x) && neighbours(x).length === 1) walk(x);
  for (const x of items) if (!seen.has(x)) walk(x);
  return out;
}
