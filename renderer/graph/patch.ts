import type { Collection, Core, ElementDefinition, NodeSingular, Position, SingularElementArgument } from 'cytoscape';
import { sameValue } from '../../core/common/same-value.js';

export interface ElementUpdate {
  /** Changed data fields; `undefined` means the field went away. */
  data: Record<string, unknown>;
  /** The new class list, when it changed. */
  classes?: string;
}

/** What turns one element list into the next, by id (react-cytoscapejs's patch.js). */
export interface ElementDiff {
  add: ElementDefinition[];
  remove: string[];
  update: Record<string, ElementUpdate>;
}

const idOf = (el: ElementDefinition): string => String(el.data.id);
const groupOf = (el: ElementDefinition): string => el.group ?? (el.data.source !== undefined ? 'edges' : 'nodes');
const classesOf = (el: ElementDefinition): string =>
  Array.isArray(el.classes) ? el.classes.join(' ') : (el.classes ?? '');

/** What changed from one element to the next with the same id; null when nothing did. */
export function diffElement(p: ElementDefinition, el: ElementDefinition): ElementUpdate | null {
  // Allocation-free in the common case: most elements of a 3000-element graph are unchanged.
  const pd = p.data as Record<string, unknown>;
  const nd = el.data as Record<string, unknown>;
  let data: Record<string, unknown> | null = null;
  for (const key in pd) {
    if (!sameValue(pd[key], nd[key])) (data ??= {})[key] = nd[key];
  }
  for (const key in nd) {
    if (!(key in pd)) (data ??= {})[key] = nd[key];
  }
  const classes = classesOf(el) !== classesOf(p) ? classesOf(el) : undefined;
  if (data === null && classes === undefined) return null;
  return classes === undefined ? { data: data ?? {} } : { data: data ?? {}, classes };
}

/** Records in `diff` how `prev` (absent: undefined) became `next` (gone: undefined). */
export function diffInto(
  diff: ElementDiff,
  prev: ElementDefinition | undefined,
  next: ElementDefinition | undefined,
): void {
  // A node that became an edge (or the reverse) cannot be patched in place.
  if (prev !== undefined && (next === undefined || groupOf(next) !== groupOf(prev))) diff.remove.push(idOf(prev));
  if (next === undefined) return;
  if (prev === undefined || groupOf(prev) !== groupOf(next)) {
    diff.add.push(next);
    return;
  }
  const change = diffElement(prev, next);
  if (change !== null) diff.update[idOf(next)] = change;
}

export const emptyDiff = (): ElementDiff => ({ add: [], remove: [], update: {} });

export function diffElements(prev: ElementDefinition[], next: ElementDefinition[]): ElementDiff {
  const before = new Map(prev.map((el) => [idOf(el), el]));
  const after = new Map(next.map((el) => [idOf(el), el]));
  const diff = emptyDiff();
  for (const [id, el] of before) if (!after.has(id)) diffInto(diff, el, undefined);
  for (const [id, el] of after) diffInto(diff, before.get(id), el);
  return diff;
}

export function isEmptyDiff(diff: ElementDiff): boolean {
  return diff.add.length === 0 && diff.remove.length === 0 && Object.keys(diff.update).length === 0;
}

export interface ApplyOptions {
  /** Called with elements to remove instead of removing them (to fade them out first). */
  removeLater?: (eles: Collection) => void;
}

/** Where a new node should first appear: on its parent, else beside a placed neighbour. */
function anchorOf(node: NodeSingular, fresh: Set<string>): Position | null {
  const parent = node.parent().first();
  if (parent.nonempty() && !fresh.has(parent.id())) return { ...parent.position() };
  const placed = node
    .neighborhood()
    .nodes()
    .filter((n) => !fresh.has(n.id()));
  if (placed.nonempty()) return { ...(placed.first() as NodeSingular).position() };
  if (parent.nonempty()) {
    const kids = parent.children().filter((n) => !fresh.has(n.id()));
    if (kids.nonempty()) return { ...(kids.first() as NodeSingular).position() };
  }
  return null;
}

/**
 * Places new plain nodes next to what is already placed, in passes, so a new container
 * joined to a new endpoint inside an old network box lands by that box. Nodes with no
 * placed relation at all go right of the graph.
 */
