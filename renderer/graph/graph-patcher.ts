import type { Collection, Core, Position } from 'cytoscape';
import type { LayoutData } from './rack-graph.js';
import { TopologyIndex } from '../../core/common/topology-index.js';
import type { DeltaMessage } from '../../core/protocol/messages.js';
import type { AppStore } from '../store/app-store.js';
import type { KeyValueStore } from '../store/prefs.js';
import type { ViewName } from '../store/types.js';
import type { GraphMarks } from './graph-marks.js';
import type { GraphStats } from './graph-stats.js';
import {
  applyLayoutData,
  applyPositions,
  currentPositions,
  layoutFor,
  measure,
  openingViewport,
  placeAdded,
  relayout,
} from './layout.js';
import { boundsAt } from './rack-layout.js';
import { prefersReducedMotion } from './motion.js';
import { applyElementDiff, diffElements, isEmptyDiff, type ElementDiff } from './patch.js';
import { loadPositions, savePositions, type Positions } from './positions.js';
import { ViewElements } from './view-elements.js';

export const graphStats: GraphStats = {
  patches: 0,
  lastPatchMs: 0,
  firstLayoutMs: 0,
  laidOut: false,
  elements: 0,
  firstDataAt: 0,
  firstPaintAt: 0,
  lastPatchPhases: { elements: 0, diff: 0, apply: 0, marks: 0 },
  lastRebuiltUnits: 0,
};

/**
 * Keeps the canvas equal to the store's topology: a snapshot or a filter change loads or
 * re-diffs the view, a delta goes through ViewElements (only the units it touched) and is
 * applied by id inside one batch, and a view switch swaps the elements while what both
 * views share glides to its new place. Placement: the rack for a first load and re-layout,
 * saved drags on top, free rack slots for newcomers.
 */
export class GraphPatcher {
  private ve: ViewElements | null = null;
  private switchGeneration = 0;
  /** Whether the person moved the view since it last opened (then a resize leaves it be). */
  userMoved = false;
  /** The rack's data last applied (bar and tag widths, which the view's extent depends on). */
  private rackData: LayoutData = {};

  constructor(
    private readonly cy: Core,
    private readonly store: AppStore,
    private readonly storage: KeyValueStore | null,
    private readonly marks: GraphMarks,
  ) {}

  get elements(): ViewElements | null {
    return this.ve;
  }

  hostname(): string {
    return this.store.getState().topology?.host.hostname ?? 'unknown';
  }

  /** A fresh element set for the store's topology, view and filters (its own index copy). */
  private fresh(): ViewElements | null {
    const s = this.store.getState();
    return s.topology ? new ViewElements(new TopologyIndex(s.topology), s.view, s.filters) : null;
  }

  /** A snapshot or a filter change: diff the whole view against what is drawn. */
  reload(): void {
    const t0 = performance.now();
    const before = this.ve;
    this.ve = this.fresh();
    const t1 = performance.now();
    if (this.cy.elements().empty()) {
      if (this.ve) this.firstLoad(t0, t1);
      return;
    }
    const diff = diffElements(before?.list() ?? [], this.ve?.list() ?? []);
    this.patch(diff, t0, t1, performance.now(), null);
  }

  /** One delta, through the units it touched. */
  delta(delta: DeltaMessage): void {
    const s = this.store.getState();
    // Mid view switch: the switch builds afresh from the latest topology when it lands.
    if (this.ve && this.ve.view !== s.view) return;
    if (!this.ve || !s.topology) return this.reload();
    const t0 = performance.now();
    const diff = this.ve.apply(delta, s.topology);
    const t1 = performance.now();
    this.patch(diff, t0, t1, t1, s.recent);
  }

  private patch(diff: ElementDiff, t0: number, t1: number, t2: number, recent: DeltaRecent): void {
    if (isEmptyDiff(diff)) return;
    const added = applyElementDiff(this.cy, diff, { removeLater: (eles) => this.marks.fadeOut(eles) });
    if (added.nodes().nonempty()) this.placeNew(added);
    this.marks.tierForAdded(added);
    const t3 = performance.now();
    if (recent) this.marks.pulse(recent);
    this.marks.refresh();
    const t4 = performance.now();
    graphStats.patches += 1;
    graphStats.lastPatchMs = t4 - t0;
    graphStats.lastPatchPhases = { elements: t1 - t0, diff: t2 - t1, apply: t3 - t2, marks: t4 - t3 };
    graphStats.elements = this.ve?.elements.size ?? 0;
    graphStats.lastRebuiltUnits = this.ve?.lastRebuilt ?? 0;
  }

