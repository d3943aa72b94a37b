import type { Collection, Core, Position } from 'cytoscape';
import type { LayoutData } from './rack-graph.js';
import { TopologyIndex } from '../../core/common/topology-index.js';
import type { DeltaMessage } from '../../core/protocol/messages.js';
import type { AppStore } from '../store/app-store.js';
import type { KeyValueStore } from '../store/prefs.js';
import type { Language, ViewName } from '../store/types.js';
import type { GraphMarks } from './graph-marks.js';
import type { GraphStats } from './graph-stats.js';
import {
  applyLayoutData,
  applyPositions,
  currentPositions,
  layoutFor,
  measure,
  openingViewport,
  relayout,
  VIEW_MARGIN,
} from './layout.js';
import { boundsAt } from './rack-layout.js';
import { placeLocally } from './place-local.js';
import { placeAdded } from './place-added.js';
import { prefersReducedMotion, READABLE_ZOOM } from './motion.js';
import { allInView } from './view-follow.js';
import { applyElementDiff, diffInto, emptyDiff, isEmptyDiff, type ElementDiff } from './patch.js';
import { clusterDisplay, headHiding, membership, type ClusterWords } from './clusters.js';
import { drawnIds, type GraphElement } from './element-data.js';
import { translator } from '../i18n/instance.js';
import { loadPositions, savePositions, type Positions } from './positions.js';
import { sortForAdding, ViewElements } from './view-elements.js';

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
  settling: 0,
};

