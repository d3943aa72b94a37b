import type { Collection, Core, LayoutOptions, NodeSingular, Position } from 'cytoscape';
import type { ViewName } from '../store/types.js';
import type { GraphElement } from './element-data.js';
import type { Positions } from './positions.js';
import { DETAIL_ZOOM, READABLE_ZOOM } from './motion.js';
import { boundsAt, rackLayout, type RackLayout } from './rack-layout.js';
import type { Bounds } from './rack-bounds.js';
import type { LayoutData } from './rack-graph.js';
import { canvasMeasure, type Measure } from './text-measure.js';

let pageMeasure: Measure | null = null;
/** Labels measured in the stylesheet's font, the way the canvas draws them. */
export const measure = (): Measure => (pageMeasure ??= canvasMeasure('system-ui, sans-serif'));

/** The rack for these elements, measured in the page's font. */
export const layoutFor = (elements: readonly GraphElement[], view: ViewName, withBounds = true): RackLayout =>
  rackLayout(elements, view, measure(), withBounds);

/** Data fields the rack owns (bar widths, cable bends): cleared where it no longer sets them. */
const LAYOUT_FIELDS = ['w', 'h', 'segW', 'segD'] as const;

/**
 * Writes the rack's data onto the elements: a bus bar's width, a port tag's, a routed
 * cable's bends. `only` limits it to some elements (newcomers and their edges).
 */
export function applyLayoutData(cy: Core, data: LayoutData, only?: Collection): void {
  cy.batch(() => {
    const eles = only ?? cy.elements();
    eles.forEach((e) => {
      const want = data[e.id()];
      for (const f of LAYOUT_FIELDS) {
        const v = want?.[f];
        if (v === undefined) {
          if (e.data(f) !== undefined) e.removeData(f);
        } else e.data(f, v);
      }
    });
  });
}

/** Room kept free around the opening view: box borders, and the UI drawn over the canvas's corners. */
export const VIEW_MARGIN = { left: 20, right: 20, top: 20, bottom: 48 } as const;

/**
 * Where the view opens on a laid-out graph: all of it, centred, when it fits at a zoom
 * people can read; a host too big for that opens at READABLE_ZOOM on the top left of its
 * rack, the rest a scroll (or the minimap) away and "Fit" showing it all. Capped just under
 * DETAIL_ZOOM, where second label lines come in that the rack leaves no room for. Computed
 * from the rack's own extent (rack-bounds.ts), so it is known before an animated layout
 * ends and costs no pass over the canvas's labels.
 */
export function openingViewport(
  cy: Core,
  bounds: Bounds | null,
  margin: { left: number; right: number; top: number; bottom: number } = VIEW_MARGIN,
  floor = 0,
): { zoom: number; pan: Position } | null {
  if (!bounds) return null;
  const { x1, x2, y1, y2 } = bounds;
  const w = cy.width() - margin.left - margin.right;
  const h = cy.height() - margin.top - margin.bottom;
  const fitZoom = Math.min(w / Math.max(1, x2 - x1), h / Math.max(1, y2 - y1));
  const zoom = Math.max(cy.minZoom(), floor, Math.min(cy.maxZoom(), DETAIL_ZOOM - 0.02, fitZoom));
  if (zoom >= READABLE_ZOOM)
    return {
      zoom,
      pan: {
        x: margin.left + w / 2 - ((x1 + x2) / 2) * zoom,
        y: margin.top + h / 2 - ((y1 + y2) / 2) * zoom,
      },
    };
  return {
    zoom: READABLE_ZOOM,
    pan: { x: margin.left - x1 * READABLE_ZOOM, y: margin.top - y1 * READABLE_ZOOM },
  };
}

/**
 * Full layout: the computed rack, then the user's saved drags on top, and the opening
 * view. Returns the rack data it applied (routes of cables at dragged nodes left out).
 */
export function relayout(
  cy: Core,
  elements: readonly GraphElement[],
  rack: RackLayout,
  saved: Positions = {},
  animate = false,
  viewportFor: (at: Positions, data: LayoutData) => { zoom: number; pan: Position } | null = (at, data) =>
    openingViewport(cy, boundsAt(elements, at, data, measure())),
): { data: LayoutData; done: Promise<void> } {
  const target = (id: string): Position | undefined => saved[id] ?? rack.positions[id];
  // Routes fit the rack's places; a dragged node's cables go straight again.
  const data: LayoutData = { ...rack.data };
  if (Object.keys(saved).length > 0)
    cy.edges().forEach((e) => {
      if (saved[e.source().id()] || saved[e.target().id()]) delete data[e.id()];
    });
  applyLayoutData(cy, data);
  const at: Positions = { ...rack.positions, ...saved };
  const viewport = viewportFor(at, data);
  const done = new Promise<void>((resolve) => {
    const layout = cy.layout({
      name: 'preset',
      positions: (n: NodeSingular) => target(n.id()) ?? n.position(),
      animate,
      animationDuration: 300,
      fit: false,
    } as unknown as LayoutOptions);
    layout.one('layoutstop', () => resolve());
    // An animated layout whose frames never come (a hidden tab) must not hold up the caller.
    if (animate) setTimeout(resolve, 1_000);
    try {
      layout.run();
      if (viewport && animate) cy.animate({ zoom: viewport.zoom, pan: viewport.pan, duration: 300 });
      else if (viewport) cy.viewport(viewport);
    } catch (err) {
      console.warn('netloom: layout failed, keeping positions', err);
      resolve();
    }
  });
  return { data, done };
}

export function applyPositions(cy: Core, saved: Positions): void {
  cy.batch(() => {
    for (const [id, p] of Object.entries(saved)) {
      const n = cy.getElementById(id);
      if (n.nonempty() && n.isNode() && !n.isParent()) n.position(p);
    }
  });
}

/** Positions of plain nodes (boxes follow their children). */
export function currentPositions(cy: Core | Collection): Positions {
  const out: Positions = {};
  const nodes = 'nodes' in cy ? cy.nodes() : cy;
  nodes.forEach((n) => {
    if (n.isNode() && !n.isParent()) out[n.id()] = { ...n.position() };
  });
  return out;
}

export function fit(cy: Core, eles?: Collection): void {
  cy.animate({ fit: { eles: eles ?? cy.elements(), padding: 30 }, duration: 250 });
}
