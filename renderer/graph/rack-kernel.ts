import type { GraphEdge, GraphNode } from './element-data.js';
import { FONT, LINE, SIZE } from './geometry.js';
import type { Positions } from './positions.js';
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
import { chainOrder } from './rack-chains.js';
import { bridgeOrder as headOrder, chooseRows, GAP, portOrder, type Measure } from './rack-common.js';

/**
 * The kernel view's rack, top to bottom: the outside world; the host box holding its NICs
 * (left), its published ports (each stack above the box it reaches), its bus bars side by
 * side (docker0 first) with their veth ends along the underside; then the namespace
 * boxes, each under the bridge it is plugged into, side by side. A box on two bridges sits
 * at the end of its first bridge's row, facing the second. When a bridge has more boxes
 * than fit across, they wrap into rows, and the cables of lower rows run down the gutters
 * between boxes, so no cable crosses a box that holds neither of its ends.
 */

interface Link {
  iface: GraphNode;
  /** The bus bar or parent link the cable goes to. */
  head: GraphNode;
  /** The host-side veth end (null for a sub-interface, whose cable goes to its parent link). */
  hostEnd: GraphNode | null;
  edge: GraphEdge;
}

interface Box {
  node: GraphNode;
  ifaces: GraphNode[];
  badges: GraphNode[];
  links: Link[];
  /** Outer size, padding included, in model px. */
  w: number;
  h: number;
  /** Interface column widths, left to right. */
  ifaceCols: number[];
  badgeCols: number[];
  group: number;
  /** Other groups it links to. */
  others: number[];
  row: number;
  col: number;
  x: number;
  top: number;
}

interface Group {
  head: GraphNode | null;
  boxes: Box[];
  cols: number;
  rows: number;
  colW: number[];
  colX: number[];
  left: number;
  width: number;
}

const lineH = (font: number): number => font * LINE;

