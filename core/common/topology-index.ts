import type {
  ContainerNode,
  EdgeKind,
  EndpointEdge,
  InterfaceNode,
  NetnsNode,
  NetworkNode,
  NodeKind,
  PortNode,
  Topology,
  TopologyEdge,
  TopologyNode,
} from '../model/types.js';
import { Groups } from './groups.js';
import { sharedNetnsOwner, shortOwner } from './network-mode.js';
import { compareText } from './order.js';

export type EdgeOf<K extends EdgeKind> = Extract<TopologyEdge, { kind: K }>;
export type NodeOf<K extends NodeKind> = Extract<TopologyNode, { kind: K }>;

/** The element changes of a delta (the protocol's DeltaMessage has this shape). */
export interface ElementDelta {
  add: { nodes: TopologyNode[]; edges: TopologyEdge[] };
  update: { nodes: TopologyNode[]; edges: TopologyEdge[] };
  remove: { nodes: string[]; edges: string[] };
}

/** What applying a delta changed, by id; `networksReordered` when the network order (and so colours) moved. */
export interface IndexChanges {
  nodes: Set<string>;
  edges: Set<string>;
  networksReordered: boolean;
}

const byId = <T extends { id: string }>(a: T, b: T): number => compareText(a.id, b.id);
const byName = <T extends { id: string; name: string }>(a: T, b: T): number =>
  compareText(a.name, b.name) || compareText(a.id, b.id);
const byLabel = <T extends { id: string; label: string }>(a: T, b: T): number =>
  compareText(a.label, b.label) || compareText(a.id, b.id);

/** The default `bridge` network first, so it always takes the first colour; then by name. */
export function compareNetworks(a: NetworkNode, b: NetworkNode): number {
  if ((a.name === 'bridge') !== (b.name === 'bridge')) return a.name === 'bridge' ? -1 : 1;
  return byName(a, b);
}

/**
 * The one set of lookups over a topology that the graph, the table, the explanations, the
 * filters and the CLI all read: nodes by id and kind, edges by end and kind, veth peers,
 * a namespace's interfaces and users, a container's endpoints and ports, networks in
 * colour order. Every list comes sorted (natural order by name, then id), so whoever
 * reads it draws or prints things in one stable order.
 *
 * It is kept current from deltas (`apply`), touching only the groups a change belongs to,
 * so the UI does not rebuild it per change. `TopologyIndex.of` hands out one index per
 * topology object; `carry` moves it on to the topology a delta produced.
 */
export class TopologyIndex {
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edgeMap = new Map<string, TopologyEdge>();
  private readonly kinds = new Groups<TopologyNode>(byId);
  private readonly edgeKinds = new Groups<TopologyEdge>(byId);
  private readonly outEdges = new Groups<TopologyEdge>(byId);
  private readonly inEdges = new Groups<TopologyEdge>(byId);
  private readonly peers = new Map<string, string>();
  private readonly ifaces = new Groups<InterfaceNode>(byName);
  private readonly users = new Groups<ContainerNode>(byName);
  private readonly bridgeNetworks = new Groups<NetworkNode>(byName);
  private readonly bridgePorts = new Groups<InterfaceNode>(byName);
  private readonly portGroups = new Groups<PortNode>(byLabel);
  private readonly sharers = new Groups<ContainerNode>(byName);
  private readonly endpointsByContainer = new Groups<EndpointEdge>((a, b) => this.networkOrder(a, b));
  private readonly endpointsByNetwork = new Groups<EndpointEdge>((a, b) =>
    compareText(this.labelOf(a.source), this.labelOf(b.source)),
  );
  private readonly endpointsByInterface = new Groups<EndpointEdge>(byId);
  private networkList: NetworkNode[] | null = null;
  private rank = new Map<string, number>();
  private hostId: string | undefined;

  constructor(public topology: Topology) {
    for (const n of topology.nodes) this.putNode(n);
    for (const e of topology.edges) this.putEdge(e);
  }

  private static readonly cache = new WeakMap<Topology, TopologyIndex>();

