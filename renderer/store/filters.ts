import { sharedNetnsOwner } from '../../core/common/network-mode.js';
import { TopologyIndex } from '../../core/common/topology-index.js';
import type { ContainerNode, Topology } from '../../core/model/types.js';
import type { Filters } from './types.js';

export const DEFAULT_FILTERS: Filters = { networks: [], hiddenKinds: ['filter-rule'], states: [] };

/**
 * Whether a node's visibility depends only on its own kind. With no network or state
 * chosen, hiding works by kind alone, so a change can never show or hide anything but the
 * elements it touched; the graph relies on that to patch a delta without a full pass.
 */
export const filtersAreLocal = (filters: Filters): boolean =>
  filters.networks.length === 0 && filters.states.length === 0;

/**
 * The filters' verdict per model node id, answered on demand and remembered. A namespace,
 * its interfaces and the host's bridge ports follow the containers and networks they
 * belong to, so filtering a network takes its wiring with it instead of leaving dangling
 * cables. Edges are not judged: an edge shows when both its ends do.
 */
export function visibility(index: TopologyIndex, filters: Filters): (id: string) => boolean {
  const netSel = filters.networks.length > 0 ? new Set(filters.networks) : null;
  const stateSel = filters.states.length > 0 ? new Set(filters.states) : null;
  const hiddenKinds = new Set<string>(filters.hiddenKinds);
  const memo = new Map<string, boolean>();

  const networkShown = (id: string): boolean => netSel === null || netSel.has(id);
  const onShownNetwork = (c: ContainerNode): boolean => index.endpointsOf(c.id).some((e) => networkShown(e.target));
  const containerShown = (c: ContainerNode): boolean => {
    if (stateSel !== null && !stateSel.has(c.state)) return false;
    if (netSel === null || onShownNetwork(c)) return true;
    // container:X mode has no endpoints of its own: it goes where X goes.
    const owner = index.container(sharedNetnsOwner(c.networkMode));
    return owner !== undefined && onShownNetwork(owner);
  };
  const netnsShown = (id: string): boolean => {
    const ns = index.netnsNode(id);
    if (!ns) return false;
    if (ns.host) return true;
    const users = index.usersOf(id);
    if (users.length > 0) return users.some((c) => passes(c.id));
    return netSel === null && stateSel === null;
  };
  /** Bridges of networks the filter leaves out go with them. */
  const hiddenBridge = (ifaceId: string | null): boolean => {
    if (ifaceId === null || netSel === null) return false;
    const net = index.networkOfBridge(ifaceId);
    return net !== undefined && !networkShown(net.id);
  };

  function judge(id: string): boolean {
    const n = index.node(id);
    if (!n) return false;
    switch (n.kind) {
      case 'container':
        return containerShown(n);
      case 'netns':
        return netnsShown(id);
      case 'network':
        return networkShown(id);
      case 'interface': {
        if (!netnsShown(n.parent) || hiddenBridge(n.id) || hiddenBridge(n.master)) return false;
        const peer = index.vethPeer(n.id);
        return peer === undefined || index.netnsNode(peer.parent) === undefined || netnsShown(peer.parent);
      }
      case 'port':
        return passes(n.container);
      case 'nat-rule':
      case 'filter-rule':
        return true;
    }
  }

  /** The filters' verdict before kinds are hidden: what a namespace or port follows. */
  function passes(id: string): boolean {
    let v = memo.get(id);
    if (v === undefined) {
      v = judge(id);
      memo.set(id, v);
    }
    return v;
  }
  return (id) => {
    const kind = index.node(id)?.kind;
    return kind !== undefined && !hiddenKinds.has(kind) && passes(id);
  };
}

/** Every model node id the filters let through. */
export function visibleIds(topology: Topology, filters: Filters): Set<string> {
  const index = TopologyIndex.of(topology);
  const shown = visibility(index, filters);
  const out = new Set<string>();
  for (const n of topology.nodes) if (shown(n.id)) out.add(n.id);
  return out;
}