export function kernelRack(g: RackGraph, m: Measure): Omit<RackLayout, 'bounds'> {
  const out: Positions = {};
  const data: LayoutData = {};
  const host = [...g.nodes.values()].find((n) => n.data.kind === 'host');
  const hostKids = host ? kidsOf(g, host.data.id) : [];
  const inHost = new Set(hostKids.map((n) => n.data.id));
  const lowerTargets = new Set(
    g.edges.filter((e) => e.data.kind === 'lower' && inHost.has(e.data.target)).map((e) => e.data.target),
  );
  const heads = [
    ...hostKids.filter((n) => n.data.role === 'bridge').sort(headOrder),
    ...hostKids.filter((n) => lowerTargets.has(n.data.id) && n.data.role !== 'bridge').sort(byLabel),
  ];
  const headRank = new Map(heads.map((h, i) => [h.data.id, i]));
  const bridgeOf = (hostEnd: string): GraphNode | undefined => {
    const l = linksOf(g, hostEnd).find((x) => x.kind === 'bridge-port' && headRank.has(x.other));
    return l ? g.nodes.get(l.other) : undefined;
  };

  // Boxes: namespace boxes, and any other top-level node that is neither host nor outside.
  const boxes: Box[] = [];
  for (const n of [...g.nodes.values()].filter((x) => isTop(g, x)).sort(byLabel)) {
    if (n.data.kind === 'host' || n.data.kind === 'outside') continue;
    const kids = kidsOf(g, n.data.id);
    const members = kids.length > 0 ? kids : [n];
    const ifaces = members.filter((k) => k.data.kind === 'interface');
    const badges = members.filter((k) => k.data.kind === 'container');
    const links: Link[] = [];
    for (const i of ifaces)
      for (const l of linksOf(g, i.data.id)) {
        if (l.kind === 'veth' && inHost.has(l.other)) {
          const hostEnd = g.nodes.get(l.other) as GraphNode;
          const head = bridgeOf(l.other);
          if (head) links.push({ iface: i, head, hostEnd, edge: l.edge });
        } else if (l.kind === 'lower' && headRank.has(l.other))
          links.push({ iface: i, head: g.nodes.get(l.other) as GraphNode, hostEnd: null, edge: l.edge });
      }
    // An overview's cluster hangs under the bar it stands for, by its bundle.
    const cluster = n.data.kind === 'cluster' ? clusterSize(n, m) : null;
    if (cluster) {
      const bundle = linksOf(g, n.data.id).find((l) => l.kind === 'bundle' && headRank.has(l.other));
      if (bundle)
        links.push({ iface: n, head: g.nodes.get(bundle.other) as GraphNode, hostEnd: null, edge: bundle.edge });
      data[n.data.id] = { w: cluster.w, h: cluster.h };
    }
    const ranks = [...new Set(links.map((l) => headRank.get(l.head.data.id) as number))].sort((a, b) => a - b);
    // Interfaces face their bars: the one to the leftmost bar first, so cables do not cross.
    const headOf = new Map(links.map((l) => [l.iface.data.id, headRank.get(l.head.data.id) as number]));
    ifaces.sort((a, b) => (headOf.get(a.data.id) ?? 1e9) - (headOf.get(b.data.id) ?? 1e9) || byLabel(a, b));
    const ifaceCols = ifaces.map(
      (i) => Math.max(SIZE.dot, ...i.data.label.split('\n').map((line) => m(line, FONT.detail))) + GAP.iface,
    );
    const badgeCols = badges.map((b) => Math.max(SIZE.badge.w, m(b.data.label, FONT.name)) + GAP.badge);
    const title = kids.length > 0 && n.data.label !== '' ? m(n.data.label, FONT.name) : 0;
    const inner = cluster ? cluster.w : Math.max(sum(ifaceCols), sum(badgeCols), title, SIZE.badge.w);
    const ifaceH = ifaces.length > 0 ? SIZE.dot / 2 + 2 + 2 * lineH(FONT.detail) : 0;
    const badgeH = badges.length > 0 ? SIZE.badge.h + 2 + lineH(FONT.name) : 0;
    const h = cluster
      ? cluster.h - 2 * SIZE.boxPadding
      : kids.length === 0
        ? SIZE.badge.h
        : SIZE.dot / 2 + ifaceH + (ifaceH && badgeH ? 8 : 0) + badgeH;
    boxes.push({
      node: n,
      ifaces,
      badges,
      links,
      w: inner + 2 * SIZE.boxPadding,
      h: h + 2 * SIZE.boxPadding,
      ifaceCols,
      badgeCols,
      group: ranks[0] ?? heads.length,
      others: ranks.slice(1),
      row: 0,
      col: 0,
      x: 0,
      top: 0,
    });
  }

  const groups: Group[] = [...heads, null].map((head) => ({
    head,
    boxes: [],
    cols: 0,
    rows: 0,
    colW: [],
    colX: [],
    left: 0,
    width: 0,
  }));
  for (const b of boxes) (groups[b.group] as Group).boxes.push(b);
  // A box also on a later bridge goes to the end facing it, the nearest one last.
  for (const grp of groups)
    grp.boxes.sort(
      (a, b) =>
        Number(a.others.length > 0) - Number(b.others.length > 0) ||
        (b.others[0] ?? 0) - (a.others[0] ?? 0) ||
        byLabel(a.node, b.node),
    );
  const chained = chainUnbridged(g, groups[heads.length] as Group);
  const used = groups.filter((grp) => grp.head !== null || grp.boxes.length > 0);

  // Host rows, measured first: they set how tall the host box is.
  const nics = hostKids.filter((n) => n.data.role === 'nic').sort(byLabel);
  const hostEnds = new Set(boxes.flatMap((b) => b.links.map((l) => l.hostEnd?.data.id)).filter(Boolean));
  const ports = hostKids.filter((n) => n.data.kind === 'port');
  const rules = hostKids.filter((n) => n.data.kind === 'nat-rule' || n.data.kind === 'filter-rule');
  const headIds = new Set(heads.map((h) => h.data.id));
  // The other end of a veth pair whose first end carries sub-interfaces stands beside it.
  const besideHead = new Map<string, GraphNode>();
  for (const h of heads)
    for (const l of linksOf(g, h.data.id))
      if (l.kind === 'veth' && inHost.has(l.other) && !headIds.has(l.other)) besideHead.set(l.other, h);
  const topRow = [
    ...nics,
    ...hostKids.filter((n) => n.data.kind === 'container').sort(byLabel),
    ...hostKids
      .filter(
        (n) =>
          n.data.kind === 'interface' &&
          n.data.role !== 'nic' &&
          !headIds.has(n.data.id) &&
          !hostEnds.has(n.data.id) &&
          !besideHead.has(n.data.id),
      )
      .sort(byLabel),
  ];
  const nicRowH = SIZE.nic.h / 2 + 2 + 2 * lineH(FONT.name);

  // Which box each port reaches: the stack stands over that box.
  const boxOfIface = new Map<string, Box>();
  for (const b of boxes) for (const i of b.ifaces) boxOfIface.set(i.data.id, b);
  for (const b of boxes) if (b.node.data.kind === 'cluster') boxOfIface.set(b.node.data.id, b);
  const portTarget = new Map<string, GraphNode>();
  for (const p of ports) {
    const l = linksOf(g, p.data.id).find((x) => x.kind === 'publishes' && x.out);
    const t = l ? g.nodes.get(l.other) : undefined;
    if (t) portTarget.set(p.data.id, t);
  }
  const stacks = new Map<Box, GraphNode[]>();
  for (const p of [...ports].sort(portOrder)) {
    const b = boxOfIface.get(portTarget.get(p.data.id)?.data.id ?? '');
    if (b) stacks.set(b, [...(stacks.get(b) ?? []), p]);
  }
  const maxStack = Math.max(0, ...[...stacks.values()].map((s) => s.length));
  const bandH = maxStack * GAP.portStep;

  const yNic = 0;
  const yBand = yNic + nicRowH + GAP.band;
  const yBridge = yBand + bandH + (bandH > 0 ? GAP.band : 0) + SIZE.bridge.h / 2;
  const yDots = yBridge + SIZE.bridge.h / 2;
  const hostBottom = yDots + SIZE.dot / 2 + lineH(FONT.small) + SIZE.hostPadding;

  // Columns and rows: one row per bridge where the rack stays near a screen's shape.
  // Boxes with no cable at all (a `none` container) need no column of their own: they fill
  // the lowest row under bridges that do not use it, when there is one.
  const loose = groups[heads.length] as Group;
  const boxRowH = Math.max(60, ...boxes.map((b) => b.h + lineH(FONT.name))) + GAP.row;
  const topW = sum(topRow.map((n) => topItemWidth(n, m)));
  const rows = chooseRows(
    used.map((grp) => ({ widths: grp.boxes.map((b) => b.w), min: grp.head ? headWidth(grp.head, m) : 0 })),
    (r) => hostBottom + GAP.drop + r * boxRowH,
    topW,
  );
  for (const grp of used) {
    const n = grp.boxes.length;
    // Namespaces cabled to each other stay in one row, along their chain.
    grp.rows = grp === loose && chained.size > 0 ? 1 : Math.max(1, Math.min(rows, n));
    grp.cols = Math.max(1, Math.ceil(n / grp.rows));
    grp.colW = Array.from({ length: grp.cols }, () => 0);
    placeInGrid(grp, stacks);
    grp.width = Math.max(naturalWidth(grp), grp.head ? headWidth(grp.head, m) : 0);
  }
  // Boxes with no cable at all (a `none` container) need no column of their own: they fill
  // the lowest row under bridges that leave it empty, rightmost first.
  const lowestRow = Math.max(0, ...used.map((grp) => grp.rows - 1));
  const guests = new Map<Group, Box>();
  if (lowestRow > 0 && loose.boxes.length > 0) {
    const hosts = used.filter((grp) => grp !== loose && grp.rows - 1 < lowestRow).reverse();
    for (const grp of hosts) {
      const b = loose.boxes.find((x) => !chained.has(x) && x.w <= grp.width);
      if (!b) continue;
      loose.boxes.splice(loose.boxes.indexOf(b), 1);
      b.row = lowestRow;
      guests.set(grp, b);
    }
  }
  let x = 0;
  for (const grp of used) {
    if (grp === loose && grp.boxes.length === 0) continue;
    if (grp === loose) {
      grp.cols = Math.max(1, Math.ceil(grp.boxes.length / grp.rows));
      grp.colW = Array.from({ length: grp.cols }, () => 0);
      placeInGrid(grp, stacks);
      grp.width = sum(grp.colW) + (grp.cols - 1) * GAP.box;
    }
    grp.left = x;
    x += grp.width + GAP.group;
  }
  const rackW = Math.max(x - GAP.group, topW);

  // Boxes: centred in their columns, rows under the host box.
  const yBoxes = hostBottom + GAP.drop;
  for (const grp of used) {
    const lanes = grp.rows > 1 ? GAP.lane * (grp.rows - 1) * 2 : 0;
    const natural = naturalWidth(grp);
    // Lower rows' cables come down the gutter left of their column: the first one too, under the bar.
    let cx = grp.left + (grp.width - natural) / 2 + gutterMargin(grp);
    const colX: number[] = [];
    for (const w of grp.colW) {
      colX.push(cx + w / 2);
      cx += w + GAP.box + lanes;
    }
    for (const b of grp.boxes) {
      b.x = colX[b.col] as number;
      b.top = yBoxes + b.row * boxRowH;
      placeBox(b, out);
    }
    grp.colX = colX;
    const guest = guests.get(grp);
    if (guest) {
      guest.x = grp.left + grp.width / 2;
      guest.top = yBoxes + guest.row * boxRowH;
      placeBox(guest, out);
    }
    if (grp.head) {
      out[grp.head.data.id] = { x: grp.left + grp.width / 2, y: yBridge };
      if (grp.head.data.role === 'bridge') data[grp.head.data.id] = { w: grp.width };
    }
  }
  for (const [peer, head] of besideHead) {
    const at = out[head.data.id];
    if (at) out[peer] = { x: at.x + GAP.beside, y: at.y };
  }

  // Cables: host ends under their bar, straight above the interface in the top row; lower
  // rows and other groups' boxes come down a lane and turn in the gap above their box.
  const taken = new Map<string, number[]>();
  const takeDot = (head: string, want: number): number => {
    const xs = taken.get(head) ?? [];
    let at = want;
    for (let i = 0; xs.some((t) => Math.abs(t - at) < GAP.dot) && i < 50; i++)
      at = want + GAP.dot * Math.ceil((i + 1) / 2) * (i % 2 === 0 ? 1 : -1);
    xs.push(at);
    taken.set(head, xs);
    return at;
  };
  const laneCount = new Map<string, number>();
  /** Where a box's first cable comes down, for its ports' arrows to follow. */
  const laneOf = new Map<Box, { x: number; turnY: number }>();
  for (const grp of used)
    for (const b of grp.boxes)
      for (const l of b.links) {
        const ip = out[l.iface.data.id] as { x: number; y: number };
        const headGroup = headRank.get(l.head.data.id) as number;
        const direct = b.row === 0 && headGroup === b.group;
        let dotX: number;
        const bends: { x: number; y: number }[] = [];
        if (direct) dotX = takeDot(l.head.data.id, ip.x);
        else {
          const own = groups[b.group] as Group;
          const hg = groups[headGroup] as Group;
          const turnY = b.top - GAP.turn;
          const gutterLane = bump(laneCount, `${b.group}:${b.col}`);
          const gutter = b.x - (own.colW[b.col] as number) / 2 - GAP.box / 2 - gutterLane * GAP.lane;
          if (headGroup === b.group) {
            // A lower row: down the gutter left of its column, then across above the box.
            dotX = takeDot(l.head.data.id, gutter);
            // A dot that had to stand aside reaches its gutter just under the host box.
            if (Math.abs(dotX - gutter) > 0.5) {
              const below = hostBottom + 6 + gutterLane * 3;
              bends.push({ x: dotX, y: below }, { x: gutter, y: below });
            }
            bends.push({ x: gutter, y: turnY - gutterLane * 2 }, { x: ip.x, y: turnY - gutterLane * 2 });
          } else {
            // Another bridge: from the near end of its bar, across the gap under the host box.
            const near = hg.left < b.x ? hg.left + hg.width - GAP.dot : hg.left + GAP.dot;
            dotX = takeDot(l.head.data.id, near);
            const lane = bump(laneCount, 'top');
            const acrossY = yBoxes - GAP.turn - lane * GAP.lane;
            if (b.row === 0) bends.push({ x: dotX, y: acrossY }, { x: ip.x, y: acrossY });
            else
              bends.push(
                { x: dotX, y: acrossY },
                { x: gutter, y: acrossY },
                { x: gutter, y: turnY - gutterLane * 2 },
                { x: ip.x, y: turnY - gutterLane * 2 },
              );
          }
          if (b.row > 0 && !laneOf.has(b)) laneOf.set(b, { x: gutter - GAP.lane, turnY: turnY - gutterLane * 2 + 4 });
        }
        if (l.hostEnd) {
          out[l.hostEnd.data.id] = { x: dotX, y: yDots };
          const from = l.edge.data.source === l.hostEnd.data.id ? { x: dotX, y: yDots } : ip;
          const to = from === ip ? { x: dotX, y: yDots } : ip;
          const route = segmentsFor(from, to, from === ip ? [...bends].reverse() : bends);
          if (route) data[l.edge.data.id] = route;
        }
      }

  // Port stacks: a column of tags over the box each reaches, packed left to right.
  let bandRight = -Infinity;
  const boxesInOrder = used.flatMap((grp) => grp.boxes).sort((a, b) => a.x - b.x || a.top - b.top);
  for (const b of boxesInOrder) {
    const stack = stacks.get(b);
    if (!stack) continue;
    const target = out[portTarget.get(stack[0]!.data.id)!.data.id] as { x: number; y: number };
    const widths = stack.map((p) => portWidth(p, m));
    const stackW = Math.max(...widths) + GAP.rule + SIZE.rule;
    const trunk = Math.max(target.x - GAP.trunk, bandRight + GAP.stack);
    const left = trunk + GAP.lane;
    bandRight = left + stackW;
    stack.forEach((p, k) => {
      const y = yBand + k * GAP.portStep + SIZE.port.h / 2;
      const w = widths[k] as number;
      out[p.data.id] = { x: left + w / 2, y };
      data[p.data.id] = { w };
      const dest = portTarget.get(p.data.id) as GraphNode;
      const at = out[dest.data.id] as { x: number; y: number };
      // A cluster is entered through its top edge, like a box at its interface.
      const t = dest.data.kind === 'cluster' ? { x: at.x, y: at.y - b.h / 2 } : at;
      // DNAT rule diamonds sit at the tag's end.
      for (const l of linksOf(g, p.data.id))
        if (l.kind === 'dnat' && g.nodes.get(l.other)?.data.kind === 'nat-rule')
          out[l.other] = { x: left + w + GAP.rule / 2 + SIZE.rule / 2, y };
      const edge = linksOf(g, p.data.id).find((l) => l.kind === 'publishes' && l.out)?.edge;
      const lane = laneOf.get(b);
      // A lower row's box: the arrow follows its cable down the gutter.
      const bends = lane
        ? [
            { x: trunk, y },
            { x: trunk, y: hostBottom + GAP.drop / 2 },
            { x: lane.x, y: hostBottom + GAP.drop / 2 },
            { x: lane.x, y: lane.turnY },
            { x: t.x - GAP.lane, y: lane.turnY },
          ]
        : [
            { x: trunk, y },
            { x: trunk, y: t.y - GAP.turn },
          ];
      if (edge) {
        // cytoscape measures bends against the target's centre: a cluster is entered from its top.
        const route = segmentsFor(
          { x: left + w / 2, y },
          at,
          t === at ? bends : [...bends, { x: t.x - GAP.trunk / 2, y: t.y - GAP.turn }],
        );
        if (route) data[edge.data.id] = route;
      }
    });
  }

  // Rules on a bar (MASQUERADE, filters) stand at its left end.
  const ruleCount = new Map<string, number>();
  for (const r of rules) {
    if (out[r.data.id]) continue;
    const bar = linksOf(g, r.data.id).find((l) => headRank.has(l.other) && out[l.other]);
    if (bar) {
      const head = g.nodes.get(bar.other) as GraphNode;
      const w = (data[head.data.id]?.w as number | undefined) ?? 60;
      const k = bump(ruleCount, head.data.id);
      const at = out[head.data.id] as { x: number; y: number };
      out[r.data.id] = {
        x: at.x - w / 2 + SIZE.rule / 2 + 2 + k * (SIZE.rule + 4),
        y: at.y - SIZE.bridge.h / 2 - SIZE.rule / 2 - 3,
      };
    }
  }

  // Top row: NICs from the left, then host-mode containers and other host links.
  let tx = 0;
  for (const n of topRow) {
    const w = topItemWidth(n, m);
    out[n.data.id] = { x: tx + w / 2, y: yNic };
    tx += w;
  }
  const outside = g.nodes.get('outside');
  if (outside) {
    const first = nics[0] ? out[nics[0].data.id] : undefined;
    out[outside.data.id] = { x: first?.x ?? 0, y: yNic - GAP.outside };
  }

  // Whatever is left (a rule on nothing drawn, a veth end whose box is hidden): the top row's end.
  let spare = Math.max(tx, rackW * 0);
  for (const n of hostKids.sort(byLabel)) {
    if (out[n.data.id] || kidsOf(g, n.data.id).length > 0) continue;
    out[n.data.id] = { x: spare + 20, y: yNic };
    spare += 40;
  }
  return { positions: out, data };
}

