import type { Collection, Core, NodeSingular, Position } from 'cytoscape';
import { FONT } from './geometry.js';
import { GAP } from './rack-common.js';
import type { Measure } from './text-measure.js';

/**
 * Places what a delta added next to what is already there, when the rack's rule for it is
 * local: an interface joins its box's row of interfaces, the host end of its cable takes
 * the free spot on its bar right above it (so the cable still drops straight), an endpoint
 * joins its network box's row over its container. This is what a `docker network connect`
 * adds; placing it needs no pass over the whole rack. Returns what it could not place.
 */
export function placeLocally(cy: Core, added: Collection, m: Measure): Collection {
  const fresh = new Set(added.nodes().map((n) => n.id()));
  const isOld = (n: NodeSingular): boolean => !fresh.has(n.id());
  let rest = cy.collection();
  const placed = new Set<string>();
  const tryPlace = (n: NodeSingular): boolean => {
    const kind = String(n.data('kind'));
    const parent = n.parent().first() as NodeSingular;
    if (kind === 'interface' && parent.nonempty() && isOld(parent) && parent.data('kind') !== 'host') {
      // Beside its siblings, in the box's row of interfaces.
      const sibs = parent.children().filter((k) => isOld(k as NodeSingular) && k.data('kind') === 'interface');
      if (sibs.empty()) return false;
      let right = -Infinity;
      let y = 0;
      sibs.forEach((k) => {
        const p = (k as NodeSingular).position();
        const w = labelW(k as NodeSingular, m);
        if (p.x + w / 2 > right) {
          right = p.x + w / 2;
          y = p.y;
        }
      });
      n.position({ x: right + labelW(n, m) / 2, y });
      return true;
    }
    if (kind === 'endpoint' && parent.nonempty() && isOld(parent)) {
      const sibs = parent.children().filter((k) => isOld(k as NodeSingular));
      const owner = n.connectedEdges('[kind = "endpoint"]').sources().first() as NodeSingular;
      if (sibs.empty() || owner.empty() || !placedOrOld(owner)) return false;
      const y = (sibs.first() as NodeSingular).position().y;
      n.position({ x: freeX(sibs, owner.position().x, labelW(n, m)), y });
      return true;
    }
    if (kind === 'interface' && String(n.data('role')) === 'veth' && parent.data('kind') === 'host') {
      // A host-side end: on its bar, over the interface at the cable's other end.
      const bar = n.connectedEdges('[kind = "bridge-port"]').targets().first() as NodeSingular;
      const peer = n
        .connectedEdges('[kind = "veth"]')
        .connectedNodes()
        .filter((x) => x.id() !== n.id())
        .first() as NodeSingular;
      if (bar.empty() || !isOld(bar) || peer.empty() || !placedOrOld(peer)) return false;
      const dots = bar
        .connectedEdges('[kind = "bridge-port"]')
        .sources()
        .filter((d) => isOld(d as NodeSingular) || placed.has(d.id()));
      const y = dots.nonempty() ? (dots.first() as NodeSingular).position().y : bar.position().y + bar.height() / 2;
      n.position({ x: freeX(dots, peer.position().x, GAP.dot), y });
      return true;
    }
    return false;
  };
  const placedOrOld = (n: NodeSingular): boolean => isOld(n) || placed.has(n.id());
  // Interfaces first, so their host ends find them placed.
  const order = added
    .nodes()
    .filter((n) => !n.isParent())
    .sort((a, b) => Number(inHost(a as NodeSingular)) - Number(inHost(b as NodeSingular)));
  cy.batch(() => {
    order.forEach((n) => {
      const node = n as NodeSingular;
      if (tryPlace(node)) placed.add(node.id());
      else rest = rest.union(node);
    });
  });
  return rest;
}

const inHost = (n: NodeSingular): boolean => n.parent().first().data('kind') === 'host';

/** The x nearest `want` where nothing of `row` stands within `gap`. */
function freeX(row: Collection, want: number, gap: number): number {
  const xs = row.map((r) => (r as NodeSingular).position().x);
  let at = want;
  for (let i = 0; xs.some((x) => Math.abs(x - at) < gap) && i < 60; i++)
    at = want + gap * Math.ceil((i + 1) / 2) * (i % 2 === 0 ? 1 : -1);
  return at;
}

/** The width an interface or endpoint column takes: its label's widest line, or its dot. */
function labelW(n: NodeSingular, m: Measure): number {
  const label = String(n.data('label') ?? '');
  return Math.max(12, ...label.split('\n').map((l) => m(l, FONT.detail))) + GAP.iface;
}

export type { Position };
