import type { Core, SingularElementReturnValue } from 'cytoscape';

/**
 * The shell reaches the canvas only through `window.netloomGraph`, the cytoscape instance
 * the graph exposes for automation (ARCHITECTURE.md), so it never holds cytoscape itself.
 */
export function graph(): Core | null {
  return (window as unknown as { netloomGraph?: Core }).netloomGraph ?? null;
}

export const prefersReducedMotion = (): boolean =>
  window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/** A model id is a graph id, except where the graph draws one model element as another (Docker-view endpoints). */
export function elementFor(cy: Core, modelId: string): SingularElementReturnValue | null {
  const direct = cy.getElementById(modelId);
  if (direct.nonempty()) return direct;
  const byData = cy.elements().filter((e) => e.data('modelId') === modelId);
  return byData.nonempty() ? (byData[0] ?? null) : null;
}

const duration = (): number => (prefersReducedMotion() ? 0 : 250);

export function centreOn(modelId: string): void {
  const cy = graph();
  const el = cy && elementFor(cy, modelId);
  if (!cy || !el) return;
  const zoom = Math.max(cy.zoom(), 1);
  if (duration() === 0) {
    cy.zoom(zoom);
    cy.center(el);
  } else cy.animate({ center: { eles: el }, zoom, duration: duration() });
}

export function zoomBy(factor: number): void {
  const cy = graph();
  if (!cy) return;
  const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
  cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

export function fitAll(): void {
  const cy = graph();
  if (!cy) return;
  if (duration() === 0) cy.fit(undefined, 30);
  else cy.animate({ fit: { eles: cy.elements(), padding: 30 }, duration: duration() });
}
