/**
 * The readable summary `netloom snapshot` prints: one section per part of the host's
 * container networking, each sorted so two runs on a quiet host print the same lines,
 * columns padded to line up, and nothing else but optional bold headers and dim details.
 */
import type {
  ContainerNode,
  FirewallRuleFields,
  InterfaceNode,
  NetworkNode,
  PortNode,
  Topology,
} from '../model/types.js';
import { compareChains, compareText, sortBy } from '../common/order.js';
import { TopologyIndex } from '../common/topology-index.js';

export interface TextFormatOptions {
  /** ANSI bold section headers and dim secondary text. Off by default. */
  color?: boolean;
}

/** Lines longer than this get their last column (rule texts) cut with "…". */
export const MAX_LINE = 120;
const DASH = '—';

interface Cell {
  text: string;
  dim?: boolean;
}
type CellLike = string | Cell;

interface Style {
  bold(s: string): string;
  dim(s: string): string;
}

const plain: Style = { bold: (s) => s, dim: (s) => s };
const ansi: Style = {
  bold: (s) => (s ? `\x1b[1m${s}\x1b[22m` : s),
  dim: (s) => (s ? `\x1b[2m${s}\x1b[22m` : s),
};

/**
 * Names come from containers and the kernel; never let one move the cursor or recolour
 * the terminal. Control characters are shown as \xNN.
 */
export function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Cuts to at most `max` characters, ending with "…" when anything was cut. */
export function truncate(s: string, max: number): string {
  if (width(s) <= max) return s;
  const chars = [...s];
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

const dim = (text: string): Cell => ({ text, dim: true });

interface TableOptions {
  /** Cut the last cell so lines stay within MAX_LINE. */
  fitLast?: boolean;
}

/** Pads every column but the last to its widest cell; empty trailing cells are dropped. */
function table(rows: CellLike[][], indent: string, style: Style, opts: TableOptions = {}): string[] {
  const cells = rows.map((r) => {
    const cs = r.map((c): Cell => (typeof c === 'string' ? { text: cleanText(c) } : { ...c, text: cleanText(c.text) }));
    while (cs.length > 0 && cs[cs.length - 1]?.text === '') cs.pop();
    return cs;
  });
  const widths: number[] = [];
  for (const r of cells) {
    r.forEach((c, i) => {
      if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, width(c.text));
    });
  }
  return cells.map((r) => {
    let line = indent;
    let visible = width(indent);
    r.forEach((c, i) => {
      const last = i === r.length - 1;
      let text = c.text;
      if (last && opts.fitLast) text = truncate(text, Math.max(24, MAX_LINE - visible));
      const pad = last ? '' : ' '.repeat((widths[i] ?? 0) - width(text) + 2);
      line += (c.dim ? style.dim(text) : text) + pad;
      visible += width(text) + pad.length;
    });
    return line.trimEnd();
  });
}

/**
 * A table of parent rows, each followed by its own child rows; parents line up with
 * each other and all children line up with each other.
 */
function nested(parents: CellLike[][], children: CellLike[][][], style: Style, opts: TableOptions = {}): string[] {
  const heads = table(parents, '  ', style);
  const flat = table(children.flat(), '      ', style, opts);
  const out: string[] = [];
  let k = 0;
  heads.forEach((h, i) => {
    out.push(h);
    const n = children[i]?.length ?? 0;
    out.push(...flat.slice(k, k + n));
    k += n;
  });
  return out;
}

function section(title: string, body: string[], style: Style): string[] {
  return body.length === 0 ? [] : [style.bold(title), ...body];
}

function onOff(v: boolean | null): string {
  return v === null ? 'unknown' : v ? 'on' : 'off';
}

function upDown(i: InterfaceNode): string {
  return i.up ? 'up' : 'down';
}

export function formatTopologyText(t: Topology, options: TextFormatOptions = {}): string {
  const style = options.color ? ansi : plain;
  const ix = new TopologyIndex(t);
  const blocks: string[][] = [
    header(t, style),
    missing(t, style),
    section('Networks', networks(ix, style), style),
    section('Containers', containers(ix, style), style),
    section('Bridges', bridges(ix, style), style),
    section('Namespaces', namespaces(ix, style), style),
    section('Published ports', ports(ix, style), style),
    section(
      'NAT rules',
      rules(ix.natRules, () => true, style),
      style,
    ),
    section('Filter rules (FORWARD, DOCKER*)', filterRules(ix, style), style),
  ].filter((b) => b.length > 0);
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}