  /**
   * The index of a topology, built once per topology object and shared by every reader.
   * Topologies are values here, as everywhere in Netloom: a change makes a new object
   * (core/protocol/apply.ts), so an index never goes stale under its topology.
   */
  static of(topology: Topology): TopologyIndex {
    let ix = TopologyIndex.cache.get(topology);
    if (!ix) {
      ix = new TopologyIndex(topology);
      TopologyIndex.cache.set(topology, ix);
    }
    return ix;
  }

  /**
   * The index of `next`, which `delta` made from `prev`: prev's index brought up to date
   * in place when there is one (then it no longer answers for prev), else built afresh.
   */
  static carry(
    prev: Topology | null,
    next: Topology,
    delta: ElementDelta,
  ): { index: TopologyIndex; changes: IndexChanges | null } {
    const old = prev ? TopologyIndex.cache.get(prev) : undefined;
    if (!old || prev === null) return { index: TopologyIndex.of(next), changes: null };
    TopologyIndex.cache.delete(prev);
    const changes = old.apply(delta, next);
    TopologyIndex.cache.set(next, old);
    return { index: old, changes };
  }

  /** Applies one delta's element changes; `next` is the topology they produced. */
  apply(delta: ElementDelta, next: Topology): IndexChanges {
    const changes: IndexChanges = { nodes: new Set(), edges: new Set(), networksReordered: false };
    const before = this.networks.map((n) => n.id);
    for (const id of delta.remove.edges) if (this.dropEdge(id)) changes.edges.add(id);
    for (const id of delta.remove.nodes) if (this.dropNode(id)) changes.nodes.add(id);
    for (const n of delta.add.nodes) {
      this.putNode(n);
      changes.nodes.add(n.id);
    }
    for (const n of delta.update.nodes) {
      this.putNode(n);
      changes.nodes.add(n.id);
    }
    for (const e of [...delta.add.edges, ...delta.update.edges]) {
      this.putEdge(e);
      changes.edges.add(e.id);
    }
    if (this.networkList === null) {
      const after = this.networks;
      changes.networksReordered = after.length !== before.length || after.some((n, i) => before[i] !== n.id);
    }
    this.topology = next;
    return changes;
  }

  // ---- nodes ------------------------------------------------------------------------

  node(id: string | null | undefined): TopologyNode | undefined {
    return id ? this.nodes.get(id) : undefined;
  }

  has(id: string): boolean {
    return this.nodes.has(id) || this.edgeMap.has(id);
  }

  private nodeOf<K extends NodeKind>(kind: K, id: string | null | undefined): NodeOf<K> | undefined {
    const n = this.node(id);
    return n?.kind === kind ? (n as NodeOf<K>) : undefined;
  }

  iface(id: string | null | undefined): InterfaceNode | undefined {
    return this.nodeOf('interface', id);
  }

  container(id: string | null | undefined): ContainerNode | undefined {
    return this.nodeOf('container', id);
  }

  network(id: string | null | undefined): NetworkNode | undefined {
    return this.nodeOf('network', id);
  }

  netnsNode(id: string | null | undefined): NetnsNode | undefined {
    return this.nodeOf('netns', id);
  }

  port(id: string | null | undefined): PortNode | undefined {
    return this.nodeOf('port', id);
  }

  /** A node's label, or the id itself when the model does not have it ('—' for no id). */
  labelOf(id: string | null | undefined): string {
    return id ? (this.nodes.get(id)?.label ?? id) : '—';
  }

  /** Nodes of one kind, by id. */
  nodesOf<K extends NodeKind>(kind: K): readonly NodeOf<K>[] {
    return this.kinds.list(kind) as readonly NodeOf<K>[];
  }

  get netns(): readonly NetnsNode[] {
    return this.nodesOf('netns');
  }
  get interfaces(): readonly InterfaceNode[] {
    return this.nodesOf('interface');
  }
  get containers(): readonly ContainerNode[] {
    return this.nodesOf('container');
  }
  get ports(): readonly PortNode[] {
    return this.nodesOf('port');
  }
  get natRules(): readonly NodeOf<'nat-rule'>[] {
    return this.nodesOf('nat-rule');
  }
  get filterRules(): readonly NodeOf<'filter-rule'>[] {
    return this.nodesOf('filter-rule');
  }

