import type { InterfaceNode } from '../model/types.js';
import { land, type Leg } from './legs.js';
import { linkDown, routeText, routeTo } from './places.js';
import type { ReachResult } from './walk.js';

/** More plain namespaces than this in a row is a routing loop, not a path. */
const MAX_HOPS = 8;

/**
 * A packet enters a plain namespace that does not hold its address by `by` (a veth
 * straight in): the classic router exercise. It goes on only if that namespace's own
 * net.ipv4.ip_forward is 1, then by its own routes, veth after veth, to where it lands —
 * whose reply needs a route back. Rules inside these namespaces are not read (only the
 * host's firewall is); a forwarding flag that was not read keeps the old guess.
 */
export function throughNamespaces(leg: Leg, by: InterfaceNode, hops = 1): ReachResult {
  const { w, index, address, shown, dst } = leg;
  const ns = index.netnsNode(by.parent);
  const name = index.netnsName(by.parent);
  const guess = (): ReachResult => {
    w.step('passes-through', { name, address: shown }, by.parent);
    return w.done(dst.netns ? 'reachable' : 'no-route', address);
  };
  if (!ns || ns.host) return guess();
  if (ns.ipForward === false) {
    w.step('no-forward', { name, address: shown }, ns.id);
    return w.done('blocked', address, `net.ipv4.ip_forward = 0 in ${name}`);
  }
  if (ns.ipForward !== true || hops > MAX_HOPS) return guess();
  const route = routeTo(ns, address);
  const out = index.iface(route?.dev);
  if (!route || !out) {
    w.step('no-route', { src: name, address: shown }, ns.id);
    return w.done('no-route', address);
  }
  const next = out.type === 'veth' ? index.vethPeer(out.id) : undefined;
  w.step('forwards', { name, address: shown, route: routeText(route, out) }, out.id, [ns.id]);
  if (linkDown(out, next)) {
    w.step('link-down', { dev: out.name }, out.id);
    return w.done('no-route', address);
  }
  // Into a bridge or back into the host: the host's own walk would have to take over there.
  if (!next || next.parent === index.hostNetns?.id) {
    w.step('unmodelled', { dev: out.name, type: out.type }, out.id);
    return w.done(dst.netns ? 'reachable' : 'no-route', address);
  }
  w.step('veth-pair', { dev: out.name, peer: next.name, name: index.netnsName(next.parent) }, next.id);
  if (dst.netns?.id !== next.parent) return throughNamespaces(leg, next, hops + 1);
  // The answer travels back by the destination's own routes: no route to the sender, no answer.
  const from = w.from;
  if (from && !routeTo(dst.netns, from)) {
    w.step('no-route-back', { name: dst.name, address: from }, dst.netns.id);
    return w.done('no-route', address);
  }
  return land(leg, dst, address, leg.q, next);
}
