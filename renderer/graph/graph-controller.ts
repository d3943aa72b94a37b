import cytoscape, { type Collection, type Core, type ElementDefinition, type EventObject } from 'cytoscape';
import type { AppStore } from '../store/app-store.js';
import { browserStorage, type KeyValueStore } from '../store/prefs.js';
import { searchTopology } from '../store/search.js';
import type { AppState, RecentChanges } from '../store/types.js';
import { exportJson, exportPng, exportSvg } from './export.js';
import { applyHover } from './focus.js';
import { applyPositions, currentPositions, fit, layoutAdded, registerLayouts, relayout } from './layout.js';
import {
  PULSE_MS,
  PULSE_STEPS,
  REMOVED_FADE_MS,
  WEBGL_THRESHOLD,
  prefersReducedMotion,
  webglAvailable,
} from './motion.js';
import { applyElementDiff, diffElements, isEmptyDiff } from './patch.js';
import { loadPositions, mergePositions, savePositions } from './positions.js';
import { graphStyle } from './styles.js';
import { toElements } from './to-elements.js';

declare global {
  interface Window {
    /** The graph's cytoscape instance, for e2e tests and scripting (Kiali-style). */
    netloomGraph?: Core;
    netloomGraphStats?: GraphStats;
  }
}

type Style = Parameters<Core['style']>[0];

/**
 * Owns the cytoscape instance: builds it once, patches it by id from store changes, and
 * turns canvas events into store actions. React only mounts it (GraphCanvas.tsx).
 */
/** Timings of the graph's own work, for automation and `npm run bench:render`. */
export interface GraphStats {
  /** Graph updates applied (snapshots, deltas, filter changes). */
  patches: number;
  /** How long the last update took: elements computed, diffed and applied in one batch. */
  lastPatchMs: number;
  /** From the first snapshot to the end of its layout. */
  firstLayoutMs: number;
  laidOut: boolean;
  elements: number;
}

const graphStats: GraphStats = { patches: 0, lastPatchMs: 0, firstLayoutMs: 0, laidOut: false, elements: 0 };

