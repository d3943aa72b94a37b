import { sameValue } from '../common/same-value.js';
import type { Topology } from '../model/types.js';

/** How a client's model differs from a fresh snapshot, by element id. */
export interface ModelDiff {
  onlyClient: string[];
  onlyFresh: string[];
  /** Elements on both sides with different fields, and which fields; `topology` for the document's own fields. */
  changed: { id: string; fields: string[]; client?: unknown; fresh?: unknown }[];
}

function fieldsThatDiffer(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => !sameValue(a[k], b[k])).sort();
}

/** Null when the two are equal in everything but the capture time. */
export function diffModels(client: Topology, fresh: Topology): ModelDiff | null {
  const diff: ModelDiff = { onlyClient: [], onlyFresh: [], changed: [] };
  const { nodes: cn, edges: ce, capturedAt: _c, ...cTop } = client;
  const { nodes: fn, edges: fe, capturedAt: _f, ...fTop } = fresh;
  const top = fieldsThatDiffer(cTop, fTop);
  if (top.length > 0)
    diff.changed.push({
      id: 'topology',
      fields: top,
      client: Object.fromEntries(top.map((k) => [k, (cTop as Record<string, unknown>)[k]])),
      fresh: Object.fromEntries(top.map((k) => [k, (fTop as Record<string, unknown>)[k]])),
    });
  const mine = new Map<string, Record<string, unknown>>([...cn, ...ce].map((e) => [e.id, e as never]));
  const theirs = new Map<string, Record<string, unknown>>([...fn, ...fe].map((e) => [e.id, e as never]));
  for (const [id, e] of mine) {
    const other = theirs.get(id);
    if (!other) diff.onlyClient.push(id);
    else {
      const fields = fieldsThatDiffer(e, other);
      if (fields.length > 0) diff.changed.push({ id, fields });
    }
  }
  for (const id of theirs.keys()) if (!mine.has(id)) diff.onlyFresh.push(id);
  diff.onlyClient.sort();
  diff.onlyFresh.sort();
  return diff.onlyClient.length + diff.onlyFresh.length + diff.changed.length === 0 ? null : diff;
}

/**
 * What differs in every one of several comparisons: the host of a shared test machine
 * moves on its own (other tests), and what they change differs from one look to the next,
 * while an element the stream got wrong stays wrong.
 */
export function persistentDiff(diffs: readonly (ModelDiff | null)[]): ModelDiff | null {
  if (diffs.length === 0 || diffs.some((d) => d === null)) return null;
  const all = diffs as ModelDiff[];
  const inAll = (pick: (d: ModelDiff) => string[]) =>
    (pick(all[0] as ModelDiff) ?? []).filter((id) => all.every((d) => pick(d).includes(id)));
  const key = (c: ModelDiff['changed'][number]) => `${c.id} ${c.fields.join(',')}`;
  const last = all[all.length - 1] as ModelDiff;
  const diff: ModelDiff = {
    onlyClient: inAll((d) => d.onlyClient),
    onlyFresh: inAll((d) => d.onlyFresh),
    changed: last.changed.filter((c) => all.every((d) => d.changed.some((x) => key(x) === key(c)))),
  };
  return diff.onlyClient.length + diff.onlyFresh.length + diff.changed.length === 0 ? null : diff;
}
