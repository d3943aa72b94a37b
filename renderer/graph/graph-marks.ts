import type { Collection, Core, SingularElementArgument } from 'cytoscape';
import type { AppStore } from '../store/app-store.js';
import { searchTopology } from '../store/search.js';
import type { RecentChanges } from '../store/types.js';
import { drawnIds } from './element-data.js';
import { TopologyIndex } from '../../core/common/topology-index.js';
import { applyHover } from './focus.js';
import { pathFor } from './path.js';
import { DETAIL_ZOOM, PULSE_MS, PULSE_STEPS, RECENT_MS, REMOVED_FADE_MS, prefersReducedMotion } from './motion.js';
import { RESOURCES } from '../i18n/resources.js';

/** Timeouts that die with the graph. */
export class Timers {
  private readonly live = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly alive: () => boolean) {}

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.live.delete(t);
      if (this.alive()) fn();
    }, ms);
    this.live.add(t);
  }

  clear(): void {
    for (const t of this.live) clearTimeout(t);
    this.live.clear();
  }
}

/** Whether a tracked mark (`tracked`, still carrying it per `has`) sits exactly on `want`. */
function marks(tracked: Collection, want: Collection, has: (e: SingularElementArgument) => boolean): boolean {
  const current = tracked.filter((e) => !e.removed() && has(e));
  return current.same(want) && want.nonempty() === current.nonempty();
}

/**
 * The graph's highlights, kept apart from the elements they sit on: the selection, search
 * hits, the keyboard focus ring, the hover or pinned path, the pulse and dot of a change,
 * the fade of a removal, and the zoom tier of second label lines. Each is tracked, so
 * re-applying one after a patch touches only the elements that carry it.
 */
export class GraphMarks {
  private selected: Collection;
  private searchHits: Collection;
  private ringed: Collection;
  private hovered: string | null = null;
  private hoverShown = false;
  private detailTier = false;

  constructor(
    private readonly cy: Core,
    private readonly store: AppStore,
    private readonly timers: Timers,
  ) {
    this.selected = cy.collection();
    this.searchHits = cy.collection();
    this.ringed = cy.collection();
  }

  /** Graph elements drawing one model element: its own id first, else the derived ones. */
  find(modelId: string | null): Collection {
    if (modelId === null) return this.cy.collection();
    const direct = this.cy.getElementById(modelId);
    return direct.nonempty() ? direct : this.cy.collection().union(this.findAll([modelId]).first());
  }

  /** Every graph element drawing any of these model elements. */
  findAll(modelIds: Iterable<string>): Collection {
    let out = this.cy.collection();
    for (const m of modelIds)
      for (const id of drawnIds(m)) {
        const e = this.cy.getElementById(id);
        if (e.nonempty()) out = out.union(e);
      }
    return out;
  }

  /** After the elements were swapped wholesale (a view switch): forget what was tracked. */
  reset(): void {
    this.searchHits = this.cy.collection();
    this.selected = this.cy.collection();
    this.ringed = this.cy.collection();
    this.hoverShown = false;
  }

  private readonly refreshed = new Set<() => void>();

  /** Everything the store asks to be marked, applied again after a patch. */
  refresh(scrollRing = false): void {
    const s = this.store.getState();
    this.selection(s.selection);
    if (s.focusRing !== null || this.ringed.nonempty()) this.focusRing(s.focusRing, scrollRing);
    this.search();
    this.hover();
    for (const f of this.refreshed) f();
  }

  /** Calls `f` after every refresh: marks kept elsewhere (reach-marks.ts) follow each redraw. */
  onRefresh(f: () => void): () => void {
    this.refreshed.add(f);
    return () => this.refreshed.delete(f);
  }

  selection(id: string | null): void {
    const want = this.find(id);
    if (marks(this.selected, want, (e) => e.selected())) return;
    this.cy.batch(() => {
      this.cy.$(':selected').unselect();
      want.select();
    });
    this.selected = this.cy.collection().union(want);
  }