function placeNew(cy: Core, added: Collection): void {
  const fresh = new Set(added.nodes().map((n) => n.id()));
  let pending: NodeSingular[] = added
    .nodes()
    .filter((n) => !n.isParent())
    .toArray() as NodeSingular[];
  let i = 0;
  for (let pass = 0; pass < 6 && pending.length > 0; pass++) {
    const waiting: NodeSingular[] = [];
    pending.forEach((n) => {
      const at = anchorOf(n, fresh);
      if (at === null) return void waiting.push(n);
      n.position({ x: at.x + 24 * ((i % 5) - 2), y: at.y + 30 + 12 * Math.floor(i / 5) });
      i++;
      fresh.delete(n.id());
      if (n.parent().nonempty()) fresh.delete(n.parent().first().id());
    });
    if (waiting.length === pending.length) break;
    pending = waiting;
  }
  const orphans = pending.filter((n) => fresh.has(n.id()));
  if (orphans.length === 0) return;
  // Right of everything placed; positions only, since a bounds pass measures every label.
  let right = -Infinity;
  let top = Infinity;
  cy.nodes().forEach((n) => {
    if (fresh.has(n.id()) || n.isParent()) return;
    const p = n.position();
    right = Math.max(right, p.x);
    top = Math.min(top, p.y);
  });
  orphans.forEach((n, k) => {
    n.position(Number.isFinite(right) ? { x: right + 80, y: top + 40 * k } : { x: 40 * k, y: 0 });
  });
}

/**
 * Applies a diff inside one batch: adds, data/class changes, parent and end moves, removals.
 * Untouched elements keep their positions; new nodes start next to their parent or a
 * neighbour, so a following local layout only has to nudge them. Returns the added elements.
 */
export function applyElementDiff(cy: Core, diff: ElementDiff, options: ApplyOptions = {}): Collection {
  let added = cy.collection();
  cy.batch(() => {
    const toAdd: ElementDefinition[] = [];
    for (const el of diff.add) {
      const existing = cy.getElementById(idOf(el));
      // Still fading out from an earlier removal: bring it back instead of adding twice.
      if (existing.nonempty() && groupOf(el) === existing.group()) {
        revive(existing as unknown as SingularElementArgument, el);
        continue;
      }
      if (existing.nonempty()) existing.remove();
      // cytoscape keeps the data object it is given: a copy, so marks set on the canvas never
      // leak into the element lists the next diff compares.
      toAdd.push({ ...el, data: { ...el.data } });
    }
    added = cy.add(toAdd);
    for (const [id, change] of Object.entries(diff.update)) {
      const ele = cy.getElementById(id);
      if (ele.empty()) continue;
      const { parent, source, target, ...rest } = change.data;
      if (ele.isNode() && 'parent' in change.data) ele.move({ parent: typeof parent === 'string' ? parent : null });
      if (ele.isEdge() && (source !== undefined || target !== undefined)) {
        ele.move({
          source: typeof source === 'string' ? source : ele.source().id(),
          target: typeof target === 'string' ? target : ele.target().id(),
        });
      }
      applyData(ele, rest);
      if (change.classes !== undefined) setClasses(ele as unknown as SingularElementArgument, change.classes);
    }
    let gone = cy.collection();
    for (const id of diff.remove) gone = gone.union(cy.getElementById(id));
    if (gone.nonempty()) {
      if (options.removeLater) options.removeLater(gone);
      else cy.remove(gone);
    }
    placeNew(cy, added);
  });
  return added;
}

/** Classes the controller sets for a while (highlights, zoom tier, focus): a model update keeps them. */
const TRANSIENT = ['changed', 'recent', 'zoom-detail', 'search-hit', 'kb-focus', 'hover-dim', 'highlight'];

function setClasses(ele: SingularElementArgument, classes: string): void {
  const keep = TRANSIENT.filter((c) => ele.hasClass(c));
  ele.classes(keep.length > 0 ? `${classes} ${keep.join(' ')}` : classes);
}

function applyData(ele: Collection | SingularElementArgument, data: Record<string, unknown>): void {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) ele.removeData(k);
    else set[k] = v;
  }
  if (Object.keys(set).length > 0) ele.data(set);
}

function revive(ele: SingularElementArgument, el: ElementDefinition): void {
  const { id: _id, parent, source, target, ...rest } = el.data as Record<string, unknown>;
  const wantParent = typeof parent === 'string' ? parent : null;
  if (ele.isNode() && (ele.parent().first().id() ?? null) !== wantParent) ele.move({ parent: wantParent });
  if (ele.isEdge() && typeof source === 'string' && typeof target === 'string') ele.move({ source, target });
  applyData(ele, rest);
  setClasses(ele, classesOf(el));
  ele.removeClass('removed');
}
