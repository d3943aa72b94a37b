import { sharedNetnsOwner } from '../../core/common/network-mode.js';
import type { TopologyIndex } from '../../core/common/topology-index.js';
import type { ContainerNode } from '../../core/model/types.js';
import { OUTSIDE_ID, derivedId } from './element-data.js';

/**
 * The way a container's packets go, as model ids: what a selection keeps at full strength.
 * From the container: its namespace and whoever shares it, its interfaces, the veth peers
 * on the host and the bridges they are plugged into (with the bridge ports), the parent
 * link of a macvlan, its endpoints and their networks; inbound, the ports published to it
 * and the DNAT rules behind them; outbound, the MASQUERADE rule of each of its bridges and
 * the host NIC the default route leaves by, out to the outside world.
 */
export function containerPath(ix: TopologyIndex, c: ContainerNode): Set<string> {
  const out = new Set<string>();
  const add = (id: string | null | undefined): void => {
    if (id) out.add(id);
  };
  // Everyone in the same namespace goes the same way.
  const owner = ix.container(sharedNetnsOwner(c.networkMode)) ?? c;
  const partners = new Set<ContainerNode>([c, owner, ...ix.sharersOf(owner.id)]);
  if (c.netns) for (const u of ix.usersOf(c.netns)) if (c.netns !== ix.hostNetns?.id) partners.add(u);
  const bridges = new Set<string>();
  for (const p of partners) {
    add(p.id);
    add(derivedId.sharesNetns(p.id));
    const ns = p.netns !== null && p.netns !== ix.hostNetns?.id ? p.netns : null;
    if (ns) {
      add(ns);
      for (const i of ix.interfacesIn(ns)) {
        add(i.id);
        const peer = ix.vethPeer(i.id);
        if (peer) {
          add(peer.id);
          for (const e of ix.edgesAt(i.id)) if (e.kind === 'veth') add(e.id);
          if (peer.master) {
            bridges.add(peer.master);
            for (const e of ix.from(peer.id, 'bridge-port')) add(e.id);
          }
        }
        for (const e of ix.from(i.id, 'lower')) {
          add(e.id);
          add(e.target);
        }
      }
    }
    for (const e of ix.endpointsOf(p.id)) {
      add(e.id);
      add(derivedId.link(e.id));
      add(e.target);
      const bridge = ix.network(e.target)?.bridge;
      if (bridge && ns) bridges.add(bridge);
    }
    for (const port of ix.portsOf(p.id)) {
      add(port.id);
      add(derivedId.plug(port.id));
      for (const e of ix.from(port.id, 'publishes')) add(e.id);
      for (const e of ix.to(port.id, 'dnat')) {
        add(e.id);
        add(e.source);
      }
    }
  }
  for (const b of bridges) {
    add(b);
    for (const e of ix.to(b, 'masquerade')) {
      add(e.id);
      add(e.source);
    }
  }
  // Out through the NIC that carries the host's default route (or every NIC when none does).
  const host = ix.hostNetns;
  if (host && (bridges.size > 0 || c.networkMode === 'host')) {
    const routed = host.routes.filter((r) => r.dst === 'default' && r.dev !== null).map((r) => r.dev as string);
    const nics =
      routed.length > 0
        ? routed
        : ix
            .interfacesIn(host.id)
            .filter((i) => i.type === 'device')
            .map((i) => i.id);
    for (const nic of nics) {
      add(nic);
      add(derivedId.uplink(nic));
    }
    add(OUTSIDE_ID);
  }
  return out;
}

/**
 * What a bridge connects: its ports (the host-side veth ends and their cables), the
 * namespaces and containers at their other ends, its network, MASQUERADE out by the NIC.
 */
export function bridgePath(ix: TopologyIndex, bridgeId: string): Set<string> {
  const out = new Set<string>([bridgeId]);
  const net = ix.networkOfBridge(bridgeId);
  if (net) out.add(net.id);
  for (const port of ix.portsOfBridge(bridgeId)) {
    out.add(port.id);
    for (const e of ix.from(port.id, 'bridge-port')) out.add(e.id);
    const peer = ix.vethPeer(port.id);
    if (!peer) continue;
    out.add(peer.id);
    out.add(peer.parent);
    for (const e of ix.edgesAt(port.id)) if (e.kind === 'veth') out.add(e.id);
    for (const c of ix.usersOf(peer.parent)) out.add(c.id);
  }
  for (const e of ix.to(bridgeId, 'masquerade')) {
    out.add(e.id);
    out.add(e.source);
  }
  return out;
}

/** What a Docker network joins: its endpoints and their containers, and its bridge's way. */
export function networkPath(ix: TopologyIndex, networkId: string): Set<string> {
  const n = ix.network(networkId);
  const out = n?.bridge ? bridgePath(ix, n.bridge) : new Set<string>();
  out.add(networkId);
  for (const e of ix.endpointsOn(networkId)) {
    out.add(e.id);
    out.add(derivedId.link(e.id));
    out.add(e.source);
  }
  return out;
}

/**
 * The model ids a selection of `modelId` keeps bright, when it stands for a container's
 * traffic: the container, its namespace box, one of its interfaces, endpoints or ports.
 * Null for anything else (a bridge, a rule), whose neighbourhood the canvas works out.
 */
export function pathFor(ix: TopologyIndex, modelId: string): Set<string> | null {
  const n = ix.node(modelId);
  if (n?.kind === 'container') return containerPath(ix, n);
  if (n?.kind === 'netns' && !n.host) {
    const users = ix.usersOf(n.id);
    return users.length > 0 ? union(users.map((u) => containerPath(ix, u))) : null;
  }
  if (n?.kind === 'interface' && n.parent !== ix.hostNetns?.id) {
    const users = ix.usersOf(n.parent);
    return users.length > 0 ? union(users.map((u) => containerPath(ix, u))) : null;
  }
  if (n?.kind === 'network') return networkPath(ix, n.id);
  if (n?.kind === 'interface' && n.type === 'bridge') return bridgePath(ix, n.id);
  if (n?.kind === 'port') {
    const c = ix.container(n.container);
    return c ? containerPath(ix, c) : null;
  }
  const e = ix.edge(modelId);
  if (e?.kind === 'endpoint') {
    const c = ix.container(e.source);
    return c ? containerPath(ix, c) : null;
  }
  return null;
}

function union(sets: Set<string>[]): Set<string> {
  const out = new Set<string>();
  for (const s of sets) for (const x of s) out.add(x);
  return out;
}
