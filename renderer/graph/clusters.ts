import type { TopologyIndex } from '../../core/common/topology-index.js';
import type { ViewName } from '../store/types.js';
import type { GraphEdge, GraphElement, GraphNode } from './element-data.js';
import { bridgeOrder, networkOrder, portOrder } from './rack-common.js';

/**
 * The overview of a big host (Kiali's app level, Scope's topology switch): a collapsed
 * network (Docker view) or bridge (kernel view) stands as one cluster node with its counts
 * under its box or bar, and the containers behind it leave the canvas until it is opened.
 * This is a layer over the view's elements: it decides what of them is drawn, and how the
 * cables of what is hidden end at the cluster instead.
 */

export const clusterId = (head: string): string => `cluster:${head}`;
export const bundleId = (head: string): string => `bundle:${head}`;

/** The words a cluster says, in the UI's language. */
export interface ClusterWords {
  containers(count: number): string;
  ports(count: number): string;
  stopped(count: number): string;
}

/** Which group each drawn element belongs to, by the same order the rack lays groups out in. */
export interface Membership {
  /** Group heads, in rack order: network ids (Docker view) or bridge ids (kernel view). */
  heads: string[];
  /** Element id → the head of the group that holds it, for elements a collapse hides. */
  groupOf: Map<string, string>;
}

function children(all: ReadonlyMap<string, GraphElement>): Map<string, GraphNode[]> {
  const out = new Map<string, GraphNode[]>();
  for (const el of all.values())
    if (el.group === 'nodes' && el.data.parent !== undefined) {
      const list = out.get(el.data.parent);
      if (list) list.push(el);
      else out.set(el.data.parent, [el]);
    }
  return out;
}

export function membership(all: ReadonlyMap<string, GraphElement>, view: ViewName): Membership {
  const nodes = [...all.values()].filter((e): e is GraphNode => e.group === 'nodes');
  const edges = [...all.values()].filter((e): e is GraphEdge => e.group === 'edges');
  const kids = children(all);
  const groupOf = new Map<string, string>();
  const at = new Map<string, GraphEdge[]>();
  for (const e of edges)
    for (const end of [e.data.source, e.data.target]) {
      const list = at.get(end);
      if (list) list.push(e);
      else at.set(end, [e]);
    }
  if (view === 'docker') {
    const heads = nodes.filter((n) => n.data.kind === 'network' && n.data.parent === undefined).sort(networkOrder);
    const rank = new Map(heads.map((h, i) => [h.data.id, i]));
    const firstOf = (containerId: string): string | undefined => {
      let best: string | undefined;
      for (const e of at.get(containerId) ?? []) {
        if (e.data.kind !== 'endpoint' || e.data.source !== containerId) continue;
        const ep = all.get(e.data.target);
        const net = ep?.group === 'nodes' ? ep.data.parent : undefined;
        if (
          net !== undefined &&
          rank.has(net) &&
          (best === undefined || (rank.get(net) as number) < (rank.get(best) as number))
        )
          best = net;
      }
      return best;
    };
    const containers = nodes.filter((n) => n.data.kind === 'container');
    for (const c of containers) {
      const g = firstOf(c.data.id);
      if (g) groupOf.set(c.data.id, g);
    }
    // `container:X` members go where X goes.
    for (const c of containers) {
      if (groupOf.has(c.data.id)) continue;
      const owner = (at.get(c.data.id) ?? []).find(
        (e) => e.data.kind === 'shares-netns' && e.data.source === c.data.id,
      );
      const g = owner ? groupOf.get(owner.data.target) : undefined;
      if (g) groupOf.set(c.data.id, g);
    }
    for (const h of heads) for (const ep of kids.get(h.data.id) ?? []) groupOf.set(ep.data.id, h.data.id);
    return { heads: heads.map((h) => h.data.id), groupOf };
  }
  // Kernel view: a namespace box goes with the first bar one of its cables is plugged into.
  const host = nodes.find((n) => n.data.kind === 'host');
  const heads = (host ? (kids.get(host.data.id) ?? []) : []).filter((n) => n.data.role === 'bridge').sort(bridgeOrder);
  const rank = new Map(heads.map((h, i) => [h.data.id, i]));
  const barOf = (hostEnd: string): string | undefined =>
    (at.get(hostEnd) ?? []).find((e) => e.data.kind === 'bridge-port' && rank.has(e.data.target))?.data.target;
  for (const box of nodes) {
    if (box.data.kind !== 'netns' || box.data.parent !== undefined) continue;
    let best: string | undefined;
    for (const i of kids.get(box.data.id) ?? [])
      for (const e of at.get(i.data.id) ?? []) {
        if (e.data.kind !== 'veth') continue;
        const peer = e.data.source === i.data.id ? e.data.target : e.data.source;
        const bar = barOf(peer);
        if (bar !== undefined && (best === undefined || (rank.get(bar) as number) < (rank.get(best) as number)))
          best = bar;
      }
    if (best === undefined) continue;
    groupOf.set(box.data.id, best);
    for (const k of kids.get(box.data.id) ?? []) groupOf.set(k.data.id, best);
  }
  // The host ends of a hidden box's cables go with it; the rest of a bar's ends with the bar.
  for (const n of nodes) {
    if (!n.classes.includes('host-end')) continue;
    const peerEdge = (at.get(n.data.id) ?? []).find((e) => e.data.kind === 'veth');
    const peer = peerEdge
      ? peerEdge.data.source === n.data.id
        ? peerEdge.data.target
        : peerEdge.data.source
      : undefined;
    const g = (peer !== undefined ? groupOf.get(peer) : undefined) ?? barOf(n.data.id);
    if (g) groupOf.set(n.data.id, g);
  }
  return { heads: heads.map((h) => h.data.id), groupOf };
}

