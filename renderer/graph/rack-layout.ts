import type { ViewName } from '../store/types.js';
import type { GraphEdge, GraphElement, GraphNode } from './element-data.js';
import type { Positions } from './positions.js';

/**
 * The rack (VISUAL.md Layout) computed directly from the elements: no force simulation,
 * no layered solver. It is a pure function of the element list, so the same host always
 * draws the same way, a 3000-element graph lays out in milliseconds instead of the 20 s
 * ELK needed, and a node's place depends only on its group and its rank by name, which
 * keeps positions from swapping between updates (principle 2).
 *
 * Kernel view, top to bottom: the outside world; the host NICs; each bridge's MASQUERADE
 * rule, DNAT rules and published ports; the bridges side by side (docker0 first); the
 * host-side veth ends along each bridge's underside; the namespace boxes in a grid under
 * their bridge. Docker view: network boxes in a row holding their endpoints; containers
 * in a grid under their first network, their published ports under them.
 */

/** Rack figures in model pixels, sized to the stylesheet's nodes and label tiers. */
export const RACK = {
  /** Width a box needs per interface: the dot plus its `eth0 172.18.0.12` end label. */
  ifaceStep: 100,
  badgeStep: 64,
  boxPadding: 14,
  cellGap: 48,
  rowGap: 56,
  /** Overall width to height the grid aims for: a laptop screen, roughly. */
  aspect: 1.6,
  dotStep: 18,
  topRowStep: 90,
  bandGap: 80,
  portStep: 34,
} as const;

/** A network box's title is one line (`name · subnet · gw`): its box must be at least that wide. */
const labelWidth = (label: string): number => Math.max(200, label.length * 7.5 + 40);

type Node = GraphNode;

interface Graph {
  nodes: Map<string, Node>;
  children: Map<string, Node[]>;
  /** Neighbour ids per node id, with the edge kind. */
  links: Map<string, { other: string; kind: GraphEdge['data']['kind'] }[]>;
}

const byLabel = (a: Node, b: Node): number =>
  a.data.label.localeCompare(b.data.label, 'en') || (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0);

function index(els: readonly GraphElement[]): Graph {
  const nodes = new Map<string, Node>();
  const children = new Map<string, Node[]>();
  const links: Graph['links'] = new Map();
  for (const el of els) {
    if (el.group !== 'nodes') continue;
    nodes.set(el.data.id, el);
    if (el.data.parent !== undefined) {
      const list = children.get(el.data.parent) ?? [];
      list.push(el);
      children.set(el.data.parent, list);
    }
  }
  const link = (a: string, b: string, kind: GraphEdge['data']['kind']): void => {
    const list = links.get(a) ?? [];
    list.push({ other: b, kind });
    links.set(a, list);
  };
  for (const el of els) {
    if (el.group !== 'edges') continue;
    link(el.data.source, el.data.target, el.data.kind);
    link(el.data.target, el.data.source, el.data.kind);
  }
  for (const list of children.values()) list.sort(byLabel);
  return { nodes, children, links };
}

/** Rows every group's grid gets, so the whole rack comes out near RACK.aspect. */
function sharedRows(groups: { count: number }[], cellW: number, cellH: number): number {
  const cells = groups.reduce((n, g) => n + Math.max(1, g.count), 0);
  const height = Math.sqrt((cells * cellW * cellH) / RACK.aspect);
  const widest = Math.max(1, ...groups.map((g) => g.count));
  return Math.max(1, Math.min(widest, Math.round(height / cellH)));
}

/** Grid cell (column, row) of the i-th member, filled column by column under the group's head. */
const cellOf = (i: number, rows: number): { col: number; row: number } => ({
  col: Math.floor(i / rows),
  row: i % rows,
});

/** Spreads n items of step `step` centred on x. */
const spread = (n: number, i: number, x: number, step: number): number => x + (i - (n - 1) / 2) * step;