  get hostNetns(): NetnsNode | undefined {
    return this.netnsNode(this.hostId);
  }

  /** Networks in colour order: the default `bridge` first, then by name. */
  get networks(): readonly NetworkNode[] {
    if (this.networkList === null) {
      this.networkList = [...this.nodesOf('network')].sort(compareNetworks);
      this.rank = new Map(this.networkList.map((n, i) => [n.id, i]));
    }
    return this.networkList;
  }

  /** A network's place in colour order, or undefined for an id that is no network. */
  networkRank(id: string | null | undefined): number | undefined {
    if (!id) return undefined;
    void this.networks;
    return this.rank.get(id);
  }

  // ---- edges ------------------------------------------------------------------------

  edge(id: string): TopologyEdge | undefined {
    return this.edgeMap.get(id);
  }

  edges<K extends EdgeKind>(kind: K): readonly EdgeOf<K>[] {
    return this.edgeKinds.list(kind) as readonly EdgeOf<K>[];
  }

  from<K extends EdgeKind>(id: string, kind: K): EdgeOf<K>[] {
    return this.outEdges.list(id).filter((e): e is EdgeOf<K> => e.kind === kind);
  }

  to<K extends EdgeKind>(id: string, kind: K): EdgeOf<K>[] {
    return this.inEdges.list(id).filter((e): e is EdgeOf<K> => e.kind === kind);
  }

  /** Every edge with this node at either end. */
  edgesAt(id: string): TopologyEdge[] {
    return [...this.outEdges.list(id), ...this.inEdges.list(id)];
  }

  // ---- relations --------------------------------------------------------------------

  /** The other end of an interface's veth pair, when both ends were read. */
  vethPeer(ifaceId: string): InterfaceNode | undefined {
    return this.iface(this.peers.get(ifaceId));
  }

  /** A namespace's interfaces, by name. */
  interfacesIn(netnsId: string): readonly InterfaceNode[] {
    return this.ifaces.list(netnsId);
  }

  /** Every container using a namespace, host-mode containers in the host's included, by name. */
  usersOf(netnsId: string): readonly ContainerNode[] {
    return this.users.list(netnsId);
  }

  /** Containers living in a namespace other than the host's (several when shared via container:X), by name. */
  containersIn(netnsId: string): readonly ContainerNode[] {
    return netnsId === this.hostId ? [] : this.users.list(netnsId);
  }

  /** Containers started with `--network container:<this one>`, by name. */
  sharersOf(containerId: string): readonly ContainerNode[] {
    return this.sharers.list(containerId);
  }

  /** How a person names a namespace: "host", its containers' names, or its own label. */
  netnsName(netnsId: string): string {
    if (netnsId === this.hostId) return 'host';
    const users = this.containersIn(netnsId);
    if (users.length > 0) return users.map((c) => c.name).join(', ');
    const n = this.netnsNode(netnsId);
    return n ? (n.name ?? n.label) : netnsId;
  }

  /** The network whose Linux bridge is this interface, if any. */
  networkOfBridge(ifaceId: string | null | undefined): NetworkNode | undefined {
    return ifaceId ? this.bridgeNetworks.list(ifaceId)[0] : undefined;
  }

  /** Interfaces enslaved to a bridge, by name. */
  portsOfBridge(bridgeId: string): readonly InterfaceNode[] {
    return this.bridgePorts.list(bridgeId);
  }

  /** A container's endpoints, in network colour order. */
  endpointsOf(containerId: string): readonly EndpointEdge[] {
    return this.endpointsByContainer.list(containerId);
  }

  /** The endpoints on a network, by container name. */
  endpointsOn(networkId: string): readonly EndpointEdge[] {
    return this.endpointsByNetwork.list(networkId);
  }

  /** The endpoints whose container-side interface this is. */
  endpointsThrough(ifaceId: string): readonly EndpointEdge[] {
    return this.endpointsByInterface.list(ifaceId);
  }

