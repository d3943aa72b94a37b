import type {
  ContainerNode,
  EndpointEdge,
  InterfaceNode,
  NetnsNode,
  NetworkNode,
  Topology,
  TopologyEdge,
  TopologyNode,
} from '../../core/model/types.js';

/** Lookups an explanation needs; built per call, since a topology is at most a few thousand elements. */
export interface Context {
  topology: Topology;
  node(id: string | null | undefined): TopologyNode | undefined;
  /** A node's label, or the id itself when the node is not in the model. */
  labelOf(id: string | null | undefined): string;
  containersIn(netnsId: string): ContainerNode[];
  endpointsOf(containerId: string): EndpointEdge[];
  endpointsOn(networkId: string): EndpointEdge[];
  /** The interface at the other end of a veth pair. */
  vethPeer(ifaceId: string): InterfaceNode | undefined;
  /** The network whose Linux bridge this is. */
  networkOfBridge(bridgeId: string): NetworkNode | undefined;
  portsOf(containerId: string): TopologyNode[];
}

export function buildContext(topology: Topology): Context {
  const nodes = new Map<string, TopologyNode>(topology.nodes.map((n) => [n.id, n]));
  const node = (id: string | null | undefined): TopologyNode | undefined => (id ? nodes.get(id) : undefined);
  const endpoints = topology.edges.filter((e): e is EndpointEdge => e.kind === 'endpoint');
  const veths = topology.edges.filter((e): e is TopologyEdge & { kind: 'veth' } => e.kind === 'veth');
  return {
    topology,
    node,
    labelOf: (id) => (id ? (nodes.get(id)?.label ?? id) : '—'),
    containersIn: (netnsId) =>
      topology.nodes.filter((n): n is ContainerNode => n.kind === 'container' && n.netns === netnsId),
    endpointsOf: (cid) => endpoints.filter((e) => e.source === cid),
    endpointsOn: (nid) => endpoints.filter((e) => e.target === nid),
    vethPeer: (ifaceId) => {
      const e = veths.find((v) => v.source === ifaceId || v.target === ifaceId);
      const peer = e ? node(e.source === ifaceId ? e.target : e.source) : undefined;
      return peer?.kind === 'interface' ? peer : undefined;
    },
    networkOfBridge: (bridgeId) =>
      topology.nodes.find((n): n is NetworkNode => n.kind === 'network' && n.bridge === bridgeId),
    portsOf: (cid) => topology.nodes.filter((n) => n.kind === 'port' && n.container === cid),
  };
}

/** How a person reaches a namespace from a host shell: by its name, a process in it, or not at all. */
export type NetnsAccess =
  | { kind: 'host' }
  | { kind: 'named'; name: string }
  | { kind: 'pid'; pid: number; container: string }
  | { kind: 'none' };

export function netnsAccess(ctx: Context, netnsId: string | null | undefined): NetnsAccess {
  const ns = ctx.node(netnsId);
  if (!ns || ns.kind !== 'netns') return { kind: 'none' };
  if (ns.host) return { kind: 'host' };
  if (ns.name) return { kind: 'named', name: ns.name };
  const running = ctx.containersIn(ns.id).find((c) => c.pid > 0);
  return running ? { kind: 'pid', pid: running.pid, container: running.name } : { kind: 'none' };
}

export function netnsOf(ctx: Context, iface: InterfaceNode): NetnsNode | undefined {
  const ns = ctx.node(iface.parent);
  return ns?.kind === 'netns' ? ns : undefined;
}

/** The container that owns a namespace, for wording ("inside web"). */
export function ownerOf(ctx: Context, netnsId: string | null | undefined): ContainerNode | undefined {
  return netnsId ? ctx.containersIn(netnsId)[0] : undefined;
}

/** `container:<64 hex>` names the other container by id; show its name when we know it. */
export function sharedWithName(ctx: Context, c: ContainerNode): string | null {
  if (!c.networkMode.startsWith('container:')) return null;
  const ref = c.networkMode.slice('container:'.length);
  const other = ctx.node(`container:${ref}`);
  return other?.kind === 'container' ? other.name : ref.slice(0, 12);
}