/**
 * Grid cells of a group's boxes: a box also on another bridge takes the right end of the
 * first row (its cable to the next bar stays short), then boxes whose ports arrive from
 * above, then the rest by name, row after row.
 */
function placeInGrid(grp: Group, stacks: Map<Box, GraphNode[]>): void {
  const multi = grp.boxes.filter((b) => b.others.length > 0);
  const rest = grp.boxes.filter((b) => b.others.length === 0);
  const withPorts = rest.filter((b) => stacks.has(b));
  const plain = rest.filter((b) => !stacks.has(b));
  const firstRow = Math.min(grp.cols, grp.boxes.length);
  const rightEnd = multi.slice(0, firstRow);
  const order = [...withPorts, ...plain, ...multi.slice(firstRow)];
  const cells: (Box | null)[] = Array.from({ length: grp.rows * grp.cols }, () => null);
  rightEnd.forEach((b, i) => {
    cells[firstRow - rightEnd.length + i] = b;
  });
  let k = 0;
  for (const b of order) {
    while (cells[k] !== null) k++;
    cells[k] = b;
  }
  cells.forEach((b, i) => {
    if (!b) return;
    b.row = Math.floor(i / grp.cols);
    b.col = i % grp.cols;
    grp.colW[b.col] = Math.max(grp.colW[b.col] as number, b.w);
  });
}

