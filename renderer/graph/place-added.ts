import type { BoundingBox12, Collection, Core, NodeSingular, Position } from 'cytoscape';
import { applyLayoutData } from './layout.js';
import type { RackLayout } from './rack-layout.js';

type Box = Pick<BoundingBox12, 'x1' | 'y1' | 'x2' | 'y2'>;

/** Air kept between a newcomer and what stands there, in model pixels. */
const AIR = 12;
/** A unit slides right past at most this many obstacles before it goes under everything. */
const MAX_SLIDES = 200;

const boxOf = (n: NodeSingular): Box => {
  const b = n.boundingBox({ includeLabels: true, includeOverlays: false });
  return { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
};

const meets = (a: Box, b: Box): boolean =>
  a.x1 < b.x2 + AIR && b.x1 < a.x2 + AIR && a.y1 < b.y2 + AIR && b.y1 < a.y2 + AIR;

/**
 * The drawn boxes (labels included) of what was there before the delta: plain nodes and
 * boxes alike, so a newcomer is kept off a whole network or namespace box, not only off
 * the dots inside it. A unit's own ancestors are no obstacle: an endpoint joins its box.
 */
class Obstacles {
  private readonly list: { id: string; box: Box }[] = [];

  constructor(cy: Core, fresh: ReadonlySet<string>) {
    cy.nodes().forEach((n) => {
      if (fresh.has(n.id()) || n.hasClass('removed')) return;
      // A box that holds a newcomer grows around it: its children stand for it.
      if (n.isParent() && n.descendants().some((d) => fresh.has((d as NodeSingular).id()))) return;
      this.list.push({ id: n.id(), box: boxOf(n) });
    });
  }

  /** The first obstacle a unit drawn at these boxes would meet, but for `skip`. */
  hit(boxes: readonly Box[], skip: ReadonlySet<string>): Box | null {
    for (const o of this.list) if (!skip.has(o.id) && boxes.some((b) => meets(b, o.box))) return o.box;
    return null;
  }

  add(boxes: readonly Box[], id: string): void {
    for (const box of boxes) this.list.push({ id, box });
  }

  bottom(): number {
    return this.list.reduce((y, o) => Math.max(y, o.box.y2), -Infinity);
  }
}

/**
 * Places what a delta added without moving anything else (docs/visual.md: dragged
 * positions are kept, only what is new is laid out). A unit — a namespace box moves as one,
 * host-side links each on their own — takes its rack place when nothing drawn is in the
 * way, so a container started later lands where a re-layout would put it. Otherwise it
 * slides right along its row past whatever is in the way, box by box, and if it cannot
 * find room there it goes under everything. Newcomers that took their rack place take
 * its data too (tag widths, cable bends).
 */
export function placeAdded(cy: Core, rack: RackLayout, added: Collection): void {
  const fresh = added.nodes().filter((n) => !n.isParent());
  if (fresh.empty()) return;
  const freshIds = new Set(added.nodes().map((n) => n.id()));
  const obstacles = new Obstacles(cy, freshIds);
  const units = new Map<string, NodeSingular[]>();
  fresh.forEach((n) => {
    const top = n.ancestors().last();
    const unit = top.nonempty() && top.data('kind') !== 'host' ? top.id() : n.id();
    units.set(unit, [...(units.get(unit) ?? []), n]);
  });
  const atRack = new Set<string>();
  cy.batch(() => {
    for (const [unit, members] of units) {
      const skip = new Set(members.flatMap((n) => n.ancestors().map((a) => a.id())));
      const from = members.map((n) => ({ ...n.position() }));
      // Each member's drawn box relative to its position, so the unit can be tried anywhere.
      const shapes = members.map((n, i) => {
        const b = boxOf(n);
        const p = from[i] as Position;
        return { x1: b.x1 - p.x, y1: b.y1 - p.y, x2: b.x2 - p.x, y2: b.y2 - p.y };
      });
      const boxesAt = (at: readonly Position[]): Box[] =>
        shapes.map((s, i) => {
          const p = at[i] as Position;
          return { x1: p.x + s.x1, y1: p.y + s.y1, x2: p.x + s.x2, y2: p.y + s.y2 };
        });
      const want = members.map((n) => rack.positions[n.id()]);
      const start = want.every((p) => p !== undefined) ? (want as Position[]) : from;
      let at = start;
      let placed = false;
      for (let i = 0; i < MAX_SLIDES; i++) {
        const boxes = boxesAt(at);
        const hit = obstacles.hit(boxes, skip);
        if (!hit) {
          placed = true;
          break;
        }
        const dx = hit.x2 + AIR + 1 - Math.min(...boxes.map((b) => b.x1));
        at = at.map((p) => ({ x: p.x + dx, y: p.y }));
      }
      if (!placed) {
        const top = Math.min(...boxesAt(start).map((b) => b.y1));
        const dy = obstacles.bottom() + 3 * AIR - top;
        at = start.map((p) => ({ x: p.x, y: p.y + dy }));
      }
      if (placed && at === start && start === want) for (const n of members) atRack.add(n.id());
      members.forEach((n, i) => n.position(at[i] as Position));
      obstacles.add(boxesAt(at), unit);
    }
  });
  // Sizes (a tag's width) hold anywhere; bends only between ends at their rack places.
  const settled = added.filter((e) => e.isNode() || (atRack.has(e.source().id()) && atRack.has(e.target().id())));
  applyLayoutData(cy, rack.data, settled);
}
