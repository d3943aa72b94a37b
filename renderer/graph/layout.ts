import type { Collection, Core, LayoutOptions, NodeSingular, Position } from 'cytoscape';
import type { ViewName } from '../store/types.js';
import type { GraphElement } from './element-data.js';
import type { Positions } from './positions.js';
import { READABLE_ZOOM } from './motion.js';
import { rackPositions } from './rack-layout.js';

/**
 * Where the view opens on a laid-out graph: all of it when it fits at a zoom people can
 * read; a big host (hundreds of containers fit only at a zoom where no label draws) opens on
 * the top of its rack at READABLE_ZOOM instead, the rest a scroll away and "Fit" showing it
 * all. Computed from node positions, so it is known before an animated layout ends. The
 * padding leaves room for labels and box borders, which positions do not include.
 */
export function openingViewport(cy: Core, points: Position[]): { zoom: number; pan: Position } | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pad = 70;
  const fitZoom = Math.min(
    (cy.width() - 2 * pad) / Math.max(1, x2 - x1),
    (cy.height() - 2 * pad) / Math.max(1, y2 - y1),
  );
  const zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), 2, fitZoom));
  if (zoom >= READABLE_ZOOM) {
    return { zoom, pan: { x: cy.width() / 2 - ((x1 + x2) / 2) * zoom, y: cy.height() / 2 - ((y1 + y2) / 2) * zoom } };
  }
  return {
    zoom: READABLE_ZOOM,
    pan: { x: cy.width() / 2 - ((x1 + x2) / 2) * READABLE_ZOOM, y: pad - y1 * READABLE_ZOOM },
  };
}

/** Full layout: the computed rack, then the user's saved drags on top, and the opening view. */
export function relayout(
  cy: Core,
  view: ViewName,
  elements: readonly GraphElement[],
  saved: Positions = {},
  animate = false,
): Promise<void> {
  const rack = rackPositions(elements, view);
  const target = (id: string): Position | undefined => saved[id] ?? rack[id];
  const points = cy
    .nodes()
    .filter((n) => !n.isParent())
    .map((n) => target(n.id()) ?? (n as NodeSingular).position());
  const viewport = openingViewport(cy, points);
  return new Promise((resolve) => {
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
}

/** Where plain nodes stand, bucketed, to tell whether a spot is free without a bounds pass. */
class Occupancy {
  private static readonly CELL = 64;
  private readonly cells = new Map<string, Position[]>();

  constructor(cy: Core, skip: Set<string>) {
    cy.nodes().forEach((n) => {
      if (!n.isParent() && !skip.has(n.id())) this.take(n.position());
    });
  }

  take(p: Position): void {
    const k = `${Math.floor(p.x / Occupancy.CELL)}:${Math.floor(p.y / Occupancy.CELL)}`;
    const list = this.cells.get(k);
    if (list) list.push({ ...p });
    else this.cells.set(k, [{ ...p }]);
  }

  /** Whether another node stands within a dot-and-label's reach of p. */
  clash(p: Position): boolean {
    const cx = Math.floor(p.x / Occupancy.CELL);
    const cy = Math.floor(p.y / Occupancy.CELL);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of this.cells.get(`${cx + dx}:${cy + dy}`) ?? [])
          if (Math.abs(q.x - p.x) < 36 && Math.abs(q.y - p.y) < 28) return true;
    return false;
  }
}

/**
 * Places what a delta added without moving anything else. A new node takes its rack
 * place when that is free, so a container started later lands in its bridge's grid as it
 * would after a re-layout; when a drag put something there, the node's group (a namespace
 * box moves as one) slides down from where applyElementDiff anchored it, next to its
 * parent or neighbour, to the first free spot.
 */
export function placeAdded(cy: Core, rack: Positions, added: Collection): void {
  const fresh = added.nodes().filter((n) => !n.isParent());
  if (fresh.empty()) return;
  const freshIds = new Set(fresh.map((n) => n.id()));
  const occupied = new Occupancy(cy, freshIds);
  const units = new Map<string, NodeSingular[]>();
  fresh.forEach((n) => {
    const top = n.ancestors().last();
    // Host-side links each find their own spot; a namespace box moves as one.
    const unit = top.nonempty() && top.data('kind') !== 'host' ? top.id() : n.id();
    units.set(unit, [...(units.get(unit) ?? []), n]);
  });
  cy.batch(() => {
    for (const members of units.values()) {
      const want = members.map((n) => rack[n.id()]);
      const fits = (at: (Position | undefined)[]): at is Position[] =>
        at.every((p) => p !== undefined) && !at.some((p) => occupied.clash(p as Position));
      let chosen: Position[] | null = fits(want) ? want : null;
      const from = members.map((n) => ({ ...n.position() }));
      for (let step = 1; chosen === null && step <= 40; step++) {
        const shifted = from.map((p) => ({ x: p.x + (step % 2 === 0 ? 0 : 40), y: p.y + 30 * Math.ceil(step / 2) }));
        if (fits(shifted)) chosen = shifted;
      }
      const final = chosen ?? from;
      members.forEach((n, i) => {
        n.position(final[i] as Position);
        occupied.take(final[i] as Position);
      });
    }
  });
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