/** Counts a layout change under way for automation (graphStats.settling). */
async function settling<T>(work: Promise<T>): Promise<T> {
  graphStats.settling++;
  try {
    return await work;
  } finally {
    graphStats.settling--;
  }
}

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
  /** What is drawn: the view's elements, or the overview over them (clusters.ts). */
  private display: Map<string, GraphElement> = new Map();
  /** The groups collapsed in the display now, and what each hides. */
  private collapsed: ReadonlySet<string> = new Set();
  private hiddenBy: ReadonlyMap<string, string> = new Map();

  constructor(
    private readonly cy: Core,
    private readonly store: AppStore,
    private readonly storage: KeyValueStore | null,
    private readonly marks: GraphMarks,
  ) {}

  get elements(): ViewElements | null {
    return this.ve;
  }

  /** Everything drawn, in the order cytoscape adds it (parents first). */
  private list(): GraphElement[] {
    return sortForAdding([...this.display.values()], this.display);
  }

  /** The overview over the view's elements for the store's collapsed groups (deciding them for a new host). */
  private redisplay(): void {
    if (!this.ve) {
      this.display = new Map();
      this.collapsed = new Set();
      this.hiddenBy = new Map();
      return;
    }
    const s = this.store.getState();
    let wanted = s.overview[this.ve.view];
    if (wanted === null) {
      wanted = this.opensAsOverview() ? membership(this.ve.elements, this.ve.view).heads : [];
      // Decided once per host and view; the store tells the toolbar.
      queueMicrotask(() => this.store.getState().setOverview(this.ve?.view ?? s.view, wanted));
    }
    this.collapsed = new Set(wanted);
    const words = clusterWords(s.language);
    const { shown, hiddenBy } = clusterDisplay(this.ve.elements, this.ve.view, this.collapsed, this.ve.index, words);
    this.hiddenBy = hiddenBy;
    // The view's own map when nothing is collapsed; a copy otherwise, to diff the next one against.
    this.display = shown === this.ve.elements ? shown : new Map(shown);
  }

  /** Whether the whole view can be read in this window: a host that cannot opens as an overview. */
  private opensAsOverview(): boolean {
    const ve = this.ve as ViewElements;
    if (ve.elements.size < OVERVIEW_MIN_ELEMENTS) return false;
    const rack = layoutFor([...ve.elements.values()], ve.view);
    const b = rack.bounds;
    if (!b) return false;
    const zoom = Math.min(this.cy.width() / (b.x2 - b.x1), this.cy.height() / (b.y2 - b.y1));
    return zoom < OVERVIEW_ZOOM;
  }

  /** The groups the display can collapse, in rack order. */
  heads(): string[] {
    return this.ve ? membership(this.ve.elements, this.ve.view).heads : [];
  }

  /** Which collapsed group hides a model element (null when it is drawn or unknown). */
  hiding(modelId: string): string | null {
    return headHiding(this.hiddenBy, drawnIds(modelId));
  }

  /** The regroup in flight, for whoever waits to centre on something it reveals. */
  regrouped: Promise<void> = Promise.resolve();

  /** The store's collapsed groups changed: redraw the overview and let the rack make room. */
  regroup(): Promise<void> {
    this.regrouped = settling(this.regroupNow());
    return this.regrouped;
  }

  private async regroupNow(): Promise<void> {
    if (!this.ve) return;
    const want = this.store.getState().overview[this.ve.view];
    if (want !== null && sameSet(want, this.collapsed)) return;
    const before = this.display === this.ve.elements ? new Map(this.display) : this.display;
    const wasClosed = this.collapsed;
    this.redisplay();
    const diff = diffMaps(before, this.display);
    if (isEmptyDiff(diff)) return;
    applyElementDiff(this.cy, diff);
    const view = this.ve.view;
    const els = this.list();
    // One group opened or closed: the view goes to it; many (the toolbar's toggle): the opening view.
    const changed = [...new Set([...wasClosed, ...this.collapsed])].filter(
      (h) => wasClosed.has(h) !== this.collapsed.has(h),
    );
    const focus = changed.length === 1 ? (changed[0] as string) : null;
    const groupOf = focus ? membership(this.ve.elements, view).groupOf : null;
    const viewportFor = focus
      ? (at: Positions, data: LayoutData) => {
          const mine = els.filter(
            (e) => e.data.id === focus || e.data.id === `cluster:${focus}` || groupOf?.get(e.data.id) === focus,
          );
          return openingViewport(
            this.cy,
            boundsAt(mine, at, data, measure()),
            VIEW_MARGIN,
            Math.min(this.cy.zoom(), READABLE_ZOOM),
          );
        }
      : undefined;
    const run = relayout(
      this.cy,
      els,
      layoutFor(els, view),
      loadPositions(this.storage, this.hostname(), view),
      !prefersReducedMotion(),
      viewportFor,
    );
    this.rackData = run.data;
    this.userMoved = false;
    await run.done;
    this.marks.detailTierForZoom(true);
    this.marks.refresh();
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
    const before = this.display === this.ve?.elements ? new Map(this.display) : this.display;
    this.ve = this.fresh();
    this.redisplay();
    const t1 = performance.now();
    if (this.cy.elements().empty()) {
      if (this.ve) this.firstLoad(t0, t1);
      return;
    }
    const diff = diffMaps(before, this.display);
    this.patch(diff, t0, t1, performance.now(), null);
  }

  /** One delta, through the units it touched. */
  delta(delta: DeltaMessage): void {
    const s = this.store.getState();
    // Mid view switch: the switch builds afresh from the latest topology when it lands.
    if (this.ve && this.ve.view !== s.view) return;
    if (!this.ve || !s.topology) return this.reload();
    const t0 = performance.now();
    const inner = this.ve.apply(delta, s.topology);
    const t1 = performance.now();
    if (this.collapsed.size === 0) return this.patch(inner, t0, t1, t1, s.recent);
    // The overview: what the delta means for the clusters, diffed against what is drawn.
    const before = this.display;
    this.redisplay();
    this.patch(diffMaps(before, this.display), t0, t1, performance.now(), s.recent);
  }

  private patch(diff: ElementDiff, t0: number, t1: number, t2: number, recent: DeltaRecent): void {
    if (isEmptyDiff(diff)) return;
    const added = applyElementDiff(this.cy, diff, { removeLater: (eles) => this.marks.fadeOut(eles) });
    if (added.nodes().nonempty()) {
      this.placeNew(added);
      // Until the person moves the view it keeps showing the whole host, newcomers included.
      if (!this.userMoved && !allInView(this.cy, added.nodes())) this.openingView();
    }
    this.marks.tierForAdded(added);
    const t3 = performance.now();
    if (recent) this.marks.pulse(recent);
    this.marks.refresh();
    const t4 = performance.now();
    graphStats.patches += 1;
    graphStats.lastPatchMs = t4 - t0;
    graphStats.lastPatchPhases = { elements: t1 - t0, diff: t2 - t1, apply: t3 - t2, marks: t4 - t3 };
    graphStats.elements = this.display.size;
    graphStats.lastRebuiltUnits = this.ve?.lastRebuilt ?? 0;
  }

  /** Nothing to patch or fade: everything goes in at its rack place in one batch. */
  private firstLoad(t0: number, t1: number): void {
    const ve = this.ve as ViewElements;
    const els = this.list();
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
    const bounds = boundsAt(this.list(), currentPositions(this.cy), this.rackData, measure());
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
    if (unsaved.empty()) return;
    // Most changes place themselves beside what is there; only the rest needs the whole rack.
    const rest = placeLocally(this.cy, unsaved, measure());
    if (rest.empty()) return;
    const others = new Set(rest.map((n) => n.id()));
    placeAdded(
      this.cy,
      layoutFor([...this.display.values()], view, false),
      added.filter((e) =>
        e.isNode() ? others.has(e.id()) : others.has(e.source().id()) || others.has(e.target().id()),
      ),
    );
  }

  /** Re-layout: the rack again, the saved drags dropped. */
  relayout(): Promise<void> {
    const view = this.store.getState().view;
    savePositions(this.storage, this.hostname(), view, {});
    this.userMoved = false;
    const els = this.list();
    const run = relayout(this.cy, els, layoutFor(els, view), {}, !prefersReducedMotion());
    this.rackData = run.data;
    return settling(run.done);
  }

  /** Swaps the elements for the other view, carrying the shared ids' positions over. */
  switchView(): Promise<void> {
    return settling(this.switchNow());
  }

  private async switchNow(): Promise<void> {
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
    this.redisplay();
    const view: ViewName = this.store.getState().view;
    const els = this.list();
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

/** Below this many elements a host always opens in full. */
const OVERVIEW_MIN_ELEMENTS = 60;
/** A host whose whole rack would draw below this zoom opens as an overview instead. */
const OVERVIEW_ZOOM = READABLE_ZOOM;

function sameSet(a: readonly string[], b: ReadonlySet<string>): boolean {
  return a.length === b.size && a.every((x) => b.has(x));
}

/** What turns one drawn map into the next, by id. */
function diffMaps(prev: ReadonlyMap<string, GraphElement>, next: ReadonlyMap<string, GraphElement>): ElementDiff {
  const diff = emptyDiff();
  for (const [id, el] of prev) if (!next.has(id)) diffInto(diff, el, undefined);
  const added: GraphElement[] = [];
  for (const [id, el] of next) {
    const was = prev.get(id);
    if (was === el) continue;
    if (was === undefined) added.push(el);
    else diffInto(diff, was, el);
  }
  diff.add.push(...sortForAdding(added, next));
  return diff;
}

function clusterWords(language: Language): ClusterWords {
  const t = translator(language);
  return {
    containers: (count) => t('graph.clusterContainers', { count }),
    ports: (count) => t('graph.clusterPorts', { count }),
    stopped: (count) => t('graph.clusterStopped', { count }),
  };
}

/** The rack's cable routes fit its own places: edges at a dragged node go straight instead. */
function withoutDragged(cy: Core, data: LayoutData, saved: Positions): LayoutData {
  if (Object.keys(saved).length === 0) return data;
  const out = { ...data };
  cy.edges().forEach((e) => {
    if (saved[e.source().id()] || saved[e.target().id()]) delete out[e.id()];
  });
  return out;
}
