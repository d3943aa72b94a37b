import type { Collection, Core, NodeCollection } from 'cytoscape';
import { prefersReducedMotion } from './motion.js';

/** Room kept free of what must be seen, in pixels from the canvas's right and bottom edges (a card over it). */
export interface Reserve {
  right: number;
  bottom: number;
}

const PAD = 32;

/** Whether every element lies inside the canvas (less `reserve`), labels included. */
export function allInView(
  cy: Core,
  eles: Collection | NodeCollection,
  reserve: Reserve = { right: 0, bottom: 0 },
): boolean {
  if (eles.empty()) return true;
  const b = eles.renderedBoundingBox({ includeLabels: true });
  return b.x1 >= 0 && b.y1 >= 0 && b.x2 <= cy.width() - reserve.right && b.y2 <= cy.height() - reserve.bottom;
}

/**
 * Moves the view the least that shows `eles` whole: a pan at the person's own zoom when
 * they fit at it, zooming out only as far as needed when they do not. Nothing moves when
 * they are already in view.
 */
export function bringIntoView(cy: Core, eles: Collection, reserve: Reserve = { right: 0, bottom: 0 }): void {
  if (eles.empty() || allInView(cy, eles, reserve)) return;
  const w = Math.max(cy.width() - reserve.right, 120);
  const h = Math.max(cy.height() - reserve.bottom, 120);
  const b = eles.boundingBox({ includeLabels: true });
  const fitZoom = Math.min((w - 2 * PAD) / Math.max(b.w, 1), (h - 2 * PAD) / Math.max(b.h, 1));
  const zoom = Math.max(cy.minZoom(), Math.min(cy.zoom(), fitZoom));
  const pan = { x: w / 2 - (b.x1 + b.w / 2) * zoom, y: h / 2 - (b.y1 + b.h / 2) * zoom };
  if (prefersReducedMotion()) cy.viewport({ zoom, pan });
  else cy.animate({ zoom, pan, duration: 250 });
}
