import type { ContainerNode, EndpointEdge, NetworkNode, Topology, TopologyNode } from '../../core/model/types.js';
import type { Filters } from './types.js';

export const DEFAULT_FILTERS: Filters = { networks: [], hiddenKinds: ['filter-rule'], states: [] };

/**
 * The model node ids the filters let through. A namespace, its interfaces and the host's
 * bridge ports follow the containers and networks they belong to, so filtering a network
 * takes its wiring with it instead of leaving dangling cables. Edges are not listed: an
 * edge shows when both its ends do.
 */
export function visibleIds(topology: Topology, filters: Filters): Set<string> {
  const netSel = filters.networks.length > 0 ? new Set(filters.networks) : null;
  const stateSel = filters.states.length > 0 ? new Set(filters.states) : null;
  const byId = new Map<string, TopologyNode>(topology.nodes.map((n) => [n.id, n]));
  const endpoints = topology.edges.filter((e): e is EndpointEdge => e.kind === 'endpoint');

  const networkShown = (id: string): boolean => netSel === null || netSel.has(id);
  const containers = topology.nodes.filter((n): n is ContainerNode => n.kind === 'container');
  const onShownNetwork = new Set(endpoints.filter((e) => networkShown(e.target)).map((e) => e.source));
  const containerShown = (c: ContainerNode): boolean => {
    if (stateSel !== null && !stateSel.has(c.state)) return false;
    if (netSel === null) return true;
    if (onShownNetwork.has(c.id)) return true;
    // container:X mode has no endpoints of its own: it goes where X goes.
    const sharedWith = c.networkMode.startsWith('container:') ? `container:${c.networkMode.slice(10)}` : null;
    return sharedWith !== null && onShownNetwork.has(sharedWith);
  };

  const shown = new Set<string>();
  for (const c of containers) if (containerShown(c)) shown.add(c.id);
  const netns = new Map<string, boolean>();
  const usersOf = new Map<string, ContainerNode[]>();
  for (const c of containers) {
    if (c.netns === null) continue;
    const list = usersOf.get(c.netns);
    if (list) list.push(c);
    else usersOf.set(c.netns, [c]);
  }
  for (const n of topology.nodes) {
    if (n.kind !== 'netns') continue;
    const users = usersOf.get(n.id) ?? [];
    if (n.host) netns.set(n.id, true);
    else if (users.length > 0)
      netns.set(
        n.id,
        users.some((c) => shown.has(c.id)),
      );
    else netns.set(n.id, netSel === null && stateSel === null);
  }
  for (const [id, ok] of netns) if (ok) shown.add(id);

  const networks = topology.nodes.filter((n): n is NetworkNode => n.kind === 'network');
  for (const n of networks) if (networkShown(n.id)) shown.add(n.id);
  const hiddenBridges = new Set(networks.filter((n) => !networkShown(n.id) && n.bridge).map((n) => n.bridge as string));
  const peer = new Map<string, string>();
  for (const e of topology.edges) {
    if (e.kind !== 'veth') continue;
    peer.set(e.source, e.target);
    peer.set(e.target, e.source);
  }
  const nsOf = (ifaceId: string): string | undefined => byId.get(ifaceId)?.parent;
  for (const n of topology.nodes) {
    if (n.kind !== 'interface' || netns.get(n.parent) !== true) continue;
    if (hiddenBridges.has(n.id) || (n.master !== null && hiddenBridges.has(n.master))) continue;
    const p = peer.get(n.id);
    const pNs = p === undefined ? undefined : nsOf(p);
    if (pNs !== undefined && netns.get(pNs) === false) continue;
    shown.add(n.id);
  }
  for (const n of topology.nodes) {
    if (n.kind === 'port' && shown.has(n.container)) shown.add(n.id);
    if (n.kind === 'nat-rule' || n.kind === 'filter-rule') shown.add(n.id);
  }
  const hiddenKinds = new Set(filters.hiddenKinds);
  for (const id of [...shown]) {
    const kind = byId.get(id)?.kind;
    if (kind !== undefined && hiddenKinds.has(kind)) shown.delete(id);
  }
  return shown;
}
