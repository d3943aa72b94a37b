import { compareText } from '../../core/common/order.js';
import type { GraphEdge, GraphEdgeKind, GraphElement, GraphNode } from './element-data.js';
import type { Positions } from './positions.js';

/** Lookups over one view's elements, for the rack. */
export interface RackGraph {
  nodes: Map<string, GraphNode>;
  children: Map<string, GraphNode[]>;
  edges: GraphEdge[];
  /** Neighbours per node id, with the edge. */
  links: Map<string, { other: string; kind: GraphEdgeKind; edge: GraphEdge; out: boolean }[]>;
}

export const byLabel = (a: GraphNode, b: GraphNode): number =>
  compareText(a.data.label, b.data.label) || compareText(a.data.id, b.data.id);

export function rackGraph(els: readonly GraphElement[]): RackGraph {
  const nodes = new Map<string, GraphNode>();
  const children = new Map<string, GraphNode[]>();
  const links: RackGraph['links'] = new Map();
  const edges: GraphEdge[] = [];
  for (const el of els) {
    if (el.group !== 'nodes') continue;
    nodes.set(el.data.id, el);
  }
  for (const n of nodes.values()) {
    const p = n.data.parent;
    if (p === undefined || !nodes.has(p)) continue;
    const list = children.get(p);
    if (list) list.push(n);
    else children.set(p, [n]);
  }
  const link = (a: string, b: string, edge: GraphEdge, out: boolean): void => {
    const item = { other: b, kind: edge.data.kind, edge, out };
    const list = links.get(a);
    if (list) list.push(item);
    else links.set(a, [item]);
  };
  for (const el of els) {
    if (el.group !== 'edges' || !nodes.has(el.data.source) || !nodes.has(el.data.target)) continue;
    edges.push(el);
    link(el.data.source, el.data.target, el, true);
    link(el.data.target, el.data.source, el, false);
  }
  for (const list of children.values()) list.sort(byLabel);
  edges.sort((a, b) => compareText(a.data.id, b.data.id));
  return { nodes, children, edges, links };
}

export const kidsOf = (g: RackGraph, id: string): GraphNode[] => g.children.get(id) ?? [];
export const linksOf = (g: RackGraph, id: string): NonNullable<ReturnType<RackGraph['links']['get']>> =>
  g.links.get(id) ?? [];

/** Whether a node is a top-level one (no parent among the drawn nodes). */
export const isTop = (g: RackGraph, n: GraphNode): boolean =>
  n.data.parent === undefined || !g.nodes.has(n.data.parent);

/**
 * What the rack decides besides places: data for the elements drawn to it (a bus bar's
 * width, an edge's bends as cytoscape segment weights and distances).
 */
export type LayoutData = Record<string, Record<string, unknown>>;

export interface RackLayout {
  positions: Positions;
  data: LayoutData;
  /** The drawn extent, boxes and labels included (null for an empty graph). */
  bounds: { x1: number; y1: number; x2: number; y2: number } | null;
}

/** A route through bend points, as cytoscape's `segments` curve reads it (relative to the ends). */
export function segmentsFor(
  from: { x: number; y: number },
  to: { x: number; y: number },
  bends: { x: number; y: number }[],
): { segW: number[]; segD: number[]; bends: { x: number; y: number }[] } | null {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len2 = dx * dx + dy * dy;
  if (len2 < 1 || bends.length === 0) return null;
  const len = Math.sqrt(len2);
  const segW: number[] = [];
  const segD: number[] = [];
  for (const p of bends) {
    const px = p.x - from.x;
    const py = p.y - from.y;
    segW.push(Math.round(((px * dx + py * dy) / len2) * 10_000) / 10_000);
    // cytoscape measures distances to the left of the source→target direction as negative.
    segD.push(Math.round(((px * dy - py * dx) / len) * -100) / 100);
  }
  return { segW, segD, bends };
}
