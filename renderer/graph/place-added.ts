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
  private readonly list: { id: string; box: Box; inside: readonly string[] }[] = [];

  constructor(cy: Core, fresh: ReadonlySet<string>) {
    cy.nodes().forEach((n) => {
      if (fresh.has(n.id()) || n.hasClass('removed')) return;
      // A box that holds a newcomer grows around it: its children stand for it.
      if (n.isParent() && n.descendants().some((d) => fresh.has((d as NodeSingular).id()))) return;
      this.list.push({ id: n.id(), box: boxOf(n), inside: n.ancestors().map((a) => a.id()) });
    });
  }

  /**
   * The first obstacle a unit drawn at these boxes would meet, but for `skip`. `within`: a
   * unit joining a box that is already drawn (an endpoint in its network) meets only what
   * that box holds — the box grows around it.
   */
  hit(boxes: readonly Box[], skip: ReadonlySet<string>, within: string | null): Box | null {
    for (const o of this.list)
      if (!skip.has(o.id) && (within === null || o.inside.includes(within)) && boxes.some((b) => meets(b, o.box)))
        return o.box;
    return null;
  }

  add(boxes: readonly Box[], id: string, inside: readonly string[]): void {
    for (const box of boxes) this.list.push({ id, box, inside });
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
  /** The nearest box drawn before this delta that holds a node (not the host's). */
  const oldBoxOf = (n: NodeSingular | undefined): string | null => {
    const holder = n?.ancestors().filter((a) => !freshIds.has(a.id()) && a.data('kind') !== 'host');
    return holder && holder.nonempty() ? holder.first().id() : null;
  };
  const atRack = new Set<string>();
  const placedIds = new Set<string>();
  const isFixed = (n: NodeSingular): boolean => !freshIds.has(n.id()) || placedIds.has(n.id());
  /**
   * The rack's places are those of a fresh layout, which may stand elsewhere than what was
   * drawn before: a unit cabled to something already on the canvas keeps the rack's offset
   * from it (a recreated container under its new endpoint), not the rack's absolute place.
   */
  const anchored = (members: readonly NodeSingular[]): Position[] | null => {
    const own = new Set(members.map((n) => n.id()));
    for (const m of members) {
      const rm = rack.positions[m.id()];
      if (!rm) continue;
      const k = m
        .connectedEdges()
        .connectedNodes()
        .filter((x) => !own.has(x.id()) && !x.isParent() && isFixed(x) && rack.positions[x.id()] !== undefined)
        .first() as NodeSingular;
      if (k.empty()) continue;
      const rk = rack.positions[k.id()] as Position;
      const dx = k.position().x - rk.x;
      const dy = k.position().y - rk.y;
      return members.map((n) => {
        const r = rack.positions[n.id()] ?? n.position();
        return { x: r.x + dx, y: r.y + dy };
      });
    }
    return null;
  };
  /** Without a cable to what is drawn: the offset of the nearest drawn node in the rack. */
  const nearest = (members: readonly NodeSingular[]): Position[] | null => {
    const own = new Set(members.map((n) => n.id()));
    const r0 = members.map((n) => rack.positions[n.id()]).find((p) => p !== undefined);
    if (!r0) return null;
    let best: { d: number; dx: number; dy: number } | null = null;
    cy.nodes().forEach((x) => {
      if (own.has(x.id()) || x.isParent() || x.hasClass('removed') || !isFixed(x)) return;
      const rx = rack.positions[x.id()];
      if (!rx) return;
      const d = Math.hypot(rx.x - r0.x, rx.y - r0.y);
      if (!best || d < best.d) best = { d, dx: x.position().x - rx.x, dy: x.position().y - rx.y };
    });
    const b = best as { d: number; dx: number; dy: number } | null;
    if (!b) return null;
    return members.map((n) => {
      const r = rack.positions[n.id()] ?? n.position();
      return { x: r.x + b.dx, y: r.y + b.dy };
    });
  };
  const waitsFor = (members: readonly NodeSingular[]): boolean => {
    const own = new Set(members.map((n) => n.id()));
    return members.some((m) =>
      m
        .connectedEdges()
        .connectedNodes()
        .some((x) => {
          const n = x as NodeSingular;
          return !own.has(n.id()) && !n.isParent() && !isFixed(n);
        }),
    );
  };
  const place = (unit: string, members: NodeSingular[], start: Position[], atRackPlace: boolean): void => {
    const skip = new Set(members.flatMap((n) => n.ancestors().map((a) => a.id())));
    const within = oldBoxOf(members[0]);
    const inside = members[0]?.ancestors().map((a) => a.id()) ?? [];
    const from = members.map((n) => ({ ...n.position() }));
    // Each member's drawn box relative to its position, so the unit can be tried anywhere.
    const shapes = members.map((n, i) => {
      const b = boxOf(n);
      const p = from[i] as Position;
      return { x1: b.x1 - p.x, y1: b.y1 - p.y, x2: b.x2 - p.x, y2: b.y2 - p.y };
    });
    const boxesAt = (at: readonly Position[]): Box[] =>
      shapes.map((sh, i) => {
        const p = at[i] as Position;
        return { x1: p.x + sh.x1, y1: p.y + sh.y1, x2: p.x + sh.x2, y2: p.y + sh.y2 };
      });
    let at = start;
    let free = false;
    for (let i = 0; i < MAX_SLIDES; i++) {
      const boxes = boxesAt(at);
      const hit = obstacles.hit(boxes, skip, within);
      if (!hit) {
        free = true;
        break;
      }
      const dx = hit.x2 + AIR + 1 - Math.min(...boxes.map((b) => b.x1));
      at = at.map((p) => ({ x: p.x + dx, y: p.y }));
    }
    if (!free) {
      const top = Math.min(...boxesAt(start).map((b) => b.y1));
      const dy = obstacles.bottom() + 3 * AIR - top;
      at = start.map((p) => ({ x: p.x, y: p.y + dy }));
    }
    if (free && at === start && atRackPlace) for (const n of members) atRack.add(n.id());
    members.forEach((n, i) => {
      n.position(at[i] as Position);
      placedIds.add(n.id());
    });
    obstacles.add(boxesAt(at), unit, inside);
  };
  const placeAlone = (unit: string, members: NodeSingular[]): void => {
    const near = nearest(members);
    if (near) return place(unit, members, near, false);
    const want = members.map((n) => rack.positions[n.id()]);
    const whole = want.every((p) => p !== undefined);
    place(unit, members, whole ? (want as Position[]) : members.map((n) => ({ ...n.position() })), whole);
  };
  cy.batch(() => {
    let queue = [...units];
    while (queue.length > 0) {
      const later: typeof queue = [];
      for (const [unit, members] of queue) {
        const near = anchored(members);
        if (near) place(unit, members, near, false);
        else if (waitsFor(members)) later.push([unit, members]);
        else placeAlone(unit, members);
      }
      // Newcomers cabled only to each other. One joining a box already drawn goes first,
      // where it was anchored in that box (an endpoint in its network); the others follow
      // it by their cables. Without one, the first takes the rack's place.
      if (later.length === queue.length) {
        const i = later.findIndex(([, members]) => oldBoxOf(members[0]) !== null);
        const [unit, members] = later.splice(Math.max(i, 0), 1)[0] as [string, NodeSingular[]];
        if (i >= 0)
          place(
            unit,
            members,
            members.map((n) => ({ ...n.position() })),
            false,
          );
        else placeAlone(unit, members);
      }
      queue = later;
    }
  });
  // Sizes (a tag's width) hold anywhere; bends only between ends at their rack places.
  const settled = added.filter((e) => e.isNode() || (atRack.has(e.source().id()) && atRack.has(e.target().id())));
  applyLayoutData(cy, rack.data, settled);
}