/** Room left of the first column for its lower rows' cables. */
const gutterMargin = (grp: Group): number => (grp.rows > 1 ? GAP.box / 2 + GAP.lane * grp.rows + 4 : 0);

/** Columns side by side, gutters between them wide enough for the lanes of lower rows. */
function naturalWidth(grp: Group): number {
  const lanes = grp.rows > 1 ? GAP.lane * (grp.rows - 1) * 2 : 0;
  return gutterMargin(grp) + sum(grp.colW) + (grp.cols - 1) * (GAP.box + lanes);
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function bump(counts: Map<string, number>, key: string): number {
  const n = counts.get(key) ?? 0;
  counts.set(key, n + 1);
  return n;
}

/** A cluster: its counts written inside, a line each. */
export function clusterSize(n: GraphNode, m: Measure): { w: number; h: number } {
  const lines = n.data.label.split('\n');
  return { w: Math.max(120, m(n.data.label, FONT.name) + 28), h: lines.length * lineH(FONT.name) + 20 };
}

/** A bus bar carries its name inside: at least that wide. */
const headWidth = (n: GraphNode, m: Measure): number => m(n.data.label, FONT.name) + 24;

const topItemWidth = (n: GraphNode, m: Measure): number =>
  Math.max(SIZE.nic.w, m(n.data.label, FONT.name), n.data.detail ? m(n.data.detail, FONT.name) * 0 : 0) + GAP.top;

/** A port tag: the plug icon, its binding, and the tag's point. */
export const portWidth = (p: GraphNode, m: Measure): number =>
  m(p.data.label, FONT.name) + SIZE.port.icon + SIZE.port.h / 2 + 8;

/** A namespace box: its interfaces in a row along the top (they face the host), badges below. */
function placeBox(b: Box, out: Positions): void {
  const top = b.top + SIZE.boxPadding + SIZE.dot / 2;
  if (b.ifaces.length === 0 && b.badges.length === 0) {
    out[b.node.data.id] = { x: b.x, y: b.top + b.h / 2 };
    return;
  }
  const row = (nodes: GraphNode[], cols: number[], y: number): void => {
    let left = b.x - sum(cols) / 2;
    nodes.forEach((n, i) => {
      out[n.data.id] = { x: left + (cols[i] as number) / 2, y };
      left += cols[i] as number;
    });
  };
  row(b.ifaces, b.ifaceCols, top);
  const badgeY = b.ifaces.length > 0 ? top + SIZE.dot / 2 + 2 + 2 * lineH(FONT.detail) + 8 + SIZE.badge.h / 2 : top;
  row(b.badges, b.badgeCols, badgeY);
}

/**
 * The boxes on no bridge, along their veth chains (rack-chains.ts); inside each box the
 * interface toward the box on its left comes first, so the cables between them do not cross.
 */
function chainUnbridged(g: RackGraph, grp: Group): Set<Box> {
  const boxOf = new Map<string, Box>();
  for (const b of grp.boxes) for (const i of b.ifaces) boxOf.set(i.data.id, b);
  const peerBox = (i: GraphNode): Box | undefined => {
    const l = linksOf(g, i.data.id).find((x) => x.kind === 'veth' && boxOf.has(x.other));
    return l ? boxOf.get(l.other) : undefined;
  };
  const neighbours = (b: Box): Box[] => [
    ...new Set(b.ifaces.map(peerBox).filter((x): x is Box => x !== undefined && x !== b)),
  ];
  grp.boxes = chainOrder(grp.boxes, neighbours);
  const at = new Map(grp.boxes.map((b, k) => [b, k]));
  for (const b of grp.boxes) {
    const here = at.get(b) as number;
    const side = (i: GraphNode): number => {
      const p = peerBox(i);
      return p === undefined || p === b ? 0 : Math.sign((at.get(p) as number) - here);
    };
    const order = b.ifaces.map((iface, k) => ({ iface, col: b.ifaceCols[k] as number, side: side(iface), k }));
    order.sort((x, y) => x.side - y.side || x.k - y.k);
    b.ifaces = order.map((o) => o.iface);
    b.ifaceCols = order.map((o) => o.col);
  }
  return new Set(grp.boxes.filter((b) => neighbours(b).length > 0));
}
