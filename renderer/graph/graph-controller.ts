import cytoscape, { type Core } from 'cytoscape';
import type { AppStore } from '../store/app-store.js';
import { browserStorage, type KeyValueStore } from '../store/prefs.js';
import type { Language } from '../store/types.js';
import { RESOURCES } from '../i18n/resources.js';
import { exportJson, exportPng, exportSvg } from './export.js';
import type { GraphHandle } from './graph-handle.js';
import { bindControlMarks, bindContextMenu } from './control-marks.js';
import { bindReachMarks } from './reach-marks.js';
import { bindDragControl } from './drag-control.js';
import { bindInteractions, bindOverview } from './graph-interactions.js';
import { GraphMarks, Timers } from './graph-marks.js';
import { GraphPatcher, graphStats } from './graph-patcher.js';
import type { GraphStats } from './graph-stats.js';
import { fit } from './layout.js';
import { Minimap } from './minimap.js';
import { prefersReducedMotion } from './motion.js';
import { installFastStyleCache } from './style-cache.js';
import { graphStyle, type GraphWords } from './styles.js';

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

/**
 * Owns the cytoscape instance and composes the three parts that work on it: the patcher
 * (elements from the store, by id), the marks (highlights) and the interactions (canvas
 * events to store actions). It is the shell's only way to the canvas (GraphHandle).
 * React only mounts it (GraphCanvas.tsx).
 */