function header(t: Topology, style: Style): string[] {
  const engine = t.host.engine
    ? `Docker ${t.host.engine.version} (API ${t.host.engine.apiVersion})`
    : 'no Docker engine';
  let firewall = 'unknown';
  if (t.firewall) {
    const forward = t.firewall.policies['filter:FORWARD'];
    firewall = forward ? `${t.firewall.backend}, FORWARD policy ${forward}` : t.firewall.backend;
  }
  const rows: CellLike[][] = [
    [dim('kernel'), t.host.kernel || 'unknown'],
    [dim('engine'), engine],
    [dim('ip_forward'), onOff(t.host.ipForward)],
    [dim('firewall'), firewall],
    [dim('captured'), dim(t.capturedAt)],
  ];
  return [style.bold(`Host ${cleanText(t.host.hostname)}`), ...table(rows, '  ', style)];
}

function missing(t: Topology, style: Style): string[] {
  const facets = t.facets as unknown as Record<string, { ok: boolean; reason?: string }>;
  const rows = Object.keys(facets)
    .sort(compareText)
    .filter((k) => facets[k]?.ok === false)
    .map((k): CellLike[] => [k, facets[k]?.reason ?? 'no reason given']);
  return section('Missing:', table(rows, '  ', style), style);
}

function subnetsText(n: NetworkNode): string {
  if (n.subnets.length === 0) return DASH;
  return n.subnets.map((s) => (s.gateway ? `${s.subnet} gw ${s.gateway}` : s.subnet)).join(', ');
}

function networkFlags(n: NetworkNode): string {
  const flags: string[] = [];
  if (n.internal) flags.push('internal');
  if (!n.icc) flags.push('icc off');
  if (n.embeddedDns) flags.push('embedded DNS');
  return flags.join(', ');
}

function stoppedMark(c: ContainerNode): string {
  return c.state === 'running' ? '' : `(${c.state === 'exited' ? 'stopped' : c.state})`;
}

function networks(ix: TopologyIndex, style: Style): string[] {
  const list = sortBy(ix.networks, (n) => n.name);
  const parents = list.map((n): CellLike[] => {
    const link = n.bridgeName ?? ix.iface(n.bridge)?.name ?? (n.parentName ? `parent ${n.parentName}` : '');
    return [n.name, n.driver, subnetsText(n), link || DASH, dim(networkFlags(n))];
  });
  const children = list.map((n) =>
    sortBy(ix.to(n.id, 'endpoint'), (e) => ix.container(e.source)?.name ?? e.source).map((e): CellLike[] => {
      const c = ix.container(e.source);
      return [
        c?.name ?? e.source,
        e.ipv4 ?? DASH,
        dim(e.mac ?? DASH),
        ix.iface(e.interface)?.name ?? DASH,
        dim(c ? stoppedMark(c) : ''),
      ];
    }),
  );
  return nested(parents, children, style);
}

function portText(p: PortNode): string {
  return p.label || `${p.hostIp}:${p.hostPort}→${p.containerPort}/${p.proto}`;
}

function containers(ix: TopologyIndex, style: Style): string[] {
  const list = sortBy(ix.containers, (c) => c.name);
  const parents = list.map((c): CellLike[] => [
    c.name,
    dim(c.shortId),
    truncate(c.image, 40),
    c.state === 'running' ? c.state : `${c.state} (stopped)`,
    ix.networkModeLabel(c.networkMode),
  ]);
  const children = list.map((c) => {
    const details: CellLike[][] = [];
    for (const e of sortBy(ix.from(c.id, 'endpoint'), (e) => ix.node(e.target)?.label ?? e.target)) {
      const net = ix.node(e.target);
      details.push([dim('net'), net?.kind === 'network' ? net.name : e.target, e.ipv4 ?? DASH]);
    }
    const ps = sortPorts(ix.ports.filter((p) => p.container === c.id));
    if (ps.length > 0) details.push([dim('ports'), ps.map(portText).join(', ')]);
    return details;
  });
  return nested(parents, children, style);
}

function sortPorts(ps: readonly PortNode[]): PortNode[] {
  return [...ps].sort(
    (a, b) =>
      a.hostPort - b.hostPort ||
      compareText(a.proto, b.proto) ||
      compareText(a.hostIp, b.hostIp) ||
      compareText(a.id, b.id),
  );
}

/** "vethabc ⇄ eth0 in web" — an interface and where its veth peer lives. */
function peerText(ix: TopologyIndex, i: InterfaceNode): string {
  const peer = ix.vethPeer(i.id);
  if (!peer) return i.type === 'veth' ? `${i.name} ⇄ ?` : i.name;
  return `${i.name} ⇄ ${peer.name} in ${ix.netnsName(peer.parent)}`;
}

