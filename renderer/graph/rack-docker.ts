import type { GraphNode } from './element-data.js';
import { FONT, LINE, SIZE } from './geometry.js';
import type { Positions } from './positions.js';
import { GAP, fitZoom, networkOrder, portOrder, type Measure } from './rack-common.js';
import {
  byLabel,
  isTop,
  kidsOf,
  linksOf,
  segmentsFor,
  type LayoutData,
  type RackGraph,
  type RackLayout,
} from './rack-graph.js';
import { clusterSize, portWidth } from './rack-kernel.js';

/**
 * The Docker view's rack: network boxes holding their endpoints along their bottom edge,
 * each container under its first network with a cable up to each of its endpoints, its
 * published ports in a column under it. A container on two networks stands at the end of
 * the first one's row, beside the second; a `container:X` container stands next to X.
 * Networks wrap onto shelves so the whole picture keeps a screen's shape; a network with
 * many containers wraps them into rows whose cables come up the gutters between columns.
 */

interface Column {
  container: GraphNode;
  /** This container's endpoints in the group's network (one per row slot). */
  endpoints: GraphNode[];
  ports: GraphNode[];
  w: number;
  row: number;
  col: number;
  x: number;
}

interface Group {
  network: GraphNode | null;
  columns: Column[];
  /** Endpoints of containers that stand in another group, at the box's near end. */
  extra: GraphNode[];
  extraW: number[];
  cols: number;
  rows: number;
  colW: number[];
  width: number;
  height: number;
  left: number;
  top: number;
}

const lineH = (font: number): number => font * LINE;
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

const endpointWidth = (e: GraphNode, m: Measure): number =>
  Math.max(SIZE.dot, ...e.data.label.split('\n').map((l) => m(l, FONT.detail))) + GAP.iface;

