import cytoscape, {
  type Collection,
  type Core,
  type EventObject,
  type NodeSingular,
  type Position,
  type SingularElementArgument,
} from 'cytoscape';
import type { AppStore } from '../store/app-store.js';
import { browserStorage, type KeyValueStore } from '../store/prefs.js';
import { searchTopology } from '../store/search.js';
import type { AppState, Language, RecentChanges } from '../store/types.js';
import { exportJson, exportPng, exportSvg } from './export.js';
import { applyHover } from './focus.js';
import type { GraphStats } from './graph-stats.js';
import { applyPositions, currentPositions, fit, openingViewport, placeAdded, relayout } from './layout.js';
import { rackPositions } from './rack-layout.js';
import { PULSE_MS, DETAIL_ZOOM, PULSE_STEPS, RECENT_MS, REMOVED_FADE_MS, prefersReducedMotion } from './motion.js';
import { applyElementDiff, diffElements, isEmptyDiff } from './patch.js';
import { loadPositions, mergePositions, savePositions, type Positions } from './positions.js';
import type { GraphElement } from './element-data.js';
import { installFastStyleCache } from './style-cache.js';
import { graphStyle, type GraphWords } from './styles.js';
import { RESOURCES } from '../i18n/resources.js';
import { toGraphElements } from './to-elements.js';

declare global {
  interface Window {
    /** The graph's cytoscape instance, for e2e tests and scripting (Kiali-style). */
    netloomGraph?: Core;
    netloomGraphStats?: GraphStats;
  }
}

type Style = Parameters<Core['style']>[0];

/** The canvas's own words in the store's language (the i18n resources, read as data). */
const wordsFor = (language: Language): GraphWords => RESOURCES[language].graph;

const graphStats: GraphStats = {
  patches: 0,
  lastPatchMs: 0,
  firstLayoutMs: 0,
  laidOut: false,
  elements: 0,
  firstDataAt: 0,
  firstPaintAt: 0,
  lastPatchPhases: { elements: 0, diff: 0, apply: 0, marks: 0 },
};

/**
 * Owns the cytoscape instance: builds it once, patches it by id from store changes, and
 * turns canvas events into store actions. React only mounts it (GraphCanvas.tsx).
 */
