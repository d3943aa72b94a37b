/**
 * Lookups over one Topology shared by the text and DOT formatters: nodes by id and
 * kind, edges by kind and end, veth peers and who owns a namespace. Read-only; built
 * once per format call.
 */
import type {
  ContainerNode,
  EdgeKind,
  FilterRuleNode,
  InterfaceNode,
  NatRuleNode,
  NetnsNode,
  NetworkNode,
  PortNode,
  Topology,
  TopologyEdge,
  TopologyNode,
} from '../model/types.js';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Natural, locale-independent-enough order ("veth2" before "veth10"), ties broken by code points. */
export function compareText(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sorts a copy by a text key, then by id so equal keys keep one order. */
export function sortBy<T extends { id: string }>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareText(key(a), key(b)) || compareText(a.id, b.id));
}

/** Built-in chains in packet order, then user chains by name. */
const BUILTIN_CHAINS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

export function compareChains(a: string, b: string): number {
  const ia = BUILTIN_CHAINS.indexOf(a);
  const ib = BUILTIN_CHAINS.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
  return compareText(a, b);
}

type EdgeOf<K extends EdgeKind> = Extract<TopologyEdge, { kind: K }>;

export class TopologyIndex {
  readonly byId = new Map<string, TopologyNode>();
  readonly netns: NetnsNode[] = [];
  readonly interfaces: InterfaceNode[] = [];
  readonly containers: ContainerNode[] = [];
  readonly networks: NetworkNode[] = [];
  readonly ports: PortNode[] = [];
  readonly natRules: NatRuleNode[] = [];
  readonly filterRules: FilterRuleNode[] = [];
  readonly hostNetns: NetnsNode | undefined;
  private readonly outEdges = new Map<string, TopologyEdge[]>();
  private readonly inEdges = new Map<string, TopologyEdge[]>();
  private readonly edgesByKind = new Map<EdgeKind, TopologyEdge[]>();
  private readonly vethPeers = new Map<string, string>();
  private readonly ifacesByNetns = new Map<string, InterfaceNode[]>();
  private readonly containersByNetns = new Map<string, ContainerNode[]>();

  constructor(readonly topology: Topology) {
    for (const n of topology.nodes) {
      this.byId.set(n.id, n);
      switch (n.kind) {
        case 'netns':
          this.netns.push(n);
          break;
        case 'interface': {
          this.interfaces.push(n);
          const list = this.ifacesByNetns.get(n.parent) ?? [];
          list.push(n);
          this.ifacesByNetns.set(n.parent, list);
          break;
        }
        case 'container':
          this.containers.push(n);
          if (n.netns) {
            const list = this.containersByNetns.get(n.netns) ?? [];
            list.push(n);
            this.containersByNetns.set(n.netns, list);
          }
          break;
        case 'network':
          this.networks.push(n);
          break;
        case 'port':
          this.ports.push(n);
          break;
        case 'nat-rule':
          this.natRules.push(n);
          break;
        case 'filter-rule':
          this.filterRules.push(n);
          break;
      }
    }
    this.hostNetns = this.netns.find((n) => n.host);
    const sortedEdges = [...topology.edges].sort((a, b) => compareText(a.id, b.id));
    for (const e of sortedEdges) {
      push(this.outEdges, e.source, e);
      push(this.inEdges, e.target, e);
      push(this.edgesByKind, e.kind, e);
      if (e.kind === 'veth') {
        this.vethPeers.set(e.source, e.target);
        this.vethPeers.set(e.target, e.source);
      }
    }
  }

  node(id: string | null | undefined): TopologyNode | undefined {
    return id ? this.byId.get(id) : undefined;
  }

  iface(id: string | null | undefined): InterfaceNode | undefined {
    const n = this.node(id);
    return n?.kind === 'interface' ? n : undefined;
  }

  container(id: string | null | undefined): ContainerNode | undefined {
    const n = this.node(id);
    return n?.kind === 'container' ? n : undefined;
  }

  edges<K extends EdgeKind>(kind: K): EdgeOf<K>[] {
    return (this.edgesByKind.get(kind) ?? []) as EdgeOf<K>[];
  }

  from<K extends EdgeKind>(id: string, kind: K): EdgeOf<K>[] {
    return (this.outEdges.get(id) ?? []).filter((e): e is EdgeOf<K> => e.kind === kind);
  }

  to<K extends EdgeKind>(id: string, kind: K): EdgeOf<K>[] {
    return (this.inEdges.get(id) ?? []).filter((e): e is EdgeOf<K> => e.kind === kind);
  }

  /** The other end of an interface's veth pair, when both ends were read. */
  vethPeer(ifaceId: string): InterfaceNode | undefined {
    return this.iface(this.vethPeers.get(ifaceId));
  }

  /** A namespace's interfaces, by name. */
  interfacesIn(netnsId: string): InterfaceNode[] {
    return sortBy(this.ifacesByNetns.get(netnsId) ?? [], (i) => i.name);
  }

  /** Containers living in a namespace other than the host's (several when shared via container:X), by name. */
  containersIn(netnsId: string): ContainerNode[] {
    const n = this.node(netnsId);
    if (n?.kind === 'netns' && n.host) return [];
    return sortBy(this.containersByNetns.get(netnsId) ?? [], (c) => c.name);
  }

  /** How a person names a namespace: "host", its containers' names, or its own label. */
  netnsName(netnsId: string): string {
    const n = this.node(netnsId);
    if (n?.kind === 'netns' && n.host) return 'host';
    const users = this.containersIn(netnsId);
    if (users.length > 0) return users.map((c) => c.name).join(', ');
    if (n?.kind === 'netns') return n.name ?? n.label;
    return netnsId;
  }

  /** The network whose Linux bridge is this interface, if any. */
  networkOfBridge(ifaceId: string): NetworkNode | undefined {
    return sortBy(
      this.networks.filter((n) => n.bridge === ifaceId),
      (n) => n.name,
    )[0];
  }

  /** `container:<64 hex>` network modes as `container:<name>`; other modes unchanged. */
  networkModeLabel(mode: string): string {
    if (!mode.startsWith('container:')) return mode;
    const target = this.container(mode);
    const ref = mode.slice('container:'.length);
    return `container:${target ? target.name : ref.slice(0, 12)}`;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