export function rackPositions(els: readonly GraphElement[], view: ViewName): Positions {
  const g = index(els);
  return view === 'kernel' ? kernelRack(g) : dockerRack(g);
}

interface Group<T> {
  head: Node | null;
  members: T[];
  left: number;
  width: number;
}

function kernelRack(g: Graph): Positions {
  const out: Positions = {};
  const host = [...g.nodes.values()].find((n) => n.data.kind === 'host');
  const hostKids = host ? (g.children.get(host.data.id) ?? []) : [];
  const inHost = new Set(hostKids.map((n) => n.data.id));
  const bridges = hostKids
    .filter((n) => n.data.role === 'bridge')
    .sort(
      (a, b) =>
        Number(b.data.label.startsWith('docker0')) - Number(a.data.label.startsWith('docker0')) || byLabel(a, b),
    );
  const bridgeRank = new Map(bridges.map((b, i) => [b.data.id, i]));
  const bridgeOfHostEnd = (id: string): string | undefined =>
    (g.links.get(id) ?? []).find((l) => l.kind === 'bridge-port' && bridgeRank.has(l.other))?.other;

  // Boxes (namespaces) and stray top-level nodes, each in its first bridge's group.
  const units = [...g.nodes.values()]
    .filter((n) => n.data.parent === undefined && n.data.kind !== 'host' && n.data.kind !== 'outside')
    .sort(byLabel);
  const groups: Group<Node>[] = bridges.map((b) => ({ head: b, members: [], left: 0, width: 0 }));
  const rest: Group<Node> = { head: null, members: [], left: 0, width: 0 };
  const hostEndsOf = new Map<string, string[]>();
  for (const u of units) {
    const inside = [u, ...(g.children.get(u.data.id) ?? [])];
    const ends: string[] = [];
    for (const n of inside)
      for (const l of g.links.get(n.data.id) ?? []) if (l.kind === 'veth' && inHost.has(l.other)) ends.push(l.other);
    hostEndsOf.set(u.data.id, ends);
    const ranks = ends.map((e) => bridgeRank.get(bridgeOfHostEnd(e) ?? '') ?? Infinity);
    const first = Math.min(Infinity, ...ranks);
    (Number.isFinite(first) ? (groups[first] as Group<Node>) : rest).members.push(u);
  }
  if (rest.members.length > 0) groups.push(rest);

  // One cell size for the whole rack keeps columns aligned across groups.
  let cellW = 0;
  let cellH = 0;
  const boxSize = new Map<string, { w: number; h: number }>();
  for (const grp of groups)
    for (const u of grp.members) {
      const kids = g.children.get(u.data.id) ?? [];
      const ifaces = kids.filter((k) => k.data.kind !== 'container').length;
      const badges = kids.length - ifaces;
      const w = kids.length === 0 ? 60 : Math.max(ifaces * RACK.ifaceStep, badges * RACK.badgeStep, 90);
      const h = kids.length === 0 ? 40 : (ifaces > 0 ? 36 : 0) + (badges > 0 ? 44 : 0);
      boxSize.set(u.data.id, { w, h });
      cellW = Math.max(cellW, w + 2 * RACK.boxPadding + RACK.cellGap);
      cellH = Math.max(cellH, h + 2 * RACK.boxPadding + RACK.rowGap);
    }
  cellW = Math.max(cellW, 160);
  cellH = Math.max(cellH, 100);
  const rows = sharedRows(
    groups.map((x) => ({ count: x.members.length })),
    cellW,
    cellH,
  );

  let x = 0;
  for (const grp of groups) {
    const cols = Math.max(1, Math.ceil(grp.members.length / rows));
    grp.left = x;
    grp.width = Math.max(cols * cellW, grp.head ? 220 : 0);
    x += grp.width + RACK.cellGap;
  }
  const totalW = Math.max(0, x - RACK.cellGap);

  // Host rows: NICs and other host links, then each group's rules and ports, then bridges.
  const yNic = 0;
  const yRules = 80;
  const yBridge = 160;
  const yDots = yBridge + 40;
  const groupOfHost = new Map<string, number>();
  groups.forEach((grp, i) => {
    if (grp.head) groupOfHost.set(grp.head.data.id, i);
    for (const u of grp.members) for (const e of hostEndsOf.get(u.data.id) ?? []) groupOfHost.set(e, i);
    for (const u of grp.members) {
      groupOfHost.set(u.data.id, i);
      for (const k of g.children.get(u.data.id) ?? []) groupOfHost.set(k.data.id, i);
    }
  });
  const topRow: Node[] = [];
  const ruleRows = groups.map(() => [] as Node[]);
  const hostEnds = new Set([...hostEndsOf.values()].flat());
  for (const n of hostKids) {
    if (n.data.role === 'bridge' || hostEnds.has(n.data.id)) continue;
    const isNic = n.data.role === 'nic';
    const near = isNic
      ? undefined
      : (g.links.get(n.data.id) ?? [])
          .map((l) => groupOfHost.get(l.other))
          .concat(
            (g.links.get(n.data.id) ?? []).flatMap((l) =>
              (g.links.get(l.other) ?? []).map((l2) => groupOfHost.get(l2.other)),
            ),
          )
          .find((i) => i !== undefined);
    if (near === undefined) topRow.push(n);
    else (ruleRows[near] as Node[]).push(n);
  }
  topRow.sort((a, b) => Number(b.data.role === 'nic') - Number(a.data.role === 'nic') || byLabel(a, b));
  const mid = totalW / 2;
  topRow.forEach((n, i) => {
    out[n.data.id] = { x: spread(topRow.length, i, mid, RACK.topRowStep), y: yNic };
  });
  const outside = g.nodes.get('outside');
  if (outside) {
    const nics = topRow.filter((n) => n.data.role === 'nic');
    const xs = nics.map((n) => (out[n.data.id] as { x: number }).x);
    out[outside.data.id] = { x: xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : mid, y: yNic - 110 };
  }

  const yGrid = (grpRowsOfDots: number): number => yDots + grpRowsOfDots * RACK.dotStep + RACK.bandGap;
  const dotsPerCell = Math.max(1, Math.floor((cellW - RACK.cellGap) / RACK.dotStep));
  const dotRows = Math.ceil(Math.min(rows, Math.max(...groups.map((x) => x.members.length), 1)) / dotsPerCell);
  const gridTop = yGrid(dotRows);

  groups.forEach((grp, gi) => {
    const centre = grp.left + grp.width / 2;
    if (grp.head) out[grp.head.data.id] = { x: centre, y: yBridge };
    const rules = (ruleRows[gi] as Node[]).sort(byLabel);
    rules.forEach((n, i) => {
      out[n.data.id] = { x: spread(rules.length, i, centre, 70), y: yRules };
    });
    const cols = Math.max(1, Math.ceil(grp.members.length / rows));
    const colsW = cols * cellW;
    const gridLeft = centre - colsW / 2;
    const perColumn = Math.min(rows, grp.members.length);
    grp.members.forEach((u, i) => {
      const { col, row } = cellOf(i, rows);
      const cx = gridLeft + col * cellW + cellW / 2;
      const cy = gridTop + row * cellH;
      placeBox(g, u, cx, cy, boxSize.get(u.data.id) ?? { w: 60, h: 40 }, out);
      // Host ends under the bridge, in the box's column, so the cable drops straight down.
      const ends = [...new Set(hostEndsOf.get(u.data.id) ?? [])];
      const inRow = Math.min(perColumn, dotsPerCell);
      ends.forEach((e, k) => {
        if (out[e]) return;
        const slot = row * Math.max(1, ends.length) + k;
        const across = slot % inRow;
        out[e] = {
          x: spread(inRow, across, cx, RACK.dotStep),
          y: yDots + Math.floor(slot / inRow) * RACK.dotStep,
        };
      });
    });
  });

  // Host links left without a place (a veth whose peer is in no drawn box, say).
  const unplaced = hostKids.filter((n) => out[n.data.id] === undefined && !(g.children.get(n.data.id)?.length ?? 0));
  unplaced.sort(byLabel).forEach((n, i) => {
    out[n.data.id] = { x: totalW + 60 + (i % 4) * 40, y: yNic + Math.floor(i / 4) * 40 };
  });
  return out;
}