export function dockerRack(g: RackGraph, m: Measure): Omit<RackLayout, 'bounds'> {
  const out: Positions = {};
  const data: LayoutData = {};
  const top = [...g.nodes.values()].filter((n) => isTop(g, n));
  const networks = top.filter((n) => n.data.kind === 'network').sort(networkOrder);
  const rank = new Map(networks.map((n, i) => [n.data.id, i]));
  const endpointsOf = (c: string): GraphNode[] =>
    linksOf(g, c)
      .filter((l) => l.kind === 'endpoint' && l.out)
      .map((l) => g.nodes.get(l.other))
      .filter((n): n is GraphNode => n !== undefined && rank.has(n.data.parent ?? ''));
  // An overview's clusters stand in their network's row like containers.
  const containers = top.filter((n) => n.data.kind === 'container' || n.data.kind === 'cluster').sort(byLabel);
  const groupOf = new Map<string, number>();
  const secondOf = new Map<string, number>();
  for (const c of containers) {
    if (c.data.kind === 'cluster') {
      const r = rank.get(c.data.head ?? '');
      if (r !== undefined) groupOf.set(c.data.id, r);
      continue;
    }
    const ranks = [...new Set(endpointsOf(c.data.id).map((e) => rank.get(e.data.parent as string) as number))].sort(
      (a, b) => a - b,
    );
    if (ranks.length > 0) groupOf.set(c.data.id, ranks[0] as number);
    if (ranks.length > 1) secondOf.set(c.data.id, ranks[1] as number);
  }
  // `container:X` members share X's namespace: they stand next to X.
  const ownerOf = new Map<string, string>();
  for (const c of containers) {
    const shared = linksOf(g, c.data.id).find((l) => l.kind === 'shares-netns' && l.out);
    if (shared && !groupOf.has(c.data.id)) {
      ownerOf.set(c.data.id, shared.other);
      const via = groupOf.get(shared.other);
      if (via !== undefined) groupOf.set(c.data.id, via);
    }
  }
  const portsOf = new Map<string, GraphNode[]>();
  for (const p of top.filter((n) => n.data.kind === 'port').sort(portOrder)) {
    const c = linksOf(g, p.data.id).find((l) => l.kind === 'publishes' && l.out)?.other;
    if (c !== undefined) portsOf.set(c, [...(portsOf.get(c) ?? []), p]);
  }

  const groups: Group[] = [...networks, null].map((network) => ({
    network,
    columns: [],
    extra: [],
    extraW: [],
    cols: 0,
    rows: 1,
    colW: [],
    width: 0,
    height: 0,
    left: 0,
    top: 0,
  }));
  const restIndex = networks.length;
  const ordered = [...containers].sort(
    (a, b) =>
      Number(secondOf.has(a.data.id)) - Number(secondOf.has(b.data.id)) ||
      (secondOf.get(b.data.id) ?? 0) - (secondOf.get(a.data.id) ?? 0) ||
      byLabel(a, b),
  );
  // Owners first, each followed by its sharers.
  const placedIds = new Set<string>();
  const seq: GraphNode[] = [];
  const push = (c: GraphNode): void => {
    if (placedIds.has(c.data.id)) return;
    placedIds.add(c.data.id);
    seq.push(c);
    for (const s of ordered) if (ownerOf.get(s.data.id) === c.data.id) push(s);
  };
  for (const c of ordered) if (!ownerOf.has(c.data.id) || !g.nodes.has(ownerOf.get(c.data.id) as string)) push(c);
  for (const c of ordered) push(c);
  for (const c of seq) {
    const gi = groupOf.get(c.data.id) ?? restIndex;
    const grp = groups[gi] as Group;
    const own = endpointsOf(c.data.id).filter((e) => e.data.parent === grp.network?.data.id);
    const ports = portsOf.get(c.data.id) ?? [];
    const stackW = ports.length > 0 ? Math.max(...ports.map((p) => portWidth(p, m))) + GAP.trunk : 0;
    const w =
      Math.max(SIZE.container.w, m(c.data.label, FONT.name), stackW, sum(own.map((e) => endpointWidth(e, m)))) +
      GAP.box;
    grp.columns.push({ container: c, endpoints: own, ports, w, row: 0, col: 0, x: 0 });
  }
  for (const grp of groups) {
    if (!grp.network) continue;
    const mine = new Set(grp.columns.flatMap((col) => col.endpoints.map((e) => e.data.id)));
    grp.extra = kidsOf(g, grp.network.data.id).filter((e) => !mine.has(e.data.id));
    grp.extraW = grp.extra.map((e) => endpointWidth(e, m));
  }
  const used = groups.filter((grp) => grp.network !== null || grp.columns.length > 0);

  // Heights: the network's title over its box, endpoints along the box's bottom, containers
  // under it, their ports under them.
  const titleH = 3 * lineH(FONT.name);
  const epBlock = 2 * lineH(FONT.detail) + 2 + SIZE.dot;
  const boxH = epBlock + 2 * SIZE.boxPadding;
  /** From a column's top to the first port: a container and its name, or a cluster. */
  const headH = (c: GraphNode): number =>
    c.data.kind === 'cluster' ? clusterSize(c, m).h + 6 : SIZE.container.h + 3 + lineH(FONT.name);
  const rowHeight = (cols: Column[]): number => {
    const ports = Math.max(0, ...cols.map((c) => c.ports.length));
    return Math.max(0, ...cols.map((c) => headH(c.container))) + (ports > 0 ? 10 + ports * GAP.portStep : 0);
  };
  const rowH = new Map<Group, number>();
  const dockerRows = (grp: Group): number => {
    const n = grp.columns.length;
    // A network wraps its containers only when it has many: a row keeps cables straight.
    if (n <= 10) return 1;
    return Math.max(1, Math.round(Math.sqrt(n / 3)));
  };
  for (const grp of used) {
    grp.rows = dockerRows(grp);
    grp.cols = Math.max(1, Math.ceil(grp.columns.length / grp.rows));
    grp.colW = Array.from({ length: grp.cols }, () => 0);
    grp.columns.forEach((col, k) => {
      col.row = Math.floor(k / grp.cols);
      col.col = k % grp.cols;
      const slots = grp.rows;
      grp.colW[col.col] = Math.max(grp.colW[col.col] as number, col.w, slots * epSlot(col, m));
    });
    const lanes = grp.rows > 1 ? 2 * GAP.lane * (grp.rows - 1) : 0;
    const inner = sum(grp.extraW) + sum(grp.colW) + lanes * grp.cols;
    const title = grp.network ? Math.max(...grp.network.data.label.split('\n').map((l) => m(l, FONT.name))) : 0;
    grp.width = Math.max(inner + 2 * SIZE.boxPadding, title + 16, 140);
    rowH.set(grp, rowHeight(grp.columns));
    grp.height = titleH + boxH + GAP.drop + grp.rows * ((rowH.get(grp) as number) + GAP.row);
  }

  // Shelves: networks in order, broken into rows of groups so the picture keeps the target's shape.
  const shelves = packShelves(used);
  let y = 0;
  for (const shelf of shelves) {
    let x = 0;
    const h = Math.max(...shelf.map((grp) => grp.height));
    for (const grp of shelf) {
      grp.left = x;
      grp.top = y;
      x += grp.width + GAP.group;
    }
    y += h + GAP.row;
  }

  for (const grp of used) {
    const epY = grp.top + titleH + SIZE.boxPadding + 2 * lineH(FONT.detail) + 2 + SIZE.dot / 2;
    const boxBottom = epY + SIZE.dot / 2 + SIZE.boxPadding;
    const lanes = grp.rows > 1 ? 2 * GAP.lane * (grp.rows - 1) : 0;
    const inner = sum(grp.extraW) + sum(grp.colW) + lanes * grp.cols;
    let x = grp.left + (grp.width - inner) / 2;
    grp.extra.forEach((e, i) => {
      out[e.data.id] = { x: x + (grp.extraW[i] as number) / 2, y: epY };
      x += grp.extraW[i] as number;
    });
    const colLeft: number[] = [];
    for (const w of grp.colW) {
      colLeft.push(x + lanes);
      x += w + lanes;
    }
    if (grp.network && kidsOf(g, grp.network.data.id).length === 0)
      out[grp.network.data.id] = { x: grp.left + grp.width / 2, y: epY };
    for (const col of grp.columns) {
      const left = colLeft[col.col] as number;
      const w = grp.colW[col.col] as number;
      col.x = left + w / 2;
      const half = col.container.data.kind === 'cluster' ? clusterSize(col.container, m).h / 2 : SIZE.container.h / 2;
      const cy = boxBottom + GAP.drop + half + col.row * ((rowH.get(grp) as number) + GAP.row);
      out[col.container.data.id] = { x: col.x, y: cy };
      // Endpoints: a slot per row across the column, so lower rows' cables do not cross the upper ones.
      const slot = w / grp.rows;
      const slotX = grp.rows === 1 ? col.x : left + slot * (col.row + 0.5);
      const widths = col.endpoints.map((e) => endpointWidth(e, m));
      let ex = slotX - sum(widths) / 2;
      col.endpoints.forEach((e, i) => {
        const ew = widths[i] as number;
        out[e.data.id] = { x: ex + ew / 2, y: epY };
        if (col.row > 0) {
          const link = linksOf(g, col.container.data.id).find((l) => l.kind === 'endpoint' && l.other === e.data.id);
          const gutter = left - GAP.lane * (col.row + 1);
          const turn = cy - SIZE.container.h / 2 - GAP.turn;
          if (link) {
            const route = segmentsFor({ x: col.x, y: cy }, { x: ex + ew / 2, y: epY }, [
              { x: col.x, y: turn },
              { x: gutter, y: turn },
              { x: gutter, y: boxBottom + GAP.turn - col.row * 4 },
              { x: ex + ew / 2, y: boxBottom + GAP.turn - col.row * 4 },
            ]);
            if (route) data[link.edge.data.id] = route;
          }
        }
        ex += ew;
      });
      // Ports in a column under the name, each plugged in along a trunk on the stack's left.
      const labelHalf = m(col.container.data.label, FONT.name) / 2;
      const stackW = Math.max(0, ...col.ports.map((p) => portWidth(p, m)));
      const trunk = Math.min(col.x - stackW / 2, col.x - labelHalf) - GAP.lane;
      col.ports.forEach((p, k) => {
        const py = cy - half + headH(col.container) + 10 + SIZE.port.h / 2 + k * GAP.portStep;
        const pw = portWidth(p, m);
        const px = trunk + GAP.lane + pw / 2;
        out[p.data.id] = { x: px, y: py };
        data[p.data.id] = { w: pw };
        const plug = linksOf(g, p.data.id).find((l) => l.kind === 'publishes' && l.out);
        if (plug) {
          const route = segmentsFor({ x: px, y: py }, { x: col.x, y: cy }, [
            { x: trunk, y: py },
            { x: trunk, y: cy },
          ]);
          if (route) data[plug.edge.data.id] = route;
        }
      });
    }
  }
  // Anything else at the top level (a stray port, say): right of everything.
  let spare = Math.max(0, ...used.map((grp) => grp.left + grp.width)) + GAP.group;
  for (const n of top.sort(byLabel)) {
    if (out[n.data.id] || kidsOf(g, n.data.id).length > 0) continue;
    out[n.data.id] = { x: spare, y: 0 };
    spare += 60;
  }
  return { positions: out, data };
}

