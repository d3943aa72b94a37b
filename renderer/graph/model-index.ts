import type {
  ContainerNode,
  EndpointEdge,
  InterfaceNode,
  NetworkNode,
  Topology,
  TopologyNode,
} from '../../core/model/types.js';
import { networkColour } from '../../assets/palette.js';

/** Lookups both views need, built once per topology. */
export interface ModelIndex {
  byId: Map<string, TopologyNode>;
  /** Networks in colour order: `bridge` first, then by name. */
  networks: NetworkNode[];
  colourIndex: Map<string, number>;
  /** Bridge interface id → its network. */
  networkOfBridge: Map<string, NetworkNode>;
  /** Container id → its endpoints, in network colour order. */
  endpointsOf: Map<string, EndpointEdge[]>;
  /** Netns id → containers using it, by name. */
  usersOf: Map<string, ContainerNode[]>;
  interfacesOf: Map<string, InterfaceNode[]>;
}

/** `bridge` first so the default network always takes the first colour (principle 8). */
export function compareNetworks(a: NetworkNode, b: NetworkNode): number {
  if (a.name === 'bridge' || b.name === 'bridge') return a.name === 'bridge' ? (b.name === 'bridge' ? 0 : -1) : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1;
}

export function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

export function buildIndex(topology: Topology): ModelIndex {
  const byId = new Map<string, TopologyNode>(topology.nodes.map((n) => [n.id, n]));
  const networks = topology.nodes.filter((n): n is NetworkNode => n.kind === 'network').sort(compareNetworks);
  const colourIndex = new Map(networks.map((n, i) => [n.id, i]));
  const networkOfBridge = new Map<string, NetworkNode>();
  for (const n of networks) if (n.bridge !== null) networkOfBridge.set(n.bridge, n);
  const endpointsOf = new Map<string, EndpointEdge[]>();
  for (const e of topology.edges) {
    if (e.kind !== 'endpoint') continue;
    const list = endpointsOf.get(e.source) ?? [];
    list.push(e);
    endpointsOf.set(e.source, list);
  }
  for (const list of endpointsOf.values())
    list.sort((a, b) => (colourIndex.get(a.target) ?? 99) - (colourIndex.get(b.target) ?? 99));
  const usersOf = new Map<string, ContainerNode[]>();
  const interfacesOf = new Map<string, InterfaceNode[]>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const n of topology.nodes) {
    if (n.kind === 'container' && n.netns !== null) add(usersOf, n.netns, n);
    if (n.kind === 'interface') add(interfacesOf, n.parent, n);
  }
  for (const list of usersOf.values()) list.sort(byKey((c) => c.name));
  for (const list of interfacesOf.values()) list.sort(byKey((i) => i.name));
  return { byId, networks, colourIndex, networkOfBridge, endpointsOf, usersOf, interfacesOf };
}

/** Light and dark colour of a network (null when the id is not a known network). */
export function coloursOf(
  index: ModelIndex,
  networkId: string | undefined,
): { color: string | null; colorDark: string | null } {
  const i = networkId === undefined ? undefined : index.colourIndex.get(networkId);
  if (i === undefined) return { color: null, colorDark: null };
  return { color: networkColour('light', i), colorDark: networkColour('dark', i) };
}

/** The address without its prefix length, as people read it. */
export function bareAddress(cidr: string | null): string {
  return cidr === null ? '' : (cidr.split('/')[0] ?? '');
}

/** The first IPv4 address of an interface, else the first non-link-local one. */
export function mainAddress(iface: InterfaceNode): string {
  const v4 = iface.addresses.find((a) => !a.includes(':'));
  const other = iface.addresses.find((a) => !a.toLowerCase().startsWith('fe80:'));
  return bareAddress(v4 ?? other ?? null);
}

export function linkState(iface: InterfaceNode): 'up' | 'down' {
  return iface.up && iface.operstate !== 'DOWN' && iface.operstate !== 'LOWERLAYERDOWN' ? 'up' : 'down';
}
