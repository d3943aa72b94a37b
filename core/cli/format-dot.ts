/**
 * The topology as a Graphviz digraph (`netloom snapshot --dot`), in docs/visual.md's
 * vocabulary: namespaces as clusters holding their interfaces, Docker networks and
 * containers as plain nodes, veth cables thick and green, DNAT orange and dashed,
 * MASQUERADE purple and dashed. Everything is sorted so the same host prints the same
 * file, and every id and label is quoted and escaped.
 */
import type {
  ContainerNode,
  InterfaceNode,
  NatRuleNode,
  NetnsNode,
  NetworkNode,
  PortNode,
  Topology,
  TopologyEdge,
} from '../model/types.js';
import { compareChains, compareText, sortBy } from '../common/order.js';
import { TopologyIndex } from '../common/topology-index.js';
import { NETWORK_COLOURS } from '../../assets/palette.js';

/** The palette of docs/visual.md, light theme. */
export const DOT_COLORS = {
  text: '#161616',
  muted: '#525252',
  veth: '#00805C',
  dnat: '#C4530A',
  masq: '#A8508A',
  bridge: '#0072B2',
  neutral: '#6F6F6F',
  stopped: '#8D8D8D',
} as const;

/** IBM Carbon's categorical sequence (docs/visual.md), shared with the renderer; networks take it in name order. */
export const NETWORK_COLORS = NETWORK_COLOURS.light;

/**
 * The inside of a DOT double-quoted string (also valid as an escString label): backslashes
 * and quotes escaped, line breaks as `\n`, other control characters dropped.
 */
export function escapeDotText(s: string): string {
  return (
    s
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, '')
  );
}

/** A DOT id or attribute value: always double-quoted, whatever it contains. */
export function escapeDot(s: string): string {
  return `"${escapeDotText(s)}"`;
}

/** A multi-line label: each line escaped on its own, joined by DOT's `\n`. */
function lines(...parts: (string | null | undefined | false)[]): string {
  return `"${parts
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .map(escapeDotText)
    .join('\\n')}"`;
}

const RAW = Symbol('raw');
/** An attribute value that is already a quoted DOT string (labels built by `lines`). */
interface Raw {
  [RAW]: string;
}
const raw = (s: string): Raw => ({ [RAW]: s });

type Attrs = Record<string, string | number | boolean | Raw | undefined>;

function attrs(a: Attrs): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    const value = typeof v === 'object' ? v[RAW] : typeof v === 'string' ? escapeDot(v) : String(v);
    parts.push(`${k}=${value}`);
  }
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

/** Adds an alpha byte to a #rrggbb colour. */
function tint(color: string, alpha = '26'): string {
  return `${color}${alpha}`;
}

function portLabel(p: PortNode): string {
  return p.label || `${p.hostIp}:${p.hostPort}→${p.containerPort}/${p.proto}`;
}