export class GraphController implements GraphHandle {
  readonly cy: Core;
  private readonly marks: GraphMarks;
  private readonly patcher: GraphPatcher;
  private readonly timers: Timers;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    container: HTMLElement,
    private readonly store: AppStore,
    storage: KeyValueStore | null = browserStorage(),
    minimapCanvas: HTMLCanvasElement | null = null,
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
    this.timers = new Timers(() => !this.cy.destroyed());
    this.marks = new GraphMarks(this.cy, store, this.timers);
    this.patcher = new GraphPatcher(this.cy, store, storage, this.marks);
    if (typeof window !== 'undefined') {
      window.netloomGraph = this.cy;
      window.netloomGraphStats = graphStats;
    }
    this.unsubscribe.push(
      bindInteractions(this.cy, store, this.marks, storage, () => this.patcher.hostname()),
      bindOverview(this.cy, store, () => this.patcher.heads()),
      bindDragControl(this.cy, store, container),
      bindContextMenu(this.cy, store, container),
      bindControlMarks(this.cy, store, (ids) => this.marks.findAll(ids)),
      bindReachMarks(this.cy, store, this.marks, (ids) => this.revealAll(ids)),
    );
    this.unsubscribe.push(this.followResize(container));
    if (minimapCanvas) {
      const minimap = new Minimap(this.cy, minimapCanvas, () => this.store.getState().theme);
      this.unsubscribe.push(
        () => minimap.destroy(),
        store.subscribe(
          (st) => st.theme,
          () => minimap.schedule(),
        ),
      );
    }
    this.subscribe();
    if (s.topology) this.patcher.reload();
  }

  destroy(): void {
    for (const off of this.unsubscribe) off();
    this.timers.clear();
    if (typeof window !== 'undefined' && window.netloomGraph === this.cy) delete window.netloomGraph;
    this.cy.destroy();
  }

  relayout(): Promise<void> {
    return this.patcher.relayout();
  }

  fit(): void {
    this.patcher.userMoved = true;
    fit(this.cy);
  }

  /**
   * A window or panel resize keeps the opening view's promise (the whole host, readable):
   * until the person pans or zooms themselves, the view is recomputed for the new size.
   */
  private followResize(container: HTMLElement): () => void {
    const mark = (): void => {
      this.patcher.userMoved = true;
    };
    this.cy.on('scrollzoom pinchzoom dragpan', mark);
    let pending: ReturnType<typeof setTimeout> | null = null;
    const onResize = (): void => {
      if (pending) clearTimeout(pending);
      pending = setTimeout(() => {
        pending = null;
        if (this.cy.destroyed()) return;
        this.cy.resize();
        if (!this.patcher.userMoved) this.patcher.openingView();
      }, 80);
    };
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(onResize);
    observer?.observe(container);
    return () => {
      observer?.disconnect();
      if (pending) clearTimeout(pending);
      this.cy.off('scrollzoom pinchzoom dragpan', mark);
    };
  }

  toggleOverview(): void {
    const s = this.store.getState();
    const closed = s.overview[s.view] ?? [];
    s.setOverview(s.view, closed.length > 0 ? [] : this.patcher.heads());
  }

  /** Opens the cluster hiding a model element; whether there was one. */
  private reveal(modelId: string): boolean {
    return this.revealAll([modelId]);
  }

  /** Opens every cluster that hides one of these model elements; false when none did. */
  revealAll(modelIds: Iterable<string>): boolean {
    const heads = new Set<string>();
    for (const id of modelIds) {
      const head = this.patcher.hiding(id);
      if (head !== null) heads.add(head);
    }
    if (heads.size === 0) return false;
    const s = this.store.getState();
    s.setOverview(
      s.view,
      (s.overview[s.view] ?? []).filter((h) => !heads.has(h)),
    );
    return true;
  }

  screenPointOf(modelId: string): { x: number; y: number } | null {
    const el = this.marks.find(modelId).first();
    if (el.empty()) return null;
    const b = el.renderedBoundingBox({ includeLabels: false });
    const r = this.cy.container()?.getBoundingClientRect();
    if (!r) return null;
    const x = Math.min(Math.max(b.x1 + b.w / 2, 0), r.width);
    const y = Math.min(Math.max(b.y1 + b.h / 2, 0), r.height);
    return { x: r.left + x, y: r.top + y };
  }

  centreOn(modelId: string): void {
    if (this.reveal(modelId)) {
      void this.patcher.regrouped.then(() => this.centreOn(modelId));
      return;
    }
    const el = this.marks.find(modelId);
    if (el.empty()) return;
    this.patcher.userMoved = true;
    const zoom = Math.max(this.cy.zoom(), 1);
    if (prefersReducedMotion()) {
      this.cy.zoom(zoom);
      this.cy.center(el);
    } else this.cy.animate({ center: { eles: el }, zoom, duration: 250 });
  }

  zoomBy(factor: number): void {
    this.patcher.userMoved = true;
    const level = Math.min(this.cy.maxZoom(), Math.max(this.cy.minZoom(), this.cy.zoom() * factor));
    this.cy.zoom({ level, renderedPosition: { x: this.cy.width() / 2, y: this.cy.height() / 2 } });
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

  private subscribe(): void {
    const st = this.store;
    this.unsubscribe.push(
      st.subscribe(
        (s) => s.snapshotGeneration,
        () => this.patcher.reload(),
      ),
      st.subscribe(
        (s) => s.lastDelta,
        (d) => d && this.patcher.delta(d),
      ),
      st.subscribe(
        (s) => s.filters,
        () => this.patcher.reload(),
      ),
      st.subscribe(
        (s) => s.view,
        () => void this.patcher.switchView(),
      ),
      st.subscribe(
        (s) => [s.theme, s.language] as const,
        ([theme, language]) => this.cy.style(graphStyle(theme, wordsFor(language)) as unknown as Style),
        { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] },
      ),
      st.subscribe(
        (s) => s.selection,
        (id) => {
          // Whatever reaches for an element (table, search, keyboard) opens its cluster.
          if (id !== null && this.marks.find(id).empty()) this.reveal(id);
          this.marks.select(id);
        },
      ),
      st.subscribe(
        (s) => s.overview[s.view],
        () => void this.patcher.regroup(),
      ),
      st.subscribe(
        (s) => s.focusRing,
        (id) => this.marks.focusRing(id, true),
      ),
      st.subscribe(
        (s) => s.layoutGeneration,
        () => void this.relayout(),
      ),
      st.subscribe(
        (s) => s.pinned,
        () => this.marks.hover(),
      ),
      st.subscribe(
        (s) => [s.search, s.topology] as const,
        () => this.marks.search(),
        { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] },
      ),
    );
  }
}