  /** Nothing to patch or fade: everything goes in at its rack place in one batch. */
  private firstLoad(t0: number, t1: number): void {
    const ve = this.ve as ViewElements;
    const els = ve.list();
    const rack = layoutFor(els, ve.view);
    const saved = loadPositions(this.storage, this.hostname(), ve.view);
    this.cy.batch(() => {
      this.cy.add(
        els.map((el) => {
          const at = saved[el.data.id] ?? rack.positions[el.data.id];
          const copy = { ...el, data: { ...el.data } };
          return at && el.group === 'nodes' ? { ...copy, position: { ...at } } : copy;
        }),
      );
    });
    this.rackData = withoutDragged(this.cy, rack.data, saved);
    applyLayoutData(this.cy, this.rackData);
    this.openingView();
    this.marks.detailTierForZoom(true);
    this.marks.refresh();
    const t4 = performance.now();
    graphStats.patches += 1;
    graphStats.lastPatchMs = t4 - t0;
    graphStats.lastPatchPhases = { elements: t1 - t0, diff: 0, apply: t4 - t1, marks: 0 };
    graphStats.elements = els.length;
    if (!graphStats.laidOut) {
      graphStats.firstLayoutMs = t4 - t0;
      graphStats.firstDataAt = t0;
      // The next animation frame comes once the browser has painted the first picture.
      requestAnimationFrame(() => {
        graphStats.firstPaintAt = performance.now();
      });
      graphStats.laidOut = true;
    }
  }

  /** The opening view over what was just added at its place. */
  openingView(): void {
    this.userMoved = false;
    const bounds = boundsAt(this.ve?.list() ?? [], currentPositions(this.cy), this.rackData, measure());
    const viewport = openingViewport(this.cy, bounds);
    if (viewport) this.cy.viewport(viewport);
  }

  private placeNew(added: Collection): void {
    const view = this.ve?.view ?? this.store.getState().view;
    const saved = loadPositions(this.storage, this.hostname(), view);
    // Nodes already on the canvas stand where they were left; only newcomers take saved places.
    const mine: Positions = {};
    for (const n of added.nodes()) if (saved[n.id()] !== undefined) mine[n.id()] = saved[n.id()] as Position;
    applyPositions(this.cy, mine);
    const unsaved = added.nodes().filter((n) => mine[n.id()] === undefined);
    if (unsaved.nonempty())
      placeAdded(
        this.cy,
        layoutFor(this.ve?.list() ?? [], view),
        added.filter((e) => !e.isNode() || mine[e.id()] === undefined),
      );
  }

  /** Re-layout: the rack again, the saved drags dropped. */
  relayout(): Promise<void> {
    const view = this.store.getState().view;
    savePositions(this.storage, this.hostname(), view, {});
    this.userMoved = false;
    const els = this.ve?.list() ?? [];
    const run = relayout(this.cy, els, layoutFor(els, view), {}, !prefersReducedMotion());
    this.rackData = run.data;
    return run.done;
  }

  /** Swaps the elements for the other view, carrying the shared ids' positions over. */
  async switchView(): Promise<void> {
    const generation = ++this.switchGeneration;
    const container = this.cy.container();
    // No animation when nobody sees it (the table view covers the canvas) or wants it.
    const calm = prefersReducedMotion() || this.store.getState().display === 'table';
    // A switch during the last switch's animation: finish that one now, or its node
    // animations linger on the ids both views share.
    this.cy.stop(true, true);
    this.cy.elements().stop(true, true);
    const before = currentPositions(this.cy);
    // A short dip: out, swap, then back in while what both views share glides to its new place.
    if (container && !calm) {
      container.style.transition = 'opacity 120ms';
      container.style.opacity = '0';
      await new Promise((r) => setTimeout(r, 120));
      if (generation !== this.switchGeneration || this.cy.destroyed()) return;
    }
    this.ve = this.fresh();
    const view: ViewName = this.store.getState().view;
    const els = this.ve?.list() ?? [];
    this.marks.reset();
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(els.map((el) => ({ ...el, data: { ...el.data } })));
    });
    applyPositions(this.cy, before);
    this.userMoved = false;
    if (container) container.style.opacity = '1';
    const run = relayout(this.cy, els, layoutFor(els, view), loadPositions(this.storage, this.hostname(), view), !calm);
    this.rackData = run.data;
    await run.done;
    if (generation !== this.switchGeneration || this.cy.destroyed()) return;
    this.marks.detailTierForZoom(true);
    this.marks.refresh();
  }
}

type DeltaRecent = ReturnType<AppStore['getState']>['recent'];

/** The rack's cable routes fit its own places: edges at a dragged node go straight instead. */
function withoutDragged(cy: Core, data: LayoutData, saved: Positions): LayoutData {
  if (Object.keys(saved).length === 0) return data;
  const out = { ...data };
  cy.edges().forEach((e) => {
    if (saved[e.source().id()] || saved[e.target().id()]) delete out[e.id()];
  });
  return out;
}