  /** The ports a container publishes, by label. */
  portsOf(containerId: string): readonly PortNode[] {
    return this.portGroups.list(containerId);
  }

  /** `container:<64 hex>` network modes as `container:<name>`; other modes unchanged. */
  networkModeLabel(mode: string): string {
    const owner = sharedNetnsOwner(mode);
    if (owner === null) return mode;
    const target = this.container(owner);
    return `container:${target ? target.name : shortOwner(owner)}`;
  }

  // ---- upkeep -----------------------------------------------------------------------

  private networkOrder(a: EndpointEdge, b: EndpointEdge): number {
    return (this.networkRank(a.target) ?? 1e9) - (this.networkRank(b.target) ?? 1e9) || compareText(a.id, b.id);
  }

  private putNode(n: TopologyNode): void {
    this.dropNode(n.id);
    this.nodes.set(n.id, n);
    this.kinds.add(n.kind, n);
    switch (n.kind) {
      case 'netns':
        if (n.host) this.hostId = n.id;
        break;
      case 'interface':
        this.ifaces.add(n.parent, n);
        if (n.master !== null) this.bridgePorts.add(n.master, n);
        break;
      case 'container': {
        if (n.netns !== null) this.users.add(n.netns, n);
        const owner = sharedNetnsOwner(n.networkMode);
        if (owner !== null) this.sharers.add(owner, n);
        // Endpoints on other networks sort by container name.
        this.endpointsByNetwork.resort();
        break;
      }
      case 'network':
        if (n.bridge !== null) this.bridgeNetworks.add(n.bridge, n);
        this.networksChanged();
        break;
      case 'port':
        this.portGroups.add(n.container, n);
        break;
      default:
        break;
    }
  }

  private dropNode(id: string): boolean {
    const n = this.nodes.get(id);
    if (!n) return false;
    this.nodes.delete(id);
    this.kinds.remove(n.kind, id);
    switch (n.kind) {
      case 'netns':
        if (this.hostId === id) this.hostId = undefined;
        break;
      case 'interface':
        this.ifaces.remove(n.parent, id);
        if (n.master !== null) this.bridgePorts.remove(n.master, id);
        break;
      case 'container': {
        if (n.netns !== null) this.users.remove(n.netns, id);
        const owner = sharedNetnsOwner(n.networkMode);
        if (owner !== null) this.sharers.remove(owner, id);
        break;
      }
      case 'network':
        if (n.bridge !== null) this.bridgeNetworks.remove(n.bridge, id);
        this.networksChanged();
        break;
      case 'port':
        this.portGroups.remove(n.container, id);
        break;
      default:
        break;
    }
    return true;
  }

  private networksChanged(): void {
    this.networkList = null;
    this.endpointsByContainer.resort();
  }

  private putEdge(e: TopologyEdge): void {
    this.dropEdge(e.id);
    this.edgeMap.set(e.id, e);
    this.edgeKinds.add(e.kind, e);
    this.outEdges.add(e.source, e);
    this.inEdges.add(e.target, e);
    if (e.kind === 'veth') {
      this.peers.set(e.source, e.target);
      this.peers.set(e.target, e.source);
    } else if (e.kind === 'endpoint') {
      this.endpointsByContainer.add(e.source, e);
      this.endpointsByNetwork.add(e.target, e);
      if (e.interface !== null) this.endpointsByInterface.add(e.interface, e);
    }
  }

  private dropEdge(id: string): boolean {
    const e = this.edgeMap.get(id);
    if (!e) return false;
    this.edgeMap.delete(id);
    this.edgeKinds.remove(e.kind, id);
    this.outEdges.remove(e.source, id);
    this.inEdges.remove(e.target, id);
    if (e.kind === 'veth') {
      if (this.peers.get(e.source) === e.target) this.peers.delete(e.source);
      if (this.peers.get(e.target) === e.source) this.peers.delete(e.target);
    } else if (e.kind === 'endpoint') {
      this.endpointsByContainer.remove(e.source, id);
      this.endpointsByNetwork.remove(e.target, id);
      if (e.interface !== null) this.endpointsByInterface.remove(e.interface, id);
    }
    return true;
  }
}
