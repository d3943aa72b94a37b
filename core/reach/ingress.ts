import { forwarding, outsideAddress, uplinkOf } from './egress.js';
import { dnat, forwardTo, hostTakes, localTo, type Leg } from './legs.js';
import { bridgeName, ipv4Of, placeOfAddress, routeTo } from './places.js';
import { type ReachQuery, type ReachResult } from './walk.js';

/** A leg before its address is settled: the walk's chosen one (a container's first, the host's own), if any. */
export type Inbound = Pick<Leg, 'topology' | 'index' | 'w' | 'q' | 'facts' | 'dst'> & { address: string | null };

/**
 * From `outside`: a packet arriving by the host's way out (the NIC of its default route)
 * from an address out there — a colleague's browser, a client on the LAN. A container's
 * published port is reached at the host's address and host port (DNAT in nat PREROUTING,
 * then FORWARD into the container's bridge); anything else goes where the host routes it
 * and meets the rules on the way. Nothing can be probed from outside: this is the model's word only.
 */
export function fromOutside(x: Inbound): ReachResult {
  const { topology, index, w, q, dst } = x;
  const host = index.hostNetns;
  const def = host?.routes.find((r) => r.dst === 'default');
  const dev = index.iface(def?.dev);
  const nic = dev ? uplinkOf(index, dev) : undefined;
  if (!host || !nic) {
    w.step('no-inbound', {}, host?.id ?? null);
    return w.done('no-route', x.address);
  }
  w.from = outsideAddress(topology, index);
  const isLocal = localTo(topology, index);
  // The host is asked for at the address outside sees: its NIC's.
  let address = dst.netns?.host ? (ipv4Of(nic)[0] ?? x.address) : x.address;
  let port = q.port ?? null;
  // A container asked by name with a port: the way in is the port it publishes, if any.
  if (dst.container && q.proto !== 'icmp' && port !== null) {
    // IPv4 bindings only: the walk does not follow IPv6.
    const pub = index
      .portsOf(dst.container.id)
      .find((p) => p.containerPort === port && p.proto === q.proto && !p.hostIp.includes(':'));
    if (pub) {
      const mine = pub.hostIp === '0.0.0.0' || pub.hostIp === '' ? ipv4Of(nic)[0] : pub.hostIp;
      const params = { container: dst.name, port: `${port}/${q.proto}`, published: `${pub.hostIp}:${pub.hostPort}` };
      if (!mine || mine.startsWith('127.')) {
        w.step('published-loopback', params, pub.id);
        return w.done('no-route', mine ?? null, `published on ${pub.hostIp} only`);
      }
      w.step('published', params, pub.id);
      address = mine;
      port = pub.hostPort;
    }
  }
  if (!address) {
    w.step('no-address', { name: dst.name }, dst.container?.id ?? null);
    return w.done('no-route', null);
  }
  w.step('inbound', { dev: nic.name, address: port === null ? address : `${address}:${port}` }, nic.id);
  // The rest of the way is the walk's own: a leg asking for that address and port.
  const leg: Leg = {
    topology,
    index,
    w,
    q: { ...q, port },
    facts: x.facts,
    dst,
    address,
    shown: address,
    isLocal,
    base: { src: w.from, proto: q.proto },
  };
  const moved = dnat(leg, 'PREROUTING', nic.name);
  if (!moved && isLocal(address)) return hostTakes(leg, nic, leg.q);
  const toAddress = moved?.address ?? address;
  const qq: ReachQuery = moved ? { ...q, port: moved.port } : leg.q;
  const outDev = index.iface(routeTo(host, toAddress)?.dev);
  const to = placeOfAddress(topology, index, toAddress);
  if (!outDev || outDev.id === nic.id || !to.netns) {
    w.step('no-route', { src: 'host', address: toAddress }, host.id);
    return w.done('no-route', toAddress);
  }
  w.step('host-route', { from: nic.name, to: bridgeName(index, outDev) }, outDev.id, [nic.id]);
  const off = forwarding(w, topology, toAddress, nic.name, outDev.name);
  if (off) return off;
  return forwardTo(leg, nic.name, outDev, toAddress, qq, to);
}