export class GraphController {
  readonly cy: Core;
  private elements: ElementDefinition[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private hovered: string | null = null;

  constructor(
    container: HTMLElement,
    private readonly store: AppStore,
    private readonly storage: KeyValueStore | null = browserStorage(),
  ) {
    registerLayouts();
    const s = store.getState();
    this.elements = s.topology ? toElements(s.topology, s.view, s.filters) : [];
    const webgl = this.elements.length > WEBGL_THRESHOLD && webglAvailable();
    this.cy = cytoscape({
      container,
      elements: this.elements,
      style: graphStyle(s.theme) as unknown as Style,
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
      ...(webgl ? { renderer: { name: 'canvas', webgl: true } } : {}),
    } as cytoscape.CytoscapeOptions);
    if (typeof window !== 'undefined') {
      window.netloomGraph = this.cy;
      window.netloomGraphStats = graphStats;
    }
    if (this.elements.length > 0) void this.layoutAll(false);
    this.bindEvents();
    this.subscribe();
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
    return relayout(this.cy, view, {}, !prefersReducedMotion());
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
        (s) => s.theme,
        (theme) => this.cy.style(graphStyle(theme) as unknown as Style),
      ),
      st.subscribe(
        (s) => s.selection,
        (id) => this.showSelection(id),
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
    const next = s.topology ? toElements(s.topology, s.view, s.filters) : [];
    const diff = diffElements(this.elements, next);
    this.elements = next;
    if (isEmptyDiff(diff)) return;
    const firstLoad = this.cy.nodes().empty();
    const added = applyElementDiff(this.cy, diff, { removeLater: (eles) => this.fadeOut(eles) });
    if (firstLoad) {
      void this.layoutAll(false).then(() => {
        graphStats.firstLayoutMs = performance.now() - t0;
        graphStats.laidOut = true;
      });
    } else if (added.nodes().nonempty()) this.placeAdded(added);
    if (recent) this.pulse(recent);
    this.showSelection(s.selection);
    this.showSearch();
    this.refreshHover();
    graphStats.patches += 1;
    graphStats.lastPatchMs = performance.now() - t0;
    graphStats.elements = this.cy.elements().length;
  }

  private placeAdded(added: Collection): void {
    const saved = loadPositions(this.storage, this.hostname(), this.store.getState().view);
    const unsaved = added.nodes().filter((n) => saved[n.id()] === undefined);
    applyPositions(this.cy, saved);
    layoutAdded(this.cy, unsaved);
  }

  private async layoutAll(animate: boolean): Promise<void> {
    const { view } = this.store.getState();
    await relayout(this.cy, view, loadPositions(this.storage, this.hostname(), view), animate);
  }

  /** Swaps the elements for the other view, carrying the shared ids' positions over. */
  private async switchView(): Promise<void> {
    const s = this.store.getState();
    const container = this.cy.container();
    const calm = prefersReducedMotion();
    const before = currentPositions(this.cy);
    if (container && !calm) container.style.transition = 'opacity 150ms';
    if (container && !calm) container.style.opacity = '0';
    this.elements = s.topology ? toElements(s.topology, s.view, s.filters) : [];
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(this.elements);
    });
    applyPositions(this.cy, before);
    await this.layoutAll(!calm);
    if (container) container.style.opacity = '1';
    this.showSelection(s.selection);
    this.showSearch();
  }

  private find(modelId: string | null): Collection {
    if (modelId === null) return this.cy.collection();
    const direct = this.cy.getElementById(modelId);
    if (direct.nonempty()) return direct;
    return this.cy.elements().filter((e) => e.data('modelId') === modelId);
  }

  private showSelection(id: string | null): void {
    const want = this.find(id).first();
    const current = this.cy.$(':selected');
    if (current.same(want)) return;
    this.cy.batch(() => {
      current.unselect();
      want.select();
    });
  }

  private showSearch(): void {
    const { search, topology } = this.store.getState();
    const ids =
      topology && search.trim() !== '' ? new Set(searchTopology(topology, search).map((r) => r.id)) : new Set();
    this.cy.batch(() => {
      this.cy.elements('.search-hit').removeClass('search-hit');
      if (ids.size === 0) return;
      this.cy
        .elements()
        .filter((e) => ids.has(e.data('modelId')))
        .addClass('search-hit');
    });
  }

  private refreshHover(): void {
    const focus = this.store.getState().pinned ?? this.hovered;
    applyHover(this.cy, focus === null ? null : (this.cy.getElementById(focus).first() ?? null));
  }

  /** Yellow underlay pulsing twice over 2 s; a steady mark when motion is unwelcome. */
  private pulse(recent: RecentChanges): void {
    const ids = new Set([...recent.added, ...recent.updated]);
    const eles = this.cy.elements().filter((e) => ids.has(e.data('modelId')));
    if (eles.empty()) return;
    if (prefersReducedMotion()) {
      eles.addClass('changed');
    } else {
      for (const step of PULSE_STEPS)
        this.later(step.at, () => (step.on ? eles.addClass('changed') : eles.removeClass('changed')));
    }
    this.later(PULSE_MS, () => eles.removeClass('changed'));
  }

  /** Removed elements stay 3 s, faded and tagged, so people see what went away. */
  private fadeOut(eles: Collection): void {
    const all = eles.union(eles.nodes().descendants()).union(eles.nodes().connectedEdges());
    all.addClass('removed');
    all.nodes().forEach((n) => {
      n.data('removedLabel', `${String(n.data('label') ?? '')} · removed`);
    });
    this.later(REMOVED_FADE_MS, () => {
      // Anything re-added meanwhile lost the class and stays.
      this.cy.remove(all.filter((e) => e.hasClass('removed') && !e.removed()));
    });
  }

  private bindEvents(): void {
    const cy = this.cy;
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