  /**
   * The canvas focus ring for the keyboard tree's current row: a dashed focus-colour
   * outline, scrolled into view when the row changes and it is off screen.
   */
  focusRing(id: string | null, scroll: boolean): void {
    const want = this.find(id);
    if (!marks(this.ringed, want, (e) => e.hasClass('kb-focus'))) {
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

  search(): void {
    const { search, topology } = this.store.getState();
    const ids = topology && search.trim() !== '' ? searchTopology(topology, search).map((r) => r.id) : [];
    if (ids.length === 0 && this.searchHits.empty()) return;
    this.cy.batch(() => {
      this.searchHits.removeClass('search-hit');
      this.searchHits = this.findAll(ids).addClass('search-hit');
    });
  }

  setHovered(id: string | null): void {
    this.hovered = id;
    if (this.store.getState().pinned === null) this.hover();
  }

  /** A new selection: marked, and its path shown. */
  select(id: string | null): void {
    this.selection(id);
    this.hover();
  }

  /** The pinned element's path, else the hovered one's, else the selection's, at full strength; the rest dims. */
  hover(): void {
    const { pinned, selection } = this.store.getState();
    const drawn = (id: string | null): string | null =>
      id !== null && this.cy.getElementById(id).nonempty() ? id : null;
    const selected = selection === null ? null : (this.find(selection).first().id() ?? null);
    // A pin on something gone (a cluster that opened) gives way to the selection.
    // A walk on the canvas (reach-marks.ts) is the one highlight while it is shown.
    const walking = (this.store.getState().reach?.diagnosis ?? null) !== null;
    const focus = walking ? null : (drawn(pinned) ?? drawn(this.hovered) ?? drawn(selected));
    if (focus === null && !this.hoverShown) return;
    this.hoverShown = focus !== null;
    const ele = focus === null ? null : (this.cy.getElementById(focus).first() ?? null);
    const topology = this.store.getState().topology;
    const model = ele && ele.nonempty() ? String(ele.data('modelId') ?? ele.id()) : null;
    const path = model && topology ? pathFor(TopologyIndex.of(topology), model) : null;
    applyHover(this.cy, ele, path ? this.findAll(path) : null);
  }

  /**
   * Yellow underlay pulsing twice over 2 s, then a small yellow dot for 10 s; a steady mark
   * when motion is unwelcome.
   */
  pulse(recent: RecentChanges): void {
    const eles = this.findAll(new Set([...recent.added, ...recent.updated]));
    if (eles.empty()) return;
    eles.addClass('recent');
    if (prefersReducedMotion()) {
      eles.addClass('changed');
    } else {
      for (const step of PULSE_STEPS)
        this.timers.later(step.at, () => (step.on ? eles.addClass('changed') : eles.removeClass('changed')));
    }
    this.timers.later(PULSE_MS, () => eles.removeClass('changed'));
    this.timers.later(RECENT_MS, () => eles.removeClass('recent'));
  }

  /** Removed elements stay 3 s, faded and tagged, so people see what went away. */
  fadeOut(eles: Collection): void {
    const all = eles.union(eles.nodes().descendants()).union(eles.nodes().connectedEdges());
    all.addClass('removed');
    const word = RESOURCES[this.store.getState().language].graph.removed;
    all.nodes().forEach((n) => {
      n.data('removedLabel', `${String(n.data('label') ?? '')} · ${word}`);
    });
    this.timers.later(REMOVED_FADE_MS, () => {
      // Anything re-added meanwhile lost the class and stays.
      this.cy.remove(all.filter((e) => e.hasClass('removed') && !e.removed()));
    });
  }

  /**
   * Second label lines come in at DETAIL_ZOOM. cytoscape styles cannot read the zoom, so
   * crossing the threshold toggles a class on the few hundred nodes that have one.
   */
  detailTierForZoom(force = false): void {
    const on = this.cy.zoom() >= DETAIL_ZOOM;
    if (on === this.detailTier && !force) return;
    this.detailTier = on;
    this.cy.batch(() => {
      const nodes = this.cy.nodes('[detailLabel]');
      if (on) nodes.addClass('zoom-detail');
      else nodes.removeClass('zoom-detail');
    });
  }

  /** Newcomers join the current zoom tier. */
  tierForAdded(added: Collection): void {
    if (this.detailTier) added.nodes('[detailLabel]').addClass('zoom-detail');
  }
}
