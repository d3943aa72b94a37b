import type { GraphNode } from './element-data.js';
import { FONT, LINE, SIZE } from './geometry.js';
import type { Positions } from './positions.js';
import type { LayoutData, RackGraph } from './rack-graph.js';
import type { Measure } from './text-measure.js';

export interface Bounds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

type Where = 'top' | 'bottom' | 'center';

/** Size, label font and label side of a plain node, as the stylesheet draws it. */
function look(n: GraphNode, data: LayoutData): { w: number; h: number; font: number; where: Where } {
  const d = n.data;
  switch (d.kind) {
    case 'container':
      return d.parent
        ? { ...SIZE.badge, font: FONT.name, where: 'bottom' }
        : { ...SIZE.container, font: FONT.name, where: 'bottom' };
    case 'port':
      return { w: (data[d.id]?.w as number | undefined) ?? 120, h: SIZE.port.h, font: FONT.name, where: 'center' };
    case 'nat-rule':
    case 'filter-rule':
      return { w: SIZE.rule, h: SIZE.rule, font: 9, where: 'center' };
    case 'outside':
      return { ...SIZE.outside, font: FONT.name, where: 'top' };
    case 'endpoint':
      return { w: SIZE.dot, h: SIZE.dot, font: FONT.detail, where: 'top' };
    case 'network':
      return { w: 140, h: 36, font: FONT.name, where: 'top' };
    case 'cluster':
      return {
        w: (data[d.id]?.w as number | undefined) ?? 160,
        h: (data[d.id]?.h as number | undefined) ?? 56,
        font: FONT.name,
        where: 'center',
      };
    case 'interface':
      if (d.role === 'bridge')
        return { w: (data[d.id]?.w as number | undefined) ?? 160, h: SIZE.bridge.h, font: FONT.name, where: 'center' };
      if (d.role === 'nic') return { ...SIZE.nic, font: FONT.name, where: 'bottom' };
      return { w: SIZE.dot, h: SIZE.dot, font: n.classes.includes('host-end') ? 0 : FONT.detail, where: 'bottom' };
    default:
      return { w: 30, h: 30, font: FONT.name, where: 'bottom' };
  }
}

function labelSize(text: string, font: number, m: Measure): { w: number; h: number } {
  if (text === '' || font === 0) return { w: 0, h: 0 };
  return { w: m(text, font) + 4, h: text.split('\n').length * font * LINE + 4 };
}

/** Every box's body and every label's rectangle, as the rack expects the canvas to draw them. */
export interface RackDrawing {
  bounds: Bounds | null;
  /** Compound boxes, border included, labels not. */
  boxes: Map<string, Bounds>;
  labels: { id: string; rect: Bounds }[];
}

/**
 * The rack's extent with boxes, borders and labels, as the canvas will draw it: what the
 * opening view fits, known before any element is on the canvas (measuring the canvas's own
 * bounds walks every label, which took half a second at 500 containers). The boxes and
 * labels it finds are what the rack's own tests check for overlaps and crossings.
 */
export function drawRack(g: RackGraph, at: Positions, data: LayoutData, m: Measure): RackDrawing {
  const memo = new Map<string, Bounds | null>();
  const boxes = new Map<string, Bounds>();
  const labels: RackDrawing['labels'] = [];
  const extent = (n: GraphNode): Bounds | null => {
    const hit = memo.get(n.data.id);
    if (hit !== undefined) return hit;
    const kids = g.children.get(n.data.id) ?? [];
    let b: Bounds | null = null;
    let where: Where;
    let font: number = FONT.name;
    if (kids.length > 0) {
      for (const k of kids) b = union(b, extent(k));
      if (b) {
        const pad = (n.data.kind === 'host' ? SIZE.hostPadding : SIZE.boxPadding) + 2;
        b = { x1: b.x1 - pad, y1: b.y1 - pad, x2: b.x2 + pad, y2: b.y2 + pad };
        boxes.set(n.data.id, b);
      }
      where = n.data.kind === 'netns' ? 'bottom' : 'top';
    } else {
      const p = at[n.data.id];
      if (!p) return null;
      const s = look(n, data);
      where = s.where;
      font = s.font;
      b = { x1: p.x - s.w / 2, y1: p.y - s.h / 2, x2: p.x + s.w / 2, y2: p.y + s.h / 2 };
    }
    if (b) {
      const l = labelSize(n.data.label, font, m);
      const cx = (b.x1 + b.x2) / 2;
      const cy = (b.y1 + b.y2) / 2;
      const lb =
        where === 'top'
          ? { x1: cx - l.w / 2, y1: b.y1 - l.h - 2, x2: cx + l.w / 2, y2: b.y1 - 2 }
          : where === 'bottom'
            ? { x1: cx - l.w / 2, y1: b.y2 + 2, x2: cx + l.w / 2, y2: b.y2 + l.h + 2 }
            : { x1: cx - l.w / 2, y1: cy - l.h / 2, x2: cx + l.w / 2, y2: cy + l.h / 2 };
      if (l.w > 0) {
        labels.push({ id: n.data.id, rect: lb });
        b = union(b, lb);
      }
    }
    memo.set(n.data.id, b);
    return b;
  };
  let bounds: Bounds | null = null;
  for (const n of g.nodes.values())
    if (n.data.parent === undefined || !g.nodes.has(n.data.parent)) bounds = union(bounds, extent(n));
  return { bounds, boxes, labels };
}

export const rackBounds = (g: RackGraph, at: Positions, data: LayoutData, m: Measure): Bounds | null =>
  drawRack(g, at, data, m).bounds;

export function union(a: Bounds | null, b: Bounds | null): Bounds | null {
  if (!a) return b;
  if (!b) return a;
  return { x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1), x2: Math.max(a.x2, b.x2), y2: Math.max(a.y2, b.y2) };
}