/** Room one endpoint needs in its column's bottom row. */
function epSlot(col: Column, m: Measure): number {
  return Math.max(0, ...col.endpoints.map((e) => endpointWidth(e, m)));
}

/** Groups in order, cut into shelves; the count that fits the target screen best. */
function packShelves(groups: Group[]): Group[][] {
  const total = sum(groups.map((g) => g.width + GAP.group));
  let best: Group[][] = [groups];
  let bestZoom = -Infinity;
  for (let n = 1; n <= Math.min(groups.length, 6); n++) {
    const target = total / n;
    const shelves: Group[][] = [[]];
    let width = 0;
    for (const grp of groups) {
      const shelf = shelves[shelves.length - 1] as Group[];
      if (shelf.length > 0 && width + grp.width / 2 > target) {
        shelves.push([grp]);
        width = grp.width + GAP.group;
      } else {
        shelf.push(grp);
        width += grp.width + GAP.group;
      }
    }
    const w = Math.max(...shelves.map((s) => sum(s.map((g) => g.width + GAP.group)) - GAP.group));
    const h = sum(shelves.map((s) => Math.max(...s.map((g) => g.height)) + GAP.row));
    const zoom = fitZoom(w, h);
    if (zoom > bestZoom * 1.05) {
      best = shelves;
      bestZoom = zoom;
    }
  }
  return best;
}