function bridges(ix: TopologyIndex, style: Style): string[] {
  const host = ix.hostNetns;
  if (!host) return [];
  const list = ix.interfacesIn(host.id).filter((i) => i.type === 'bridge');
  const parents = list.map((b): CellLike[] => {
    const net = ix.networkOfBridge(b.id);
    return [
      b.name,
      b.addresses.length > 0 ? b.addresses.join(', ') : DASH,
      upDown(b),
      dim(net ? `network ${net.name}` : ''),
    ];
  });
  const children = list.map((b) =>
    sortBy(
      ix
        .to(b.id, 'bridge-port')
        .map((e) => ix.iface(e.source))
        .filter((x): x is InterfaceNode => x !== undefined),
      (x) => x.name,
    ).map((p): CellLike[] => [peerText(ix, p), dim(upDown(p))]),
  );
  return nested(parents, children, style);
}

function namespaces(ix: TopologyIndex, style: Style): string[] {
  const owned = new Set(ix.containers.map((c) => c.netns).filter((x): x is string => x !== null));
  for (const e of ix.edges('uses-netns')) owned.add(e.target);
  const list = sortBy(
    ix.netns.filter((n) => !n.host && !owned.has(n.id)),
    (n) => n.name ?? n.label,
  );
  const parents = list.map((ns): CellLike[] => [ns.name ?? ns.label, dim(`inode ${ns.inode}`)]);
  const children = list.map((ns) =>
    ix.interfacesIn(ns.id).map((i): CellLike[] => {
      const peer = ix.vethPeer(i.id);
      const bridge = peer ? ix.iface(peer.master) : undefined;
      const peerCol = peer
        ? `⇄ ${peer.name} in ${ix.netnsName(peer.parent)}${bridge ? ` (on ${bridge.name})` : ''}`
        : '';
      return [i.name, i.addresses.length > 0 ? i.addresses.join(', ') : DASH, dim(upDown(i)), peerCol];
    }),
  );
  return nested(parents, children, style);
}

/** Each published port, then the DNAT rule behind it on a line of its own so it is read whole. */
function ports(ix: TopologyIndex, style: Style): string[] {
  const list = sortPorts(ix.ports);
  const parents = list.map((p): CellLike[] => {
    const c = ix.container(p.container);
    const hostIp = p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
    return [
      `${hostIp}:${p.hostPort}/${p.proto}`,
      '→',
      `${c?.name ?? p.container}:${p.containerPort}`,
      dim(p.rule ?? 'no DNAT rule'),
    ];
  });
  const children = list.map((p): CellLike[][] => {
    if (!p.rule) return [];
    const rule = ix.node(p.rule);
    return [[rule?.kind === 'nat-rule' ? rule.text : dim('(rule not in snapshot)')]];
  });
  return nested(parents, children, style, { fitLast: true });
}

type Rule = FirewallRuleFields & { id: string };

function sortRules(list: readonly Rule[]): Rule[] {
  return [...list].sort(
    (a, b) =>
      compareText(a.table, b.table) || compareChains(a.chain, b.chain) || a.index - b.index || compareText(a.id, b.id),
  );
}

/** One line per rule: `DOCKER  #3  DNAT  -A DOCKER ! -i docker0 …`, chains grouped, in index order. */
function rules(list: readonly Rule[], keepChain: (chain: string) => boolean, style: Style): string[] {
  const kept = sortRules(list.filter((r) => keepChain(r.chain)));
  const tables = new Set(kept.map((r) => r.table));
  const rows = kept.map((r): CellLike[] => [
    tables.size > 1 ? `${r.table}/${r.chain}` : r.chain,
    dim(`#${r.index}`),
    r.target || DASH,
    r.text,
  ]);
  return table(rows, '  ', style, { fitLast: true });
}

/**
 * FORWARD and the DOCKER* chains, each chain a heading (with its policy when built in)
 * over its rules: filter chain names are long, and this leaves the rule text room.
 */
function filterRules(ix: TopologyIndex, style: Style): string[] {
  const kept = sortRules(ix.filterRules.filter((r) => r.chain === 'FORWARD' || r.chain.startsWith('DOCKER')));
  const policies = ix.topology.firewall?.policies ?? {};
  const tables = new Set(kept.map((r) => r.table));
  const groups: Rule[][] = [];
  for (const r of kept) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.table === r.table && last[0]?.chain === r.chain) last.push(r);
    else groups.push([r]);
  }
  const parents = groups.map((g): CellLike[] => {
    const { table: tbl, chain } = g[0] as Rule;
    const policy = policies[`${tbl}:${chain}`];
    return [tables.size > 1 ? `${tbl}/${chain}` : chain, dim(policy ? `policy ${policy}` : '')];
  });
  const children = groups.map((g) => g.map((r): CellLike[] => [dim(`#${r.index}`), r.target || DASH, r.text]));
  return nested(parents, children, style, { fitLast: true });
}