export function formatTopologyDot(t: Topology): string {
  const ix = new TopologyIndex(t);
  const out: string[] = [];
  const drawn = new Set<string>();
  const node = (id: string, a: Attrs, indent = '  '): void => {
    drawn.add(id);
    out.push(`${indent}${escapeDot(id)}${attrs(a)};`);
  };

  // ---- colours: networks in name order, bridges take their network's --------------
  const networks = sortBy(ix.networks, (n) => n.name);
  const netColor = new Map<string, string>();
  networks.forEach((n, i) => netColor.set(n.id, NETWORK_COLORS[i % NETWORK_COLORS.length] as string));
  const bridgeColor = (ifaceId: string): string => {
    const net = ix.networkOfBridge(ifaceId);
    return (net && netColor.get(net.id)) ?? DOT_COLORS.bridge;
  };
  const firstNetworkColor = (containers: readonly ContainerNode[]): string | undefined => {
    const nets = containers
      .flatMap((c) => ix.from(c.id, 'endpoint'))
      .map((e) => ix.node(e.target))
      .filter((n): n is NetworkNode => n?.kind === 'network');
    const first = sortBy(nets, (n) => n.name)[0];
    return first ? netColor.get(first.id) : undefined;
  };

  out.push('digraph netloom {');
  out.push(
    `  graph${attrs({
      label: `${t.host.hostname} · ${t.capturedAt}`,
      labelloc: 't',
      fontname: 'Helvetica',
      fontsize: 12,
      rankdir: 'TB',
      compound: true,
      newrank: true,
      nodesep: 0.3,
      ranksep: 0.6,
      forcelabels: true,
    })};`,
  );
  out.push(
    `  node${attrs({ fontname: 'Helvetica', fontsize: 10, color: DOT_COLORS.text, fontcolor: DOT_COLORS.text })};`,
  );
  out.push(
    `  edge${attrs({ fontname: 'Helvetica', fontsize: 9, color: DOT_COLORS.neutral, fontcolor: DOT_COLORS.muted })};`,
  );

  // ---- namespaces as clusters, host first -----------------------------------------
  const host = ix.hostNetns;
  const others = sortBy(
    ix.netns.filter((n) => n !== host),
    (n) => ix.netnsName(n.id),
  );
  for (const ns of host ? [host, ...others] : others) {
    const users = ix.containersIn(ns.id);
    const ifaces = visibleInterfaces(ix, ns);
    if (ifaces.length === 0 && users.length === 0) continue;
    const owned = users.length > 0;
    const color = ns.host ? DOT_COLORS.text : (owned && firstNetworkColor(users)) || DOT_COLORS.neutral;
    const label = ns.host ? `${t.host.hostname} (host)` : ix.netnsName(ns.id);
    const styles = ['rounded'];
    if (!ns.host && !owned) styles.push('dashed');
    if (owned && users.every((c) => c.state !== 'running')) styles.push('dotted');
    out.push('');
    out.push(`  subgraph ${escapeDot(`cluster_${ns.id}`)} {`);
    out.push(
      `    graph${attrs({
        label,
        tooltip: `${ns.id}${ns.name ? ` (ip netns ${ns.name})` : ''}`,
        style: styles.join(','),
        color,
        penwidth: ns.host ? 2 : 1.5,
        fontsize: ns.host ? 12 : 11,
      })};`,
    );
    if (ifaces.length === 0) {
      // Graphviz drops empty clusters; keep the box visible with a placeholder.
      node(`${ns.id}#empty`, { label: 'no interfaces', shape: 'plaintext', fontcolor: DOT_COLORS.stopped }, '    ');
    }
    for (const i of ifaces) node(i.id, interfaceAttrs(i, ix, bridgeColor), '    ');
    out.push('  }');
  }

  // ---- Docker level: networks, containers, ports, NAT rules ---------------------
  if (networks.length > 0) out.push('');
  for (const n of networks) {
    const color = netColor.get(n.id) as string;
    const flags = [n.internal ? 'internal' : '', n.icc ? '' : 'icc off'].filter(Boolean).join(', ');
    node(n.id, {
      label: raw(lines(n.name, ...n.subnets.map((s) => s.subnet), flags && `(${flags})`)),
      shape: 'box',
      style: n.internal ? 'rounded,filled,dashed' : 'rounded,filled',
      color,
      fillcolor: tint(color),
      penwidth: 2,
      tooltip: `${n.driver} network ${n.id}`,
    });
  }

  const containers = sortBy(ix.containers, (c) => c.name);
  if (containers.length > 0) out.push('');
  for (const c of containers) {
    const stopped = c.state !== 'running';
    node(c.id, {
      label: raw(lines(c.name, c.image, stopped ? `${c.shortId} · ${c.state}` : c.shortId)),
      shape: 'component',
      style: stopped ? 'dotted' : undefined,
      color: stopped ? DOT_COLORS.stopped : DOT_COLORS.text,
      fontcolor: stopped ? DOT_COLORS.stopped : DOT_COLORS.text,
      tooltip: `${c.id} (${ix.networkModeLabel(c.networkMode)})`,
    });
  }

  const ports = [...ix.ports].sort(
    (a, b) =>
      a.hostPort - b.hostPort ||
      compareText(a.proto, b.proto) ||
      compareText(a.hostIp, b.hostIp) ||
      compareText(a.id, b.id),
  );
  if (ports.length > 0) out.push('');
  for (const p of ports) {
    node(p.id, {
      label: portLabel(p),
      shape: 'cds',
      color: DOT_COLORS.dnat,
      fontcolor: DOT_COLORS.dnat,
      tooltip: p.rule ? `DNAT rule ${p.rule}` : 'no DNAT rule',
    });
  }

  // Only the NAT rules an edge points from or to: the rest are detail for the text view.
  const drawnEdges = t.edges.filter((e) => DRAWN_EDGE_KINDS.has(e.kind));
  const referencedRules = new Set(drawnEdges.flatMap((e) => [e.source, e.target]));
  const natRules = ix.natRules
    .filter((r) => referencedRules.has(r.id))
    .sort((a, b) => compareText(a.table, b.table) || compareChains(a.chain, b.chain) || a.index - b.index);
  if (natRules.length > 0) out.push('');
  for (const r of natRules) node(r.id, natRuleAttrs(r));

  // ---- edges ------------------------------------------------------------------
  const edgeLines: string[] = [];
  const edge = (source: string, target: string, a: Attrs): void => {
    if (!drawn.has(source) || !drawn.has(target)) return;
    edgeLines.push(`  ${escapeDot(source)} -> ${escapeDot(target)}${attrs(a)};`);
  };
  const sortedEdges = [...drawnEdges].sort(
    (a, b) => EDGE_ORDER.indexOf(a.kind) - EDGE_ORDER.indexOf(b.kind) || compareText(a.id, b.id),
  );
  for (const e of sortedEdges) drawEdge(e, ix, edge, bridgeColor, netColor);

  // Networks to their Linux bridge: not a model edge, but it joins the two levels.
  for (const n of networks) {
    if (n.bridge)
      edge(n.id, n.bridge, {
        dir: 'none',
        style: 'dotted',
        color: netColor.get(n.id),
        tooltip: "the network's bridge",
      });
  }
  // Published ports whose DNAT rule (or its target) was not found still belong to a container.
  const publishing = new Set(ix.edges('publishes').map((e) => e.source));
  for (const p of ports) {
    if (!publishing.has(p.id)) {
      edge(p.id, p.container, {
        style: 'dotted',
        color: DOT_COLORS.stopped,
        label: p.rule ? 'DNAT target not found' : 'no DNAT rule',
      });
    }
  }
  if (edgeLines.length > 0) out.push('', ...edgeLines);
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Edge kinds drawn, in the order they are written. `uses-netns` is the cluster itself; `filters` is text-only detail. */
const EDGE_ORDER: TopologyEdge['kind'][] = [
  'veth',
  'bridge-port',
  'lower',
  'endpoint',
  'masquerade',
  'dnat',
  'publishes',
];
const DRAWN_EDGE_KINDS = new Set<string>(EDGE_ORDER);

/** A namespace's interfaces, loopback left out unless it is all the namespace has. */
function visibleInterfaces(ix: TopologyIndex, ns: NetnsNode): readonly InterfaceNode[] {
  const all = ix.interfacesIn(ns.id);
  const notLo = all.filter((i) => i.type !== 'loopback');
  return notLo.length > 0 ? notLo : all;
}

function interfaceAttrs(i: InterfaceNode, ix: TopologyIndex, bridgeColor: (id: string) => string): Attrs {
  const label = raw(lines(i.name, ...i.addresses));
  const down = !i.up;
  const tooltip = `${i.id} · ${i.type}${i.mac ? ` · ${i.mac}` : ''} · mtu ${i.mtu} · ${i.operstate}`;
  if (i.type === 'bridge') {
    const color = bridgeColor(i.id);
    const net = ix.networkOfBridge(i.id);
    return {
      label: raw(lines(net && net.name !== i.name ? `${i.name} (${net.name})` : i.name, ...i.addresses)),
      shape: 'box',
      style: down ? 'filled,dashed' : 'filled',
      color,
      fillcolor: tint(color, '40'),
      penwidth: 2,
      tooltip,
    };
  }
  if (i.type === 'veth') {
    return {
      label,
      shape: 'ellipse',
      style: down ? 'dashed' : 'filled',
      color: down ? DOT_COLORS.stopped : DOT_COLORS.veth,
      fillcolor: tint(DOT_COLORS.veth, '1a'),
      fontcolor: down ? DOT_COLORS.stopped : DOT_COLORS.text,
      tooltip,
    };
  }
  return {
    label,
    shape: 'box',
    style: down ? 'rounded,dashed' : 'rounded',
    color: down ? DOT_COLORS.stopped : i.type === 'loopback' ? DOT_COLORS.neutral : DOT_COLORS.text,
    fontcolor: down ? DOT_COLORS.stopped : DOT_COLORS.text,
    tooltip,
  };
}

function natRuleAttrs(r: NatRuleNode): Attrs {
  const color =
    r.target === 'DNAT'
      ? DOT_COLORS.dnat
      : r.target === 'MASQUERADE' || r.target === 'SNAT'
        ? DOT_COLORS.masq
        : DOT_COLORS.neutral;
  return {
    label: r.target === 'MASQUERADE' ? 'M' : r.target.charAt(0) || '?',
    xlabel: `${r.chain} #${r.index}`,
    shape: 'diamond',
    width: 0.35,
    height: 0.35,
    fixedsize: true,
    fontsize: 8,
    color,
    fontcolor: color,
    tooltip: r.text,
  };
}

function drawEdge(
  e: TopologyEdge,
  ix: TopologyIndex,
  edge: (s: string, t: string, a: Attrs) => void,
  bridgeColor: (id: string) => string,
  netColor: Map<string, string>,
): void {
  switch (e.kind) {
    case 'veth': {
      // Undirected, so written host end first: Graphviz then ranks container boxes under the host.
      const hostFirst =
        ix.iface(e.target)?.parent === ix.hostNetns?.id && ix.iface(e.source)?.parent !== ix.hostNetns?.id;
      const [a, b] = hostFirst ? [e.target, e.source] : [e.source, e.target];
      const down = ix.iface(a)?.up === false || ix.iface(b)?.up === false;
      edge(a, b, { dir: 'none', penwidth: 3, color: DOT_COLORS.veth, style: down ? 'dashed' : undefined });
      break;
    }
    case 'bridge-port':
      // Bridge first, for the rack: the bridge above, its ports hanging under it.
      edge(e.target, e.source, { dir: 'none', penwidth: 2, color: bridgeColor(e.target) });
      break;
    case 'lower':
      edge(e.source, e.target, { style: 'dotted', color: DOT_COLORS.neutral, tooltip: 'lower link' });
      break;
    case 'endpoint': {
      const c = ix.container(e.source);
      const stopped = c !== undefined && c.state !== 'running';
      edge(e.source, e.target, {
        label: e.ipv4 ?? undefined,
        taillabel: ix.iface(e.interface)?.name,
        color: stopped ? DOT_COLORS.stopped : netColor.get(e.target),
        penwidth: 2,
        style: stopped ? 'dotted' : undefined,
      });
      break;
    }
    case 'masquerade':
      edge(e.source, e.target, {
        style: 'dashed',
        color: DOT_COLORS.masq,
        label: e.subnet,
        fontcolor: DOT_COLORS.masq,
      });
      break;
    case 'dnat':
      edge(e.source, e.target, { style: 'dashed', color: DOT_COLORS.dnat });
      break;
    case 'publishes':
      edge(e.source, e.target, { style: 'dashed', color: DOT_COLORS.dnat, penwidth: 1.5 });
      break;
    default:
      break;
  }
}
