import type { ViewName } from '../store/types.js';
import type { GraphElement } from './element-data.js';
import type { Positions } from './positions.js';
import { dockerRack } from './rack-docker.js';
import { rackBounds, type Bounds } from './rack-bounds.js';
import { rackGraph, type LayoutData, type RackLayout } from './rack-graph.js';
import { kernelRack } from './rack-kernel.js';
import { estimateWidth, type Measure } from './text-measure.js';

export type { RackLayout } from './rack-graph.js';

/**
 * The rack, computed directly from the elements: no force simulation, no layered solver.
 * It is a pure function of the element list and the label widths, so the same host always
 * draws the same way, a 3000-element graph lays out in milliseconds (ELK needed about 20 s
 * here), and a node's place depends only on its group and its rank by name, which keeps
 * positions from swapping between updates. Labels are measured (the page passes a canvas
 * measure in the stylesheet's font) so the rack leaves room for what the canvas draws.
 */
export function rackLayout(
  els: readonly GraphElement[],
  view: ViewName,
  measure: Measure = estimateWidth,
  withBounds = true,
): RackLayout {
  const g = rackGraph(els);
  const rack = view === 'kernel' ? kernelRack(g, measure) : dockerRack(g, measure);
  return { ...rack, bounds: withBounds ? rackBounds(g, rack.positions, rack.data, measure) : null };
}

/** The drawn extent of these elements at other places (the rack's, with drags on top, say). */
export function boundsAt(
  els: readonly GraphElement[],
  positions: Positions,
  data: LayoutData,
  measure: Measure = estimateWidth,
): Bounds | null {
  return rackBounds(rackGraph(els), positions, data, measure);
}

export function rackPositions(
  els: readonly GraphElement[],
  view: ViewName,
  measure: Measure = estimateWidth,
): Positions {
  return rackLayout(els, view, measure).positions;
}