/** A namespace box: its interfaces in a row on top (they face the host), container badges below. */
function placeBox(g: Graph, box: Node, cx: number, top: number, size: { w: number; h: number }, out: Positions): void {
  const kids = g.children.get(box.data.id) ?? [];
  if (kids.length === 0) {
    out[box.data.id] = { x: cx, y: top + size.h / 2 };
    return;
  }
  const ifaces = kids.filter((k) => k.data.kind !== 'container');
  const badges = kids.filter((k) => k.data.kind === 'container');
  ifaces.forEach((n, i) => {
    out[n.data.id] = { x: spread(ifaces.length, i, cx, RACK.ifaceStep), y: top };
  });
  const yBadge = ifaces.length > 0 ? top + 44 : top;
  badges.forEach((n, i) => {
    out[n.data.id] = { x: spread(badges.length, i, cx, RACK.badgeStep), y: yBadge };
  });
}

function dockerRack(g: Graph): Positions {
  const out: Positions = {};
  const top = [...g.nodes.values()].filter((n) => n.data.parent === undefined);
  const special = (n: Node): number => (n.data.label === 'host' || n.data.label === 'none' ? 1 : 0);
  const networks = top
    .filter((n) => n.data.kind === 'network')
    .sort(
      (a, b) =>
        Number(b.data.label.startsWith('bridge ')) - Number(a.data.label.startsWith('bridge ')) ||
        special(a) - special(b) ||
        byLabel(a, b),
    );
  const netRank = new Map(networks.map((n, i) => [n.data.id, i]));
  const endpointsOf = (containerId: string): Node[] =>
    (g.links.get(containerId) ?? [])
      .filter((l) => l.kind === 'endpoint')
      .map((l) => g.nodes.get(l.other))
      .filter((n): n is Node => n !== undefined && n.data.parent !== undefined && netRank.has(n.data.parent));
  const containers = top.filter((n) => n.data.kind === 'container').sort(byLabel);
  const groups: Group<Node>[] = networks.map((n) => ({ head: n, members: [], left: 0, width: 0 }));
  const rest: Group<Node> = { head: null, members: [], left: 0, width: 0 };
  const firstNet = new Map<string, number>();
  for (const c of containers) {
    const ranks = endpointsOf(c.data.id).map((e) => netRank.get(e.data.parent as string) as number);
    const first = Math.min(Infinity, ...ranks);
    if (Number.isFinite(first)) firstNet.set(c.data.id, first);
  }
  // `container:X` members share X's namespace: they go where X goes.
  for (const c of containers) {
    if (firstNet.has(c.data.id)) continue;
    const shared = (g.links.get(c.data.id) ?? []).find((l) => l.kind === 'shares-netns');
    const via = shared ? firstNet.get(shared.other) : undefined;
    if (via !== undefined) firstNet.set(c.data.id, via);
  }
  for (const c of containers) {
    const r = firstNet.get(c.data.id);
    (r === undefined ? rest : (groups[r] as Group<Node>)).members.push(c);
  }
  const others = top.filter((n) => n.data.kind !== 'network' && n.data.kind !== 'container' && n.data.kind !== 'port');
  rest.members.push(...others.sort(byLabel));
  if (rest.members.length > 0) groups.push(rest);

  const portsOf = new Map<string, Node[]>();
  for (const p of top.filter((n) => n.data.kind === 'port').sort(byLabel)) {
    const c = (g.links.get(p.data.id) ?? []).find((l) => l.kind === 'publishes')?.other;
    if (c === undefined) continue;
    portsOf.set(c, [...(portsOf.get(c) ?? []), p]);
  }
  const maxPorts = Math.max(0, ...[...portsOf.values()].map((p) => p.length));
  // Ports hang under their container in a column: their labels are too wide to sit side by side.
  const cellW = Math.max(150, maxPorts > 0 ? 170 : 0);
  const cellH = 90 + maxPorts * RACK.portStep;
  const rows = sharedRows(
    groups.map((x) => ({ count: x.members.length })),
    cellW,
    cellH,
  );

  // Endpoints: a container's own network gets them in the container's column; other
  // networks list theirs after, in rows across the box.
  const epStep = { x: 80, y: 36 };
  const perCellEps = Math.max(1, Math.floor(cellW / epStep.x));
  let x = 0;
  let bandH = 0;
  const layoutOf: { centre: number; cols: number; own: Node[][]; extra: Node[] }[] = [];
  for (const grp of groups) {
    const cols = Math.max(1, Math.ceil(grp.members.length / rows));
    grp.left = x;
    grp.width = Math.max(cols * cellW, grp.head ? labelWidth(grp.head.data.label) : 0);
    x += grp.width + RACK.cellGap;
    const netId = grp.head?.data.id;
    const own = grp.members.map((c) => endpointsOf(c.data.id).filter((e) => e.data.parent === netId));
    const ownIds = new Set(own.flat().map((e) => e.data.id));
    const extra = netId ? (g.children.get(netId) ?? []).filter((e) => !ownIds.has(e.data.id)) : [];
    layoutOf.push({ centre: grp.left + grp.width / 2, cols, own, extra });
    const ownRows = Math.ceil(Math.min(rows, grp.members.length) / perCellEps);
    const extraRows = Math.ceil(extra.length / Math.max(1, Math.floor(grp.width / epStep.x)));
    bandH = Math.max(bandH, (ownRows + extraRows) * epStep.y);
  }
  const yContainers = bandH + 110;

  groups.forEach((grp, gi) => {
    const { centre, cols, own, extra } = layoutOf[gi] as (typeof layoutOf)[number];
    const gridLeft = centre - (cols * cellW) / 2;
    const netKids = grp.head ? (g.children.get(grp.head.data.id) ?? []) : [];
    if (grp.head && netKids.length === 0) out[grp.head.data.id] = { x: centre, y: 0 };
    const inRow = Math.min(perCellEps, Math.max(1, Math.min(rows, grp.members.length)));
    let ownRows = 0;
    grp.members.forEach((c, i) => {
      const { col, row } = cellOf(i, rows);
      const cx = gridLeft + col * cellW + cellW / 2;
      const cy = yContainers + row * cellH;
      out[c.data.id] = { x: cx, y: cy };
      const ports = portsOf.get(c.data.id) ?? [];
      ports.forEach((p, k) => {
        out[p.data.id] = { x: cx, y: cy + 56 + k * RACK.portStep };
      });
      (own[i] ?? []).forEach((e, k) => {
        const across = row % inRow;
        const down = Math.floor(row / inRow) + k;
        ownRows = Math.max(ownRows, down + 1);
        out[e.data.id] = { x: spread(inRow, across, cx, epStep.x), y: down * epStep.y };
      });
    });
    const perRow = Math.max(1, Math.floor(grp.width / epStep.x));
    extra.sort(byLabel).forEach((e, k) => {
      const n = Math.min(perRow, extra.length);
      out[e.data.id] = {
        x: spread(n, k % perRow, centre, epStep.x),
        y: (ownRows + Math.floor(k / perRow)) * epStep.y,
      };
    });
  });
  return out;
}
