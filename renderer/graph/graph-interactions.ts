import type { Core, EventObject, NodeSingular } from 'cytoscape';
import type { AppStore } from '../store/app-store.js';
import type { KeyValueStore } from '../store/prefs.js';
import type { GraphMarks } from './graph-marks.js';
import { currentPositions } from './layout.js';
import { loadPositions, mergePositions, savePositions } from './positions.js';

/**
 * Turns what people do on the canvas into store actions and marks: hover shows a path,
 * a tap selects and pins it, a drag is remembered per host and view, zooming switches the
 * label tier. Returns a function that unbinds everything.
 */
export function bindInteractions(
  cy: Core,
  store: AppStore,
  marks: GraphMarks,
  storage: KeyValueStore | null,
  hostname: () => string,
): () => void {
  const onZoom = (): void => marks.detailTierForZoom();
  const onOver = (ev: EventObject): void => marks.setHovered(ev.target.id());
  const onOut = (): void => marks.setHovered(null);
  const onTap = (ev: EventObject): void => {
    const { select, pin } = store.getState();
    if (ev.target === cy) {
      select(null);
      pin(null);
      return;
    }
    select(String(ev.target.data('modelId') ?? ev.target.id()));
    pin(ev.target.id());
  };
  // A routed cable's bends fit the rack's places: once an end moves, it goes straight.
  const onDrag = (ev: EventObject): void => {
    const node = ev.target as NodeSingular;
    node
      .union(node.descendants())
      .connectedEdges('[segW]')
      .forEach((e) => {
        e.removeData('segW segD');
      });
  };
  const onDragFree = (ev: EventObject): void => {
    const node = ev.target as NodeSingular;
    const moved = currentPositions(node.union(node.descendants()));
    const { view } = store.getState();
    const saved = loadPositions(storage, hostname(), view);
    savePositions(storage, hostname(), view, mergePositions(saved, moved));
  };
  cy.on('zoom', onZoom);
  cy.on('mouseover', 'node, edge', onOver);
  cy.on('mouseout', 'node, edge', onOut);
  cy.on('tap', onTap);
  cy.on('dragfree', 'node', onDragFree);
  cy.on('grab', 'node', onDrag);
  return () => {
    cy.off('grab', 'node', onDrag);
    cy.off('zoom', onZoom);
    cy.off('mouseover', 'node, edge', onOver);
    cy.off('mouseout', 'node, edge', onOut);
    cy.off('tap', onTap);
    cy.off('dragfree', 'node', onDragFree);
  };
}
