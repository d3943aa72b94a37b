import { TopologyIndex } from '../common/topology-index.js';
import type { EndpointEdge, Route, Topology, TopologyEdge, TopologyNode } from '../model/types.js';
import type { EffectItem } from '../protocol/commands.js';

/**
 * What an action did, from the model before and after it: the elements that came, went or
 * changed, restricted to those related to the action's targets (its containers and
 * networks, and what hangs off them: namespace, interfaces, veth peers and bridge ports,
 * endpoints and their DNS names, published ports, the firewall rules that name them).
 */
export function effectItems(before: Topology, after: Topology, seeds: readonly string[]): EffectItem[] {
  const b = TopologyIndex.of(before);
  const a = TopologyIndex.of(after);
  const related = new Set<string>();
  const tokens = new Set<string>();
  for (const index of [b, a]) collect(index, seeds, related, tokens);
  const items: EffectItem[] = [];
  const nodeKinds = new Set(['interface', 'container', 'network', 'port', 'netns']);
  for (const [idx, other, change] of [
    [a, b, 'added'],
    [b, a, 'removed'],
  ] as const) {
    for (const n of idx === a ? after.nodes : before.nodes) {
      if (!related.has(n.id) || !nodeKinds.has(n.kind) || other.node(n.id)) continue;
      if (n.kind === 'netns') continue;
      items.push({ change, id: n.id, kind: n.kind, label: nodeLabel(n), where: whereOf(idx, n) });
    }
    for (const e of idx === a ? after.edges : before.edges) {
      if (other.edge(e.id) || !edgeRelated(e, related)) continue;
      const label = edgeLabel(idx, e);
      if (label === null) continue;
      items.push({ change, id: e.id, kind: e.kind, label, where: edgeWhere(idx, e) });
      if (e.kind === 'endpoint') for (const name of answeredNames(idx, e)) items.push(dnsItem(change, e, name, idx));
    }
  }
  for (const n of after.nodes) {
    const old = b.node(n.id);
    if (!old || !related.has(n.id)) continue;
    items.push(...changedNode(old, n, a));
  }
  for (const e of after.edges) {
    const old = b.edge(e.id);
    if (!old || e.kind !== 'endpoint' || old.kind !== 'endpoint' || !edgeRelated(e, related)) continue;
    if (
      old.ipv4 !== e.ipv4 ||
      JSON.stringify(old.aliases) !== JSON.stringify(e.aliases) ||
      old.interface !== e.interface
    )
      items.push({
        change: 'changed',
        id: e.id,
        kind: 'endpoint',
        label: edgeLabel(a, e) ?? e.id,
        where: edgeWhere(a, e),
      });
    const now = answeredNames(a, e);
    const was = answeredNames(b, old);
    for (const name of now.filter((x) => !was.includes(x))) items.push(dnsItem('added', e, name, a));
    for (const name of was.filter((x) => !now.includes(x))) items.push(dnsItem('removed', old, name, b));
  }
  items.push(...ruleChanges(before, after, tokens));
  return items;
}

