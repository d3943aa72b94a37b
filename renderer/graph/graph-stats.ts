/**
 * What the graph publishes about its own work as `window.netloomGraphStats`, for
 * automation and `npm run bench:render` (which imports this type). No imports, so the
 * bench compiles it without the DOM or cytoscape.
 */
export interface GraphStats {
  /** Graph updates applied (snapshots, deltas, filter changes). */
  patches: number;
  /** How long the last update took: elements computed, diffed and applied in one batch. */
  lastPatchMs: number;
  /** From the first snapshot to the end of its layout. */
  firstLayoutMs: number;
  laidOut: boolean;
  elements: number;
  /** When the first topology reached the graph, in ms since the page started loading. */
  firstDataAt: number;
  /** When the first picture was on screen, in ms since the page started loading. */
  firstPaintAt: number;
  /** Where the last update's time went: model → elements, diff, canvas patch, highlights. */
  lastPatchPhases: { elements: number; diff: number; apply: number; marks: number };
  /** How many units (the elements drawing one model element) the last delta rebuilt. */
  lastRebuiltUnits: number;
  /** Layout changes under way (a view switch, a re-layout, a cluster opening): 0 when the picture is still. */
  settling: number;
}
