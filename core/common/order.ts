/**
 * The one order for names everywhere (graph, table, tree, CLI): natural ("veth2" before
 * "veth10") and locale-independent enough, ties broken by code points so equal-looking
 * names still sort one way. Sorting everything this way keeps positions and rows from
 * swapping between updates.
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export function compareText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sorts a copy by a text key, then by id so equal keys keep one order. */
export function sortBy<T extends { id: string }>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareText(key(a), key(b)) || compareText(a.id, b.id));
}

/** Built-in chains in packet order, then user chains by name. */
const BUILTIN_CHAINS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

export function compareChains(a: string, b: string): number {
  const ia = BUILTIN_CHAINS.indexOf(a);
  const ib = BUILTIN_CHAINS.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
  return compareText(a, b);
}