/** Firewall rule ids are positions in their chain: a rule inserted above shifts the others, so rules are compared by text. */
function ruleChanges(before: Topology, after: Topology, tokens: Set<string>): EffectItem[] {
  const rules = (t: Topology) =>
    t.nodes.filter(
      (n): n is Extract<TopologyNode, { kind: 'nat-rule' | 'filter-rule' }> =>
        n.kind === 'nat-rule' || n.kind === 'filter-rule',
    );
  const key = (r: { table: string; chain: string; text: string }) => `${r.table}\u0000${r.chain}\u0000${r.text}`;
  const count = (list: ReturnType<typeof rules>) => {
    const m = new Map<string, number>();
    for (const r of list) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
    return m;
  };
  const pattern = tokens.size ? new RegExp(`(?:^|[\\s/:])(?:${[...tokens].map(escape).join('|')})(?=$|[\\s/:])`) : null;
  const out: EffectItem[] = [];
  for (const [list, otherCounts, change] of [
    [rules(after), count(rules(before)), 'added'],
    [rules(before), count(rules(after)), 'removed'],
  ] as const) {
    const left = new Map(otherCounts);
    for (const r of list) {
      const k = key(r);
      const n = left.get(k) ?? 0;
      if (n > 0) {
        left.set(k, n - 1);
        continue;
      }
      if (!pattern?.test(r.text)) continue;
      out.push({ change, id: r.id, kind: r.kind, label: r.text, where: `${r.table} ${r.chain}` });
    }
  }
  return out;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function collect(index: TopologyIndex, seeds: readonly string[], related: Set<string>, tokens: Set<string>): void {
  const addIface = (id: string | null | undefined): void => {
    const i = index.iface(id);
    if (!i) return;
    related.add(i.id);
    for (const addr of i.addresses) if (addr.includes('.')) tokens.add(addr.split('/')[0] ?? '');
    const peer = index.vethPeer(i.id);
    if (peer) {
      related.add(peer.id);
      tokens.add(peer.name);
    }
  };
  for (const seed of seeds) {
    related.add(seed);
    const c = index.container(seed);
    if (c) {
      if (c.netns) {
        related.add(c.netns);
        for (const i of index.interfacesIn(c.netns)) if (i.type !== 'loopback') addIface(i.id);
      }
      for (const e of index.endpointsOf(c.id)) {
        related.add(e.target);
        if (e.ipv4) tokens.add(e.ipv4.split('/')[0] ?? '');
        addIface(e.interface);
      }
      for (const p of index.portsOf(c.id)) {
        related.add(p.id);
        tokens.add(String(p.hostPort));
      }
    }
    const n = index.network(seed);
    if (n) {
      if (n.bridge) addIface(n.bridge);
      if (n.bridgeName) tokens.add(n.bridgeName);
      for (const s of n.subnets) tokens.add(s.subnet);
    }
  }
  // A published port's rule names `--dport <port>`: the port number is a token only after
  // `--dport`, so `80` does not pull in every rule with an 80 in it.
  for (const t of [...tokens])
    if (/^\d+$/.test(t)) {
      tokens.delete(t);
      tokens.add(`--dport ${t}`);
    }
  tokens.delete('');
}

function edgeRelated(e: TopologyEdge, related: Set<string>): boolean {
  if (e.kind === 'endpoint' || e.kind === 'veth') return related.has(e.source) || related.has(e.target);
  if (e.kind === 'bridge-port') return related.has(e.source);
  return false;
}

function nodeLabel(n: TopologyNode): string {
  switch (n.kind) {
    case 'interface':
      return [n.name, ...n.addresses.filter((x) => x.includes('.'))].join(' ');
    case 'container':
      return `${n.name} (${n.state})`;
    case 'network':
      return `${n.name} ${n.subnets.map((s) => s.subnet).join(' ')}`.trim();
    case 'port':
      return `${n.hostIp.includes(':') ? `[${n.hostIp}]` : n.hostIp}:${n.hostPort} → ${n.containerPort}/${n.proto}`;
    default:
      return n.label;
  }
}

function whereOf(index: TopologyIndex, n: TopologyNode): string | null {
  if (n.kind !== 'interface') return null;
  if (index.hostNetns?.id === n.parent) return n.master ? (index.iface(n.master)?.name ?? null) : null;
  return index.netnsName(n.parent);
}

function edgeLabel(index: TopologyIndex, e: TopologyEdge): string | null {
  const name = (id: string | null): string => (id ? (index.iface(id)?.name ?? index.labelOf(id)) : '—');
  switch (e.kind) {
    case 'veth':
      return `${name(e.source)} ↔ ${name(e.target)}`;
    case 'bridge-port':
      return `${name(e.source)} → ${name(e.target)}`;
    case 'endpoint': {
      const c = index.container(e.source)?.name ?? e.source;
      const n = index.network(e.target)?.name ?? e.target;
      return `${c} on ${n}${e.ipv4 ? ` ${e.ipv4}` : ''}${e.aliases.length ? ` (aliases ${e.aliases.join(', ')})` : ''}`;
    }
    default:
      return null;
  }
}

function edgeWhere(index: TopologyIndex, e: TopologyEdge): string | null {
  if (e.kind === 'endpoint') return index.network(e.target)?.name ?? null;
  if (e.kind === 'bridge-port') return index.iface(e.target)?.name ?? null;
  return null;
}

/**
 * The names Docker's embedded DNS answers for an endpoint: the engine's own list where it
 * gives one (API 1.44+), else what 20.10 answers on a network with embedded DNS: the
 * container's name and its aliases (the short id among them).
 */
function answeredNames(index: TopologyIndex, e: EndpointEdge): string[] {
  if (e.dnsNames.length > 0) return e.dnsNames;
  if (!index.network(e.target)?.embeddedDns) return [];
  const name = index.container(e.source)?.name;
  return [...new Set([...(name ? [name] : []), ...e.aliases])];
}

const dnsItem = (change: EffectItem['change'], e: EndpointEdge, name: string, index: TopologyIndex): EffectItem => ({
  change,
  id: e.id,
  kind: 'dns-name',
  label: name,
  where: index.network(e.target)?.name ?? null,
});

const routeText = (r: Route): string =>
  `${r.dst}${r.gateway ? ` via ${r.gateway}` : ''}${r.devName ? ` dev ${r.devName}` : ''}`;

function changedNode(old: TopologyNode, n: TopologyNode, index: TopologyIndex): EffectItem[] {
  if (n.kind === 'netns' && old.kind === 'netns') {
    const was = new Set(old.routes.map(routeText));
    const now = new Set(n.routes.map(routeText));
    const where = index.netnsName(n.id);
    return [
      ...[...now]
        .filter((r) => !was.has(r))
        .map((r) => ({ change: 'added' as const, id: n.id, kind: 'route', label: r, where })),
      ...[...was]
        .filter((r) => !now.has(r))
        .map((r) => ({ change: 'removed' as const, id: n.id, kind: 'route', label: r, where })),
    ];
  }
  if (n.kind === 'interface' && old.kind === 'interface') {
    const out: EffectItem[] = [];
    const where = whereOf(index, n);
    for (const addr of n.addresses.filter((x) => !old.addresses.includes(x)))
      out.push({ change: 'added', id: n.id, kind: 'address', label: `${addr} on ${n.name}`, where });
    for (const addr of old.addresses.filter((x) => !n.addresses.includes(x)))
      out.push({ change: 'removed', id: n.id, kind: 'address', label: `${addr} on ${n.name}`, where });
    if (old.master !== n.master || old.up !== n.up)
      out.push({ change: 'changed', id: n.id, kind: 'interface', label: `${n.name} ${n.up ? 'up' : 'down'}`, where });
    return out;
  }
  if (n.kind === 'container' && old.kind === 'container' && old.state !== n.state)
    return [
      { change: 'changed', id: n.id, kind: 'container', label: `${n.name}: ${old.state} → ${n.state}`, where: null },
    ];
  return [];
}
