import { sharedNetnsOwner } from '../../core/common/network-mode.js';
import type { TopologyIndex } from '../../core/common/topology-index.js';
import type { ContainerNode, NetworkNode } from '../../core/model/types.js';

/**
 * What a control gesture is about, from any element of either view: a container (its
 * node, its namespace box, a port it publishes), a network (its box, its bridge's bar), one
 * endpoint (the Docker view's endpoint, a container-side interface), or nothing.
 */
export type ControlTarget =
  | { kind: 'container'; container: ContainerNode }
  | { kind: 'network'; network: NetworkNode }
  | { kind: 'endpoint'; container: ContainerNode; network: NetworkNode }
  | { kind: 'none' };

const NONE: ControlTarget = { kind: 'none' };

/** The container a namespace box stands for: its owner when several share it. */
export function containerOfNetns(index: TopologyIndex, netnsId: string): ContainerNode | undefined {
  const users = index.usersOf(netnsId);
  return users.find((c) => sharedNetnsOwner(c.networkMode) === null) ?? users[0];
}

export function controlTarget(index: TopologyIndex, id: string | null | undefined): ControlTarget {
  if (!id) return NONE;
  const node = index.node(id);
  if (node?.kind === 'container') return { kind: 'container', container: node };
  if (node?.kind === 'network') return { kind: 'network', network: node };
  if (node?.kind === 'port') {
    const c = index.container(node.container);
    return c ? { kind: 'container', container: c } : NONE;
  }
  if (node?.kind === 'netns' && !node.host) {
    const c = containerOfNetns(index, node.id);
    return c ? { kind: 'container', container: c } : NONE;
  }
  if (node?.kind === 'interface') {
    const net = index.networkOfBridge(node.id);
    if (net) return { kind: 'network', network: net };
    const ep = index.endpointsThrough(node.id)[0];
    const c = index.container(ep?.source);
    const n = index.network(ep?.target);
    if (c && n) return { kind: 'endpoint', container: c, network: n };
    const owner = containerOfNetns(index, node.parent);
    return owner ? { kind: 'container', container: owner } : NONE;
  }
  const edge = index.edge(id);
  if (edge?.kind === 'endpoint') {
    const c = index.container(edge.source);
    const n = index.network(edge.target);
    if (c && n) return { kind: 'endpoint', container: c, network: n };
  }
  return NONE;
}

/** Networks a container can still join: not its own, and none at all in host/none/container: mode. */
export function joinableNetworks(index: TopologyIndex, container: ContainerNode): NetworkNode[] {
  if (!canJoinNetworks(container)) return [];
  const on = new Set(index.endpointsOf(container.id).map((e) => e.target));
  return index.networks.filter((n) => !on.has(n.id) && n.driver !== 'host' && n.driver !== 'null');
}

/** Docker refuses other networks for a container that shares a namespace or has none. */
export const canJoinNetworks = (c: ContainerNode): boolean =>
  c.networkMode !== 'host' && c.networkMode !== 'none' && sharedNetnsOwner(c.networkMode) === null;

/** Networks a container can be run on from the UI (Docker's own host/none are modes, listed apart). */
export const runnableNetworks = (index: TopologyIndex): NetworkNode[] =>
  index.networks.filter((n) => n.driver !== 'host' && n.driver !== 'null');
