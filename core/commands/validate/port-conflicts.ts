import type { HostSocket } from '../../kernel/proc-net.js';

/**
 * When a host port asked for is already taken — pure, so it is tested on captured tables.
 * What the engine does (docker.io 20.10, measured): a binding without a host IP listens on
 * 0.0.0.0 *and* [::], so it clashes with anything on that port and protocol; a binding on
 * one IPv4 address clashes with 0.0.0.0 and with that address, not with another address
 * nor the other protocol. A socket on [::] clashes with an IPv4 address only when it is
 * dual-stack, which /proc/net does not tell (IPV6_V6ONLY is not shown): that is a maybe.
 */

export interface WantedPort {
  proto: 'tcp' | 'udp';
  /** Absent: every address. */
  hostIp?: string;
  hostPort: number;
}

export interface PublishedBinding {
  containerId: string;
  containerName: string;
  proto: string;
  /** As the engine lists it: `0.0.0.0`, `::`, `127.0.0.1`, … */
  hostIp: string;
  hostPort: number;
}

const ANY_V4 = '0.0.0.0';
const isAny = (ip: string | undefined): boolean => ip === undefined || ip === '' || ip === ANY_V4;
const isV6 = (ip: string): boolean => ip.includes(':');

/** Whether a wanted binding and one the engine already holds share an address. */
export function bindingsClash(
  want: WantedPort,
  have: Pick<PublishedBinding, 'proto' | 'hostIp' | 'hostPort'>,
): boolean {
  if (want.proto !== have.proto || want.hostPort !== have.hostPort) return false;
  if (isAny(want.hostIp)) return true;
  if (isV6(have.hostIp)) return false;
  return have.hostIp === ANY_V4 || have.hostIp === want.hostIp;
}

/** The first binding another container holds that the wanted one clashes with. */
export function findPublished(want: WantedPort, bindings: readonly PublishedBinding[]): PublishedBinding | undefined {
  return bindings.find((b) => bindingsClash(want, b));
}

export type Clash = 'yes' | 'maybe' | 'no';

/** Whether binding the wanted port would fail on a socket already bound on the host. */
export function socketClash(want: WantedPort, s: HostSocket): Clash {
  if (want.proto !== s.proto || want.hostPort !== s.port) return 'no';
  if (isAny(want.hostIp)) return 'yes';
  if (s.family === 4) return s.address === ANY_V4 || s.address === want.hostIp ? 'yes' : 'no';
  if (s.address === `::ffff:${want.hostIp}`) return 'yes';
  return s.address === '::' ? 'maybe' : 'no';
}

/** The sockets the wanted port clashes with, sure ones first. */
export function findSockets(want: WantedPort, sockets: readonly HostSocket[]): { socket: HostSocket; clash: Clash }[] {
  const hits = sockets.map((socket) => ({ socket, clash: socketClash(want, socket) })).filter((h) => h.clash !== 'no');
  return [...hits.filter((h) => h.clash === 'yes'), ...hits.filter((h) => h.clash === 'maybe')];
}

/** How a person writes a binding: `0.0.0.0:8080/tcp`, `[::]:8080/tcp`. */
export function formatBinding(ip: string | undefined, port: number, proto: string): string {
  const host = ip === undefined || ip === '' ? ANY_V4 : isV6(ip) ? `[${ip}]` : ip;
  return `${host}:${port}/${proto}`;
}