export class GraphController {
  readonly cy: Core;
  private elements: GraphElement[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private hovered: string | null = null;
  private hoverShown = false;
  private detailTier = false;
  private switchGeneration = 0;
  /** Model id → ids of the elements drawing it, where they differ (Docker-view endpoints). */
  private byModel = new Map<string, string[]>();
  private selected: Collection;
  private searchHits: Collection;
  private ringed: Collection;

  constructor(
    container: HTMLElement,
    private readonly store: AppStore,
    private readonly storage: KeyValueStore | null = browserStorage(),
  ) {
    const s = store.getState();
    this.cy = cytoscape({
      container,
      style: graphStyle(s.theme, wordsFor(s.language)) as unknown as Style,
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
    } as cytoscape.CytoscapeOptions);
    installFastStyleCache(this.cy);
    this.selected = this.cy.collection();
    this.searchHits = this.cy.collection();
    this.ringed = this.cy.collection();
    if (typeof window !== 'undefined') {
      window.netloomGraph = this.cy;
      window.netloomGraphStats = graphStats;
    }
    this.bindEvents();
    this.subscribe();
    if (s.topology) this.sync(null);
  }

  destroy(): void {
    for (const off of this.unsubscribe) off();
    for (const t of this.timers) clearTimeout(t);
    if (typeof window !== 'undefined' && window.netloomGraph === this.cy) delete window.netloomGraph;
    this.cy.destroy();
  }

  relayout(): Promise<void> {
    const { view } = this.store.getState();
    savePositions(this.storage, this.hostname(), view, {});
    return relayout(this.cy, view, this.elements, {}, !prefersReducedMotion());
  }

  fit(): void {
    fit(this.cy);
  }

  png(): Blob {
    return exportPng(this.cy, this.store.getState().theme);
  }

  svg(): string {
    return exportSvg(this.cy, this.store.getState().theme);
  }

  json(): string | null {
    const t = this.store.getState().topology;
    return t ? exportJson(this.cy, t) : null;
  }

  private hostname(): string {
    return this.store.getState().topology?.host.hostname ?? 'unknown';
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.cy.destroyed()) fn();
    }, ms);
    this.timers.add(t);
  }

  private subscribe(): void {
    const st = this.store;
    this.unsubscribe.push(
      st.subscribe(
        (s) => s.snapshotGeneration,
        () => this.sync(null),
      ),
      st.subscribe(
        (s) => s.lastDelta,
        (d) => d && this.sync(st.getState().recent),
      ),
      st.subscribe(
        (s) => s.filters,
        () => this.sync(null),
      ),
      st.subscribe(
        (s) => s.view,
        () => void this.switchView(),
      ),
      st.subscribe(
        (s) => [s.theme, s.language] as const,
        ([theme, language]) => this.cy.style(graphStyle(theme, wordsFor(language)) as unknown as Style),
        { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] },
      ),
      st.subscribe(
        (s) => s.selection,
        (id) => this.showSelection(id),
      ),
      st.subscribe(
        (s) => s.focusRing,
        (id) => this.showFocusRing(id, true),
      ),
      st.subscribe(
        (s) => s.layoutGeneration,
        () => void this.relayout(),
      ),
      st.subscribe(
        (s) => s.pinned,
        () => this.refreshHover(),
      ),
      st.subscribe(
        (s) => [s.search, s.topology] as const,
        () => this.showSearch(),
        {
          equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1],
        },
      ),
    );
  }

  /** Patches the graph to the store's topology by id; lays out only what is new. */
  private sync(recent: RecentChanges | null): void {
    const t0 = performance.now();
    const s = this.store.getState();
    const next = s.topology ? toGraphElements(s.topology, s.view, s.filters) : [];
    const t1 = performance.now();
    const diff = diffElements(this.elements, next);
    const t2 = performance.now();
    this.elements = next;
    if (isEmptyDiff(diff)) return;
    this.indexModelIds();
    const firstLoad = this.cy.elements().empty();
    if (firstLoad) {
      // Nothing to patch or fade: add everything at its rack place in one go.
      const rack = rackPositions(next, s.view);
      const saved = loadPositions(this.storage, this.hostname(), s.view);
      this.cy.batch(() => {
        this.cy.add(
          next.map((el) => {
            const at = saved[el.data.id] ?? rack[el.data.id];
            return at && el.group === 'nodes' ? { ...el, position: { ...at } } : el;
          }),
        );
      });
      this.firstView();
      this.showDetailTier(true);
    } else {
      const added = applyElementDiff(this.cy, diff, { removeLater: (eles) => this.fadeOut(eles) });
      if (added.nodes().nonempty()) this.placeNew(added);
      if (this.detailTier) added.nodes('[detailLabel]').addClass('zoom-detail');
    }
    const t3 = performance.now();
    if (recent) this.pulse(recent);
    this.showSelection(s.selection);
    if (s.focusRing !== null) this.showFocusRing(s.focusRing, false);
    this.showSearch();
    this.refreshHover();
    const t4 = performance.now();
    graphStats.patches += 1;
    graphStats.lastPatchMs = t4 - t0;
    graphStats.lastPatchPhases = { elements: t1 - t0, diff: t2 - t1, apply: t3 - t2, marks: t4 - t3 };
    graphStats.elements = this.elements.length;
    if (firstLoad && !graphStats.laidOut) {
      graphStats.firstLayoutMs = t4 - t0;
      graphStats.firstDataAt = t0;
      // The next animation frame comes once the browser has painted the first picture.
      requestAnimationFrame(() => {
        graphStats.firstPaintAt = performance.now();
      });
      graphStats.laidOut = true;
    }
  }

  /** The opening view (layout.ts openingViewport) over what was just added at its place. */
  private firstView(): void {
    const points = this.cy
      .nodes()
      .filter((n) => !n.isParent())
      .map((n) => (n as NodeSingular).position());
    const viewport = openingViewport(this.cy, points);
    if (viewport) this.cy.viewport(viewport);
  }

  private indexModelIds(): void {
    this.byModel = new Map();
    for (const el of this.elements) {
      const m = el.data.modelId;
      const list = this.byModel.get(m);
      if (list) list.push(el.data.id);
      else this.byModel.set(m, [el.data.id]);
    }
  }

  private placeNew(added: Collection): void {
    const { view } = this.store.getState();
    const saved = loadPositions(this.storage, this.hostname(), view);
    // Nodes already on the canvas stand where they were left; only newcomers take saved places.
    const mine: Positions = {};
    for (const n of added.nodes()) if (saved[n.id()] !== undefined) mine[n.id()] = saved[n.id()] as Position;
    applyPositions(this.cy, mine);
    const unsaved = added.nodes().filter((n) => mine[n.id()] === undefined);
    placeAdded(this.cy, rackPositions(this.elements, view), unsaved);
  }

  private async layoutAll(animate: boolean): Promise<void> {
    const { view } = this.store.getState();
    await relayout(this.cy, view, this.elements, loadPositions(this.storage, this.hostname(), view), animate);
  }

  /** Swaps the elements for the other view, carrying the shared ids' positions over. */
  private async switchView(): Promise<void> {
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
    const s = this.store.getState();
    this.elements = s.topology ? toGraphElements(s.topology, s.view, s.filters) : [];
    this.indexModelIds();
    this.searchHits = this.cy.collection();
    this.hoverShown = false;
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(this.elements);
    });
    applyPositions(this.cy, before);
    if (container) container.style.opacity = '1';
    await this.layoutAll(!calm);
    if (generation !== this.switchGeneration || this.cy.destroyed()) return;
    this.showDetailTier(true);
    this.showSelection(s.selection);
    this.showSearch();
    this.showFocusRing(this.store.getState().focusRing, false);
  }

  /** Graph elements drawing one model element: its own id, or the ids that name it as modelId. */
  private find(modelId: string | null): Collection {
    if (modelId === null) return this.cy.collection();
    const direct = this.cy.getElementById(modelId);
    if (direct.nonempty()) return direct;
    return this.byIds(this.byModel.get(modelId) ?? []);
  }

  private findAll(modelIds: Iterable<string>): Collection {
    const ids: string[] = [];
    for (const m of modelIds) ids.push(...(this.byModel.get(m) ?? []));
    return this.byIds(ids);
  }

  private byIds(ids: string[]): Collection {
    let out = this.cy.collection();
    for (const id of ids) {
      const e = this.cy.getElementById(id);
      if (e.nonempty()) out = out.union(e);
    }
    return out;
  }

  /** Whether a mark the controller tracks (`tracked`, still carrying it per `has`) sits exactly on `want`. */
  private static marks(
    tracked: Collection,
    want: SingularElementArgument,
    has: (e: SingularElementArgument) => boolean,
  ): boolean {
    const current = tracked.filter((e) => !e.removed() && has(e));
    return current.same(want) && want.nonempty() === current.nonempty();
  }

  private showSelection(id: string | null): void {
    const want = this.find(id).first();
    if (GraphController.marks(this.selected, want, (e) => e.selected())) return;
    this.cy.batch(() => {
      this.cy.$(':selected').unselect();
      want.select();
    });
    this.selected = this.cy.collection().union(want);
  }

  /**
   * The canvas focus ring for the keyboard tree's current row (VISUAL.md Interaction): a
   * dashed focus-colour outline, scrolled into view when the row changes and it is off screen.
   */
  private showFocusRing(id: string | null, scroll: boolean): void {
    const want = this.find(id).first();
    if (!GraphController.marks(this.ringed, want, (e) => e.hasClass('kb-focus'))) {
      this.ringed.removeClass('kb-focus');
      want.addClass('kb-focus');
      this.ringed = this.cy.collection().union(want);
    }
    if (!scroll || want.empty()) return;
    const box = want.renderedBoundingBox({});
    if (box.x1 >= 0 && box.y1 >= 0 && box.x2 <= this.cy.width() && box.y2 <= this.cy.height()) return;
    if (prefersReducedMotion()) this.cy.center(want);
    else this.cy.animate({ center: { eles: want }, duration: 250 });
  }

  private showSearch(): void {
    const { search, topology } = this.store.getState();
    const ids = topology && search.trim() !== '' ? searchTopology(topology, search).map((r) => r.id) : [];
    if (ids.length === 0 && this.searchHits.empty()) return;
    this.cy.batch(() => {
      this.searchHits.removeClass('search-hit');
      this.searchHits = this.findAll(ids).addClass('search-hit');
    });
  }

  private refreshHover(): void {
    const focus = this.store.getState().pinned ?? this.hovered;
    if (focus === null && !this.hoverShown) return;
    this.hoverShown = focus !== null;
    applyHover(this.cy, focus === null ? null : (this.cy.getElementById(focus).first() ?? null));
  }

  /**
   * Yellow underlay pulsing twice over 2 s, then a small yellow dot for 10 s (VISUAL.md
   * Interaction); a steady mark when motion is unwelcome.
   */
  private pulse(recent: RecentChanges): void {
    const eles = this.findAll(new Set([...recent.added, ...recent.updated]));
    if (eles.empty()) return;
    eles.addClass('recent');
    if (prefersReducedMotion()) {
      eles.addClass('changed');
    } else {
      for (const step of PULSE_STEPS)
        this.later(step.at, () => (step.on ? eles.addClass('changed') : eles.removeClass('changed')));
    }
    this.later(PULSE_MS, () => eles.removeClass('changed'));
    this.later(RECENT_MS, () => eles.removeClass('recent'));
  }

  /** Removed elements stay 3 s, faded and tagged, so people see what went away. */
  private fadeOut(eles: Collection): void {
    const all = eles.union(eles.nodes().descendants()).union(eles.nodes().connectedEdges());
    all.addClass('removed');
    all.nodes().forEach((n) => {
      n.data('removedLabel', `${String(n.data('label') ?? '')} · ${wordsFor(this.store.getState().language).removed}`);
    });
    this.later(REMOVED_FADE_MS, () => {
      // Anything re-added meanwhile lost the class and stays.
      this.cy.remove(all.filter((e) => e.hasClass('removed') && !e.removed()));
    });
  }

  /**
   * Second label lines come in at DETAIL_ZOOM. cytoscape styles cannot read the zoom, so
   * crossing the threshold toggles a class on the few hundred nodes that have one.
   */
  private showDetailTier(force = false): void {
    const on = this.cy.zoom() >= DETAIL_ZOOM;
    if (on === this.detailTier && !force) return;
    this.detailTier = on;
    this.cy.batch(() => {
      const nodes = this.cy.nodes('[detailLabel]');
      if (on) nodes.addClass('zoom-detail');
      else nodes.removeClass('zoom-detail');
    });
  }

  private bindEvents(): void {
    const cy = this.cy;
    cy.on('zoom', () => this.showDetailTier());
    cy.on('mouseover', 'node, edge', (ev: EventObject) => {
      this.hovered = ev.target.id();
      if (this.store.getState().pinned === null) this.refreshHover();
    });
    cy.on('mouseout', 'node, edge', () => {
      this.hovered = null;
      if (this.store.getState().pinned === null) this.refreshHover();
    });
    cy.on('tap', (ev: EventObject) => {
      const { select, pin } = this.store.getState();
      if (ev.target === cy) {
        select(null);
        pin(null);
        return;
      }
      select(String(ev.target.data('modelId') ?? ev.target.id()));
      pin(ev.target.id());
    });
    cy.on('dragfree', 'node', (ev: EventObject) => {
      const node = ev.target as cytoscape.NodeSingular;
      const moved = currentPositions(node.union(node.descendants()));
      const { view } = this.store.getState() as AppState;
      const saved = loadPositions(this.storage, this.hostname(), view);
      savePositions(this.storage, this.hostname(), view, mergePositions(saved, moved));
    });
  }
}
