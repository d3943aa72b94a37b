/**
 * What a newcomer needs of the opening view, measured on the live canvas through
 * `window.netloomGraph`: everything in sight, every name big enough to read, no label on
 * another, no cable through a box that holds neither of its ends. `measureReadability`
 * runs in the page (Playwright sends its source), so it is self-contained: no imports, no
 * closure over this module.
 */

export interface Readability {
  zoom: number;
  /** The canvas size the view was measured in. */
  canvas: { width: number; height: number };
  /** Elements whose drawn box (labels included) leaves the canvas, or sits under an overlay. */
  clipped: string[];
  /** Names drawn under 11 CSS px, or not drawn at all at this zoom. */
  small: { id: string; label: string; px: number }[];
  overlaps: { a: string; b: string; text: [string, string] }[];
  crossings: { edge: string; box: string }[];
  /** How much was checked, so a test cannot pass on an empty picture. */
  counted: { names: number; labels: number; edges: number; boxes: number };
  /** The smallest on-screen size of a name, in CSS px. */
  smallestName: number;
}

export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Runs in the page. `overlays` are rendered rectangles of UI drawn over the canvas (legend, minimap). */
export function measureReadability(overlays: Rect[]): Readability {
  type Box = { x1: number; y1: number; x2: number; y2: number; w: number; h: number };
  type Pt = { x: number; y: number };
  interface Ele {
    id(): string;
    isNode(): boolean;
    isParent(): boolean;
    hasClass(c: string): boolean;
    data(k: string): unknown;
    pstyle(k: string): { pfValue?: number; strValue?: string; value?: unknown };
    boundingBox(o: Record<string, boolean>): Box;
    renderedBoundingBox(o: Record<string, boolean>): Box;
    source(): Ele;
    target(): Ele;
    ancestors(): { toArray(): Ele[] };
    sourceEndpoint(): Pt;
    targetEndpoint(): Pt;
    segmentPoints(): Pt[] | undefined;
    controlPoints(): Pt[] | undefined;
  }
  interface Cy {
    zoom(): number;
    width(): number;
    height(): number;
    elements(): { toArray(): Ele[] };
  }
  const cy = (globalThis as unknown as { netloomGraph: Cy }).netloomGraph;
  const zoom = cy.zoom();
  const all = cy
    .elements()
    .toArray()
    .filter((e) => !e.hasClass('removed'));
  const nodes = all.filter((e) => e.isNode());
  const edges = all.filter((e) => !e.isNode());

  // Nothing outside the canvas, nothing under the UI drawn over it.
  const clipped: string[] = [];
  const W = cy.width();
  const H = cy.height();
  const hits = (a: Rect, b: Rect): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  for (const e of all) {
    const r = e.renderedBoundingBox({ includeLabels: true, includeOverlays: false, includeUnderlays: false });
    if (!Number.isFinite(r.x1)) continue;
    if (r.x1 < -0.5 || r.y1 < -0.5 || r.x2 > W + 0.5 || r.y2 > H + 0.5 || overlays.some((o) => hits(r, o)))
      clipped.push(e.id());
  }

  const label = (e: Ele, which: string): string => String(e.pstyle(which).strValue ?? '');
  const px = (e: Ele): number => (e.pstyle('font-size').pfValue ?? 0) * zoom;
  const drawn = (e: Ele): boolean => px(e) >= (e.pstyle('min-zoomed-font-size').pfValue ?? 0);

  // Names: containers, networks, bridges, namespaces, host NICs, published ports.
  const small: Readability['small'] = [];
  let names = 0;
  let smallestName = Infinity;
  for (const n of nodes) {
    const kind = String(n.data('kind'));
    const role = String(n.data('role'));
    const named =
      ['container', 'network', 'netns', 'host', 'port', 'cluster'].includes(kind) ||
      (kind === 'interface' && (role === 'bridge' || role === 'nic'));
    const text = label(n, 'label');
    if (!named || text.trim() === '') continue;
    names++;
    smallestName = Math.min(smallestName, px(n));
    if (!drawn(n) || px(n) < 11) small.push({ id: n.id(), label: text, px: Math.round(px(n) * 10) / 10 });
  }

  // Every drawn label: node labels and the labels at cable ends.
  const boxes: { id: string; text: string; r: Box }[] = [];
  const opts = {
    includeNodes: false,
    includeEdges: false,
    includeLabels: true,
    includeOverlays: false,
    includeUnderlays: false,
  };
  for (const e of all) {
    if (!drawn(e)) continue;
    const parts: [string, Record<string, boolean>][] = e.isNode()
      ? [['label', { ...opts, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false }]]
      : [
          ['label', { ...opts, includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false }],
          [
            'source-label',
            { ...opts, includeMainLabels: false, includeSourceLabels: true, includeTargetLabels: false },
          ],
          [
            'target-label',
            { ...opts, includeMainLabels: false, includeSourceLabels: false, includeTargetLabels: true },
          ],
        ];
    for (const [which, o] of parts) {
      const text = label(e, which);
      if (text.trim() === '') continue;
      const r = e.boundingBox(o);
      if (Number.isFinite(r.x1) && r.w > 0) boxes.push({ id: `${e.id()}#${which}`, text, r });
    }
  }
  // Two labels overlap when they share more than a hair (text outlines touch at 2 px).
  const tol = 2 / zoom;
  const overlaps: Readability['overlaps'] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i] as (typeof boxes)[number];
      const b = boxes[j] as (typeof boxes)[number];
      const w = Math.min(a.r.x2, b.r.x2) - Math.max(a.r.x1, b.r.x1);
      const h = Math.min(a.r.y2, b.r.y2) - Math.max(a.r.y1, b.r.y1);
      if (w > tol && h > tol) overlaps.push({ a: a.id, b: b.id, text: [a.text, b.text] });
    }

  // Cables across boxes that hold neither end.
  const parents = nodes.filter((n) => n.isParent());
  const crosses = (p: Pt, q: Pt, r: Box): boolean => {
    // Liang–Barsky: does the segment p→q enter the rectangle?
    let t0 = 0;
    let t1 = 1;
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const clip = (den: number, num: number): boolean => {
      if (den === 0) return num <= 0;
      const t = num / den;
      if (den < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
      return true;
    };
    return clip(-dx, p.x - r.x2) && clip(dx, r.x1 - p.x) && clip(-dy, p.y - r.y2) && clip(dy, r.y1 - p.y) && t0 < t1;
  };
  const crossings: Readability['crossings'] = [];
  for (const e of edges) {
    const src = e.source();
    const tgt = e.target();
    const holders = new Set([src, tgt, ...src.ancestors().toArray(), ...tgt.ancestors().toArray()].map((x) => x.id()));
    const mid = String(e.pstyle('curve-style').strValue) === 'segments' ? (e.segmentPoints() ?? []) : [];
    const pts = [e.sourceEndpoint(), ...mid, e.targetEndpoint()];
    // An edge whose ends overlap (a veth end on its bus bar) is not drawn at all.
    if (pts.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y))) continue;
    for (const box of parents) {
      if (holders.has(box.id())) continue;
      const b = box.boundingBox({ includeLabels: false, includeOverlays: false, includeUnderlays: false });
      const inner = { x1: b.x1 + 2, y1: b.y1 + 2, x2: b.x2 - 2, y2: b.y2 - 2, w: b.w - 4, h: b.h - 4 };
      for (let i = 0; i + 1 < pts.length; i++)
        if (crosses(pts[i] as Pt, pts[i + 1] as Pt, inner)) {
          crossings.push({ edge: e.id(), box: box.id() });
          break;
        }
    }
  }
  return {
    zoom,
    canvas: { width: W, height: H },
    clipped,
    small,
    overlaps,
    crossings,
    counted: { names, labels: boxes.length, edges: edges.length, boxes: parents.length },
    smallestName: Math.round(smallestName * 10) / 10,
  };
}
