import type { DeltaMessage } from '../../../core/protocol/messages.js';
import type { Facets } from '../../../core/model/types.js';
import { facetChanges, type FacetChange } from './facets.js';
import type { Translate } from './translate.js';

/**
 * Kinds worth saying out loud. Interfaces, namespaces and rules change with every
 * container start; announcing them would bury the change a person cares about.
 */
const ANNOUNCED = ['container', 'network', 'port'] as const;
type Announced = (typeof ANNOUNCED)[number];

const isAnnounced = (kind: string): kind is Announced => (ANNOUNCED as readonly string[]).includes(kind);

interface KindChanges {
  added: Set<string>;
  removed: Set<string>;
  changed: Set<string>;
}

/** Changes across a batch of deltas, by id, to be announced as one sentence. */
export interface ChangeTally {
  byKind: Map<Announced, KindChanges>;
  /** Facet changes, in the order they happened. */
  notes: FacetChange[];
}

export const emptyTally = (): ChangeTally => ({ byKind: new Map(), notes: [] });

/**
 * Folds one delta into the batch. Kept by id so that a container created and started in
 * one batch is "added", not also "changed", and one that came and went is not mentioned.
 */
export function tallyDelta(tally: ChangeTally, delta: DeltaMessage, facetsBefore: Facets | null): void {
  const of = (kind: string): KindChanges | null => {
    if (!isAnnounced(kind)) return null;
    const c = tally.byKind.get(kind) ?? { added: new Set(), removed: new Set(), changed: new Set() };
    tally.byKind.set(kind, c);
    return c;
  };
  for (const id of delta.remove.nodes) {
    // Ids are "<kind>:…" (core/model/ids.ts), so a removed node still tells its kind.
    const c = of(id.slice(0, id.indexOf(':')));
    if (!c) continue;
    c.changed.delete(id);
    if (!c.added.delete(id)) c.removed.add(id);
  }
  for (const n of delta.add.nodes) {
    const c = of(n.kind);
    if (c && !c.removed.delete(n.id)) c.added.add(n.id);
    else c?.changed.add(n.id);
  }
  for (const n of delta.update.nodes) {
    const c = of(n.kind);
    if (c && !c.added.has(n.id)) c.changed.add(n.id);
  }
  if (delta.facets && facetsBefore) tally.notes.push(...facetChanges(facetsBefore, delta.facets));
}

/** "2 containers added, 1 network removed"; empty when nothing worth saying happened. */
export function describeTally(tally: ChangeTally, t: Translate): string {
  const parts: string[] = [];
  for (const kind of ANNOUNCED) {
    const c = tally.byKind.get(kind);
    if (!c) continue;
    for (const what of ['added', 'removed', 'changed'] as const) {
      const count = c[what].size;
      if (count) parts.push(t(`announce.${what}`, { what: t(`announce.${kind}`, { count }) }).trim());
    }
  }
  for (const note of tally.notes) {
    parts.push(t(note.ok ? 'announce.facetBack' : 'announce.facetLost', { facet: t(`status.facets.${note.facet}`) }));
  }
  return parts.join(t('announce.separator'));
}
