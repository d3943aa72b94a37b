import { compareText } from '../../core/common/order.js';
import type { GraphNode } from './element-data.js';
export type { Measure } from './text-measure.js';

/** Gaps of the rack, in model px. */
export const GAP = {
  /** Between an interface's column and the next, inside a box. */
  iface: 14,
  badge: 16,
  /** Between boxes of one bridge. */
  box: 18,
  /** Between the groups of two bridges. */
  group: 24,
  /** From the host box's bottom to the first row of boxes: where cables from a neighbour bridge turn. */
  drop: 46,
  /** Between rows of boxes. */
  row: 32,
  /** How far above its box a routed cable turns. */
  turn: 22,
  /** Parallel cables in one gutter. */
  lane: 6,
  /** Host-side veth ends along a bar. */
  dot: 16,
  /** The band of port stacks, above and below (a MASQUERADE diamond sits over its bar's end). */
  band: 21,
  portStep: 26,
  /** A port stack's trunk: how far left of its interface it runs. */
  trunk: 16,
  stack: 16,
  rule: 6,
  top: 28,
  outside: 72,
  /** A link standing beside the parent link it pairs with. */
  beside: 56,
} as const;

/**
 * The screen the rack is packed for: a laptop's graph area beside the inspector (1440×900
 * leaves about 1080×820). The rack never reads the real window, so a resize does not move
 * anything; it only aims for this shape.
 */
export const TARGET = { width: 1080, height: 820 } as const;

/** The zoom at which a rack of this size fits the target screen, with a margin. */
export const fitZoom = (w: number, h: number): number =>
  Math.min((TARGET.width - 60) / Math.max(1, w), (TARGET.height - 60) / Math.max(1, h));

/**
 * How many rows of boxes each group may wrap into: the count that lets the whole rack
 * fit the target screen at the largest zoom. Groups are laid side by side; a group of n
 * boxes in r rows is ceil(n / r) boxes wide.
 */
export function chooseRows(
  groups: { widths: number[]; min: number }[],
  heightFor: (rows: number) => number,
  minWidth: number,
): number {
  const most = Math.max(1, ...groups.map((g) => g.widths.length));
  let best = 1;
  let bestZoom = -Infinity;
  for (let rows = 1; rows <= most; rows++) {
    const width = groups.reduce((total, g) => {
      const cols = Math.max(1, Math.ceil(g.widths.length / rows));
      const widest = Math.max(0, ...g.widths);
      return total + Math.max(g.min, cols * widest + (cols - 1) * (GAP.box + 2 * GAP.lane * (rows - 1))) + GAP.group;
    }, -GAP.group);
    const zoom = fitZoom(Math.max(width, minWidth), heightFor(rows));
    // Wrapping bends cables: a row more only for a clearly better fit, and none once it reads well.
    if (zoom > bestZoom * 1.06) {
      best = rows;
      bestZoom = zoom;
    }
    if (bestZoom >= GOOD_ZOOM) break;
  }
  return best;
}

/** A rack that fits the target screen at this zoom is read without effort: names at 13 px. */
export const GOOD_ZOOM = 0.92;

/** Published ports in the order people read them: by host port, IPv4 before IPv6. */
export function portOrder(
  a: { data: { label: string; id: string } },
  b: { data: { label: string; id: string } },
): number {
  const key = (l: string): number => Number(/:(\d+)→/.exec(l)?.[1] ?? 0);
  const v6 = (l: string): number => Number(l.startsWith('['));
  return (
    key(a.data.label) - key(b.data.label) ||
    v6(a.data.label) - v6(b.data.label) ||
    (a.data.label < b.data.label ? -1 : a.data.label > b.data.label ? 1 : 0)
  );
}

const nameOf = (n: GraphNode): string => (n.data.label.split('\n')[0] ?? '').replace(/^\? /, '');

/** Docker's networks in the rack: the default `bridge` first, `host` and `none` last, the rest by name. */
export function networkOrder(a: GraphNode, b: GraphNode): number {
  const rank = (n: GraphNode): number => {
    const name = nameOf(n);
    return name === 'bridge' ? 0 : name === 'host' || name === 'none' ? 2 : 1;
  };
  return rank(a) - rank(b) || compareText(nameOf(a), nameOf(b)) || compareText(a.data.id, b.data.id);
}

/** Bus bars in the rack: docker0 first, then Docker's bridges by network name, then other bridges by name. */
export function bridgeOrder(a: GraphNode, b: GraphNode): number {
  const network = (n: GraphNode): string | null => /\n\((.*)\)$/.exec(n.data.label)?.[1] ?? null;
  const rank = (n: GraphNode): number => (nameOf(n) === 'docker0' ? 0 : network(n) !== null ? 1 : 2);
  const key = (n: GraphNode): string => network(n) ?? nameOf(n);
  return rank(a) - rank(b) || compareText(key(a), key(b)) || compareText(a.data.id, b.data.id);
}