/**
 * What is drawn with `collapsed` groups closed: their members replaced by one cluster
 * node each (with a bundle from its head), cables of hidden members re-ended at their
 * cluster (one cable per pair of ends, id `agg:<kind>:<a>|<b>`), ports of hidden
 * containers kept with the container's name on them. Nothing changes when no group is
 * collapsed: the view's own elements are returned.
 */
export interface ClusterDisplay {
  shown: Map<string, GraphElement>;
  /** Every element of the view left off the canvas, with the group head that holds it. */
  hiddenBy: Map<string, string>;
}

/** How many of a cluster's published ports stand beside it; the rest are counted in its label. */
export const PORTS_SHOWN = 4;

export function clusterDisplay(
  all: ReadonlyMap<string, GraphElement>,
  view: ViewName,
  collapsed: ReadonlySet<string>,
  index: TopologyIndex,
  words: ClusterWords,
): ClusterDisplay {
  if (collapsed.size === 0) return { shown: all as Map<string, GraphElement>, hiddenBy: new Map() };
  const { groupOf } = membership(all, view);
  const hiddenBy = new Map<string, string>();
  const hiddenIn = (id: string): string | undefined => {
    const g = groupOf.get(id);
    return g !== undefined && collapsed.has(g) && all.has(g) ? g : undefined;
  };
  const out = new Map<string, GraphElement>();
  const count = new Map<string, { containers: number; ports: number; stopped: number }>();
  const tally = (g: string) => {
    let c = count.get(g);
    if (!c) count.set(g, (c = { containers: 0, ports: 0, stopped: 0 }));
    return c;
  };
  for (const el of all.values()) {
    if (el.group !== 'nodes') continue;
    const g = hiddenIn(el.data.id);
    if (g === undefined) {
      out.set(el.data.id, el);
      continue;
    }
    hiddenBy.set(el.data.id, g);
    if (el.data.kind === 'container') {
      const c = tally(g);
      c.containers++;
      if (el.data.state !== 'running') c.stopped++;
    }
  }
  // Ports of hidden containers stay, saying whose they are.
  const rep = (id: string): string => {
    const g = hiddenBy.get(id) ?? hiddenIn(id);
    return g === undefined ? id : clusterId(g);
  };
  const dnatRules = new Map<string, string[]>();
  for (const el of all.values())
    if (el.group === 'edges' && el.data.kind === 'dnat')
      dnatRules.set(el.data.target, [...(dnatRules.get(el.data.target) ?? []), el.data.source]);
  const portsOf = new Map<string, GraphNode[]>();
  for (const el of all.values()) {
    if (el.group !== 'nodes' || el.data.kind !== 'port') continue;
    const owner = index.port(el.data.modelId)?.container;
    const g = owner ? hiddenIn(owner) : undefined;
    if (g === undefined) continue;
    tally(g).ports++;
    portsOf.set(g, [...(portsOf.get(g) ?? []), el]);
  }
  // A few ports stand beside their cluster, named for their container; the rest are counted.
  for (const [g, ports] of portsOf)
    ports.sort(portOrder).forEach((el, i) => {
      if (i >= PORTS_SHOWN) {
        out.delete(el.data.id);
        hiddenBy.set(el.data.id, g);
        // Its DNAT rule goes with it.
        for (const rule of dnatRules.get(el.data.id) ?? []) {
          out.delete(rule);
          hiddenBy.set(rule, g);
        }
        return;
      }
      const owner = index.port(el.data.modelId)?.container;
      out.set(el.data.id, { ...el, data: { ...el.data, label: `${el.data.label} · ${index.labelOf(owner)}` } });
    });
  // Kernel view: stopped containers have no namespace box; Docker knows them by their endpoint.
  if (view === 'kernel')
    for (const g of collapsed) {
      const net = index.networkOfBridge(g);
      if (!net) continue;
      const stopped = index.endpointsOn(net.id).filter((e) => index.container(e.source)?.state !== 'running').length;
      tally(g).stopped += stopped;
    }
  for (const g of collapsed) {
    const head = all.get(g);
    if (!head || head.group !== 'nodes') continue;
    const c = tally(g);
    // A group with nobody behind it needs no cluster: its box or bar says all there is.
    if (c.containers === 0 && c.ports === 0 && ![...hiddenBy.values()].includes(g)) continue;
    const lines = [words.containers(c.containers)];
    const more = [c.ports > 0 ? words.ports(c.ports) : '', c.stopped > 0 ? words.stopped(c.stopped) : ''].filter(
      Boolean,
    );
    if (more.length > 0) lines.push(more.join(' · '));
    out.set(clusterId(g), {
      group: 'nodes',
      data: {
        id: clusterId(g),
        kind: 'cluster',
        label: lines.join('\n'),
        modelId: head.data.modelId,
        state: 'ok',
        color: head.data.color,
        colorDark: head.data.colorDark,
        detail: '',
        partition: 2,
        role: null,
        head: g,
      },
      classes: 'cluster',
    });
    out.set(bundleId(g), {
      group: 'edges',
      data: {
        id: bundleId(g),
        kind: 'bundle',
        source: g,
        target: clusterId(g),
        label: '',
        modelId: head.data.modelId,
        state: 'up',
        color: head.data.color,
        colorDark: head.data.colorDark,
        sourceLabel: '',
        targetLabel: '',
      },
      classes: 'bundle',
    });
  }
  for (const el of all.values()) {
    if (el.group !== 'edges') continue;
    const s = rep(el.data.source);
    const t = rep(el.data.target);
    if (s === el.data.source && t === el.data.target) {
      out.set(el.data.id, el);
      continue;
    }
    hiddenBy.set(el.data.id, (hiddenBy.get(el.data.source) ?? hiddenBy.get(el.data.target)) as string);
    // A port left off goes with its arrows.
    if (!out.has(s) && !s.startsWith('cluster:')) continue;
    if (!out.has(t) && !t.startsWith('cluster:')) continue;
    // Inside one cluster, or the cluster's own head (its bundle says that already).
    if (s === t || (s.startsWith('cluster:') && s.slice(8) === t) || (t.startsWith('cluster:') && t.slice(8) === s))
      continue;
    const id = `agg:${el.data.kind}:${s}|${t}`;
    const prev = out.get(id);
    if (prev && prev.data.modelId <= el.data.modelId) continue;
    out.set(id, { ...el, data: { ...el.data, id, source: s, target: t, sourceLabel: '', targetLabel: '' } });
  }
  return { shown: out, hiddenBy };
}

/** The group hiding any of these graph ids (a model element's own and derived ones), if any. */
export function headHiding(hiddenBy: ReadonlyMap<string, string>, graphIds: string[]): string | null {
  for (const id of graphIds) {
    const g = hiddenBy.get(id);
    if (g !== undefined) return g;
  }
  return null;
}
