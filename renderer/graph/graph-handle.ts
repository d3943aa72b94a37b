/**
 * What the shell may ask of the canvas. React components never hold cytoscape: they call
 * this handle, which the mounted graph registers (GraphCanvas.tsx). `window.netloomGraph`
 * stays for automation only.
 */
export interface GraphHandle {
  /** Brings a model element into view (expanding the cluster that holds it), at least at 100 %. */
  centreOn(modelId: string): void;
  zoomBy(factor: number): void;
  /** Where a model element is drawn, in client coordinates (for menus opened from the keyboard); null when it is not. */
  screenPointOf(modelId: string): { x: number; y: number } | null;
  /** Everything in view. */
  fit(): void;
  /** Closes every group into the overview, or opens them all when some are closed. */
  toggleOverview(): void;
  png(): Blob;
  svg(): string;
  /** The JSON of what is on screen; null before the first topology. */
  json(): string | null;
}

let current: GraphHandle | null = null;

export function setGraphHandle(handle: GraphHandle | null): void {
  current = handle;
}

/** The mounted graph, or null while none is (tests, a screen covering it). */
export const graphHandle = (): GraphHandle | null => current;
