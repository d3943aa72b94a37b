import type { Core, EventObject, NodeSingular } from 'cytoscape';
import type { AppStore } from '../store/app-store.js';
import type { KeyValueStore } from '../store/prefs.js';
import type { GraphMarks } from './graph-marks.js';
import { takeControlDrop } from './drag-control.js';
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
    // A drop on a network opened a dialog and put the node back: nothing moved.
    if (takeControlDrop(node)) return;
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

/**
 * The overview's gestures: a click or double click on a cluster opens it; a double click
 * on an open network or bar closes it again; zooming in on a cluster opens the one under
 * the middle of the view (semantic zoom).
 */
export function bindOverview(cy: Core, store: AppStore, heads: () => string[]): () => void {
  const setOpen = (head: string, open: boolean): void => {
    const s = store.getState();
    const closed = new Set(s.overview[s.view] ?? []);
    if (open) closed.delete(head);
    else closed.add(head);
    s.setOverview(
      s.view,
      heads().filter((h) => closed.has(h)),
    );
  };
  const onCluster = (ev: EventObject): void => {
    const head = ev.target.data('head') as string | undefined;
    if (!head) return;
    setOpen(head, true);
    // The cluster goes; its network or bar stays selected and pinned.
    store.getState().pin(head);
  };
  const onHead = (ev: EventObject): void => {
    const id = ev.target.id();
    if (heads().includes(id)) setOpen(id, false);
  };
  let pending: ReturnType<typeof setTimeout> | null = null;
  const onZoom = (): void => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => {
      pending = null;
      if (cy.destroyed() || cy.zoom() < SEMANTIC_ZOOM) return;
      const mid = { x: cy.width() / 2, y: cy.height() / 2 };
      const under = cy.nodes('[kind = "cluster"]').filter((n) => {
        const b = n.renderedBoundingBox({ includeLabels: false });
        return b.x1 <= mid.x && mid.x <= b.x2 && b.y1 <= mid.y && mid.y <= b.y2;
      });
      const head = under.first().data('head') as string | undefined;
      if (head) setOpen(head, true);
    }, 250);
  };
  cy.on('tap dbltap', 'node[kind = "cluster"]', onCluster);
  cy.on('dbltap', 'node[kind = "network"], node[role = "bridge"]', onHead);
  cy.on('scrollzoom pinchzoom', onZoom);
  return () => {
    if (pending) clearTimeout(pending);
    cy.off('tap dbltap', 'node[kind = "cluster"]', onCluster);
    cy.off('dbltap', 'node[kind = "network"], node[role = "bridge"]', onHead);
    cy.off('scrollzoom pinchzoom', onZoom);
  };
}

/** Zooming in this far on a cluster opens it. */
const SEMANTIC_ZOOM = 1.15;
