import { cidrContains, cidrsOverlap, formatIPv4, parseCidr, parseIPv4 } from '../../common/ipv4.js';

/**
 * Subnet facts, pure. The engine refuses a subnet that overlaps another network's ("Pool
 * overlaps with other one on this address space", without saying which) but not one that
 * overlaps the host's own routes: measured on 20.10, it then adds a second route for the
 * same prefix through its bridge, and traffic to that prefix goes one way or the other
 * by the kernel's choice. Netloom refuses both and names what is in the way.
 */

export interface NetworkSubnets {
  name: string;
  subnets: readonly { subnet: string; gateway: string | null }[];
}

export interface HostRoute {
  dst: string;
  devName: string | null;
}

export type Overlap =
  { kind: 'network'; network: string; subnet: string } | { kind: 'route'; dst: string; dev: string | null };

/**
 * What a new subnet overlaps: another network's subnet first, else a host route. The
 * default route is ignored (it overlaps everything), and so is a route through one of
 * Docker's own bridges (`bridgeDevs`): that route is its network's subnet, already
 * checked as a network.
 */
export function findOverlap(
  subnet: string,
  networks: readonly NetworkSubnets[],
  routes: readonly HostRoute[],
  bridgeDevs: ReadonlySet<string>,
): Overlap | null {
  for (const n of networks)
    for (const s of n.subnets)
      if (parseCidr(s.subnet) && cidrsOverlap(subnet, s.subnet))
        return { kind: 'network', network: n.name, subnet: s.subnet };
  for (const r of routes) {
    if (r.dst === 'default' || (r.devName !== null && bridgeDevs.has(r.devName))) continue;
    const dst = r.dst.includes('/') ? r.dst : `${r.dst}/32`;
    if (parseCidr(dst) && cidrsOverlap(subnet, dst)) return { kind: 'route', dst: r.dst, dev: r.devName };
  }
  return null;
}

/** The subnet of a network that holds an address, or null. */
export function subnetHolding(ip: string, subnets: readonly { subnet: string }[]): string | null {
  return subnets.find((s) => cidrContains(s.subnet, ip))?.subnet ?? null;
}

/** `network` or `broadcast` when the address is one of those of its subnet (Docker's IPAM never hands them out). */
export function reservedRole(ip: string, subnet: string): 'network' | 'broadcast' | null {
  const net = parseCidr(subnet);
  const n = parseIPv4(ip);
  if (!net || n === null || net.bits >= 31) return null;
  if (n === net.base) return 'network';
  return n === (net.base + 2 ** (32 - net.bits) - 1) >>> 0 ? 'broadcast' : null;
}

/**
 * Docker's default address pools (daemon defaults of 20.10: 172.17–31.0.0/16, then
 * 192.168.0.0/16 cut into /20s). A network whose subnet is exactly one of them with the
 * first address as gateway looks picked by Docker rather than given by a person.
 */
export function inDefaultPools(subnet: string): boolean {
  const net = parseCidr(subnet);
  if (!net) return false;
  const [a, b, c] = formatIPv4(net.base).split('.').map(Number);
  if (net.bits === 16 && a === 172 && b !== undefined && b >= 17 && b <= 31) return true;
  return net.bits === 20 && a === 192 && b === 168 && c !== undefined && c % 16 === 0;
}

/**
 * Whether a network's IPv4 subnet was given by a person, which Docker requires for a
 * static address ("user specified IP address is supported only when connecting to
 * networks with user configured subnets"). The API does not say so directly; what it
 * shows: a subnet given without a gateway is listed without one, an IP range or auxiliary
 * addresses only a person gives (`explicit`), and a subnet Docker picked is always one of
 * its default pools, listed with its first address as gateway. That last shape is taken
 * as picked: a person who chose exactly a default pool and its first address is told so.
 */
export function subnetGiven(subnets: readonly { subnet: string; gateway: string | null }[], explicit = false): boolean {
  const v4 = subnets.filter((s) => parseCidr(s.subnet) !== null);
  if (v4.length === 0) return false;
  if (explicit) return true;
  const looksPicked = (s: { subnet: string; gateway: string | null }): boolean => {
    const net = parseCidr(s.subnet);
    return s.gateway !== null && net !== null && inDefaultPools(s.subnet) && parseIPv4(s.gateway) === net.base + 1;
  };
  return !v4.every(looksPicked);
}
