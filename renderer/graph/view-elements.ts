import type { ElementDelta, TopologyIndex } from '../../core/common/topology-index.js';
import type { Topology } from '../../core/model/types.js';
import { filtersAreLocal, visibility } from '../store/filters.js';
import type { Filters, ViewName } from '../store/types.js';
import { dockerUnit } from './docker-units.js';
import { OUTSIDE_ID, type GraphElement } from './element-data.js';
import { kernelEdgeUnit, kernelNodeUnit, outsideUnit } from './kernel-units.js';
import { diffInto, emptyDiff, type ElementDiff } from './patch.js';
import { addDependents } from './unit-dependents.js';
import type { Unit, UnitContext } from './unit-context.js';

/** What a delta can carry besides element changes; any of them redraws the whole view. */
export type ViewDelta = ElementDelta & { facets?: unknown; host?: unknown };

/**
 * The elements of one view, kept per unit (the graph elements drawing one model element,
 * keyed by its id) so a delta rebuilds only the units it touched and their few dependents
 * (unit-dependents.ts) instead of the whole view. Owns its topology index, which it moves
 * on itself: the dependents of what a delta removes are looked up before it applies.
 */
export class ViewElements {
  private readonly units = new Map<string, Unit>();
  /** Every element by id, whichever unit drew it. */
  readonly elements = new Map<string, GraphElement>();
  /** How many units the last change rebuilt (tests and the bench read it). */
  lastRebuilt = 0;
  private ctx: UnitContext;

  constructor(
    readonly index: TopologyIndex,
    readonly view: ViewName,
    private readonly filters: Filters,
  ) {
    this.ctx = this.context();
    this.buildAll();
  }

  get topology(): Topology {
    return this.index.topology;
  }

  /** Every element, boxes first (outer before inner), then plain nodes, then edges, each by id. */
  list(): GraphElement[] {
    return sortForAdding([...this.elements.values()], this.elements);
  }

  /** Applies a delta to the index and returns exactly what changed on screen. */
  apply(delta: ViewDelta, next: Topology): ElementDiff {
    if (!filtersAreLocal(this.filters) || delta.facets !== undefined || delta.host !== undefined) {
      this.index.apply(delta, next);
      return this.rebuildAll();
    }
    const dirty = new Set<string>();
    for (const id of [...delta.remove.nodes, ...delta.remove.edges]) addDependents(id, this.index, dirty);
    for (const x of [...delta.update.nodes, ...delta.update.edges]) addDependents(x.id, this.index, dirty);
    const changes = this.index.apply(delta, next);
    if (changes.networksReordered) return this.rebuildAll();
    for (const x of [...delta.add.nodes, ...delta.add.edges, ...delta.update.nodes, ...delta.update.edges])
      addDependents(x.id, this.index, dirty);
    this.ctx = this.context();
    return this.rebuild(dirty);
  }

  /** Rebuilds everything (filters changed, facets changed) and returns the difference. */
  rebuildAll(): ElementDiff {
    this.ctx = this.context();
    const all = new Set<string>([...this.units.keys()]);
    for (const n of this.index.topology.nodes) all.add(n.id);
    for (const e of this.index.topology.edges) all.add(e.id);
    all.add(OUTSIDE_ID);
    return this.rebuild(all);
  }

  private buildAll(): void {
    for (const n of this.index.topology.nodes) this.replace(n.id, emptyDiff());
    for (const e of this.index.topology.edges) this.replace(e.id, emptyDiff());
    this.replace(OUTSIDE_ID, emptyDiff());
  }

  private context(): UnitContext {
    return {
      index: this.index,
      view: this.view,
      shown: visibility(this.index, this.filters),
      placed: (id) => this.elements.get(id)?.group === 'nodes',
      topology: this.index.topology,
    };
  }

  /** Nodes first, so edges see which ends are drawn; then edges at any node that changed. */
  private rebuild(dirty: Set<string>): ElementDiff {
    const diff = emptyDiff();
    this.lastRebuilt = 0;
    const edges = new Set<string>();
    for (const id of dirty) {
      if (id === OUTSIDE_ID || this.isEdgeUnit(id)) edges.add(id);
      else if (this.replace(id, diff)) for (const e of this.index.edgesAt(id)) edges.add(e.id);
    }
    for (const id of edges) if (id !== OUTSIDE_ID) this.replace(id, diff);
    if (edges.has(OUTSIDE_ID)) this.replace(OUTSIDE_ID, diff);
    return diff;
  }

  /** Units of model nodes (present, or drawn until now) go first; edges and the outside world after. */
  private isEdgeUnit(id: string): boolean {
    return this.index.node(id) === undefined && this.elements.get(id)?.group !== 'nodes';
  }

  private build(id: string): Unit {
    if (this.view === 'docker') return dockerUnit(this.ctx, id);
    if (id === OUTSIDE_ID) return outsideUnit(this.ctx);
    return this.index.edge(id) ? kernelEdgeUnit(this.ctx, id) : kernelNodeUnit(this.ctx, id);
  }

  /** Redraws one unit, recording the difference; whether anything in it changed. */
  private replace(id: string, diff: ElementDiff): boolean {
    this.lastRebuilt++;
    const old = this.units.get(id) ?? [];
    const next = this.build(id);
    if (next.length > 0) this.units.set(id, next);
    else this.units.delete(id);
    const before = { add: diff.add.length, remove: diff.remove.length, update: Object.keys(diff.update).length };
    const nextIds = new Set(next.map((el) => el.data.id));
    for (const el of old)
      if (!nextIds.has(el.data.id)) {
        diffInto(diff, el, undefined);
        this.elements.delete(el.data.id);
      }
    for (const el of next) {
      diffInto(diff, this.elements.get(el.data.id), el);
      this.elements.set(el.data.id, el);
    }
    return (
      diff.add.length !== before.add ||
      diff.remove.length !== before.remove ||
      Object.keys(diff.update).length !== before.update
    );
  }
}

/** Boxes first (outer before inner), then plain nodes, then edges, each by id: cytoscape needs parents first. */
export function sortForAdding(els: GraphElement[], all: ReadonlyMap<string, GraphElement>): GraphElement[] {
  const parentOf = (id: string): string | undefined => {
    const el = all.get(id);
    return el?.group === 'nodes' ? el.data.parent : undefined;
  };
  const parents = new Set<string>();
  for (const el of all.values()) if (el.group === 'nodes' && el.data.parent !== undefined) parents.add(el.data.parent);
  const rank = new Map<string, number>();
  for (const el of els) {
    if (el.group === 'edges') {
      rank.set(el.data.id, 100);
      continue;
    }
    let d = 0;
    for (let p = parentOf(el.data.id); p !== undefined && d < 10; p = parentOf(p)) d++;
    rank.set(el.data.id, parents.has(el.data.id) ? d : 50 + d);
  }
  return els.sort(
    (a, b) =>
      (rank.get(a.data.id) ?? 0) - (rank.get(b.data.id) ?? 0) ||
      (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0),
  );
}
