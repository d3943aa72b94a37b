import { BlockList, isIP } from 'node:net';
import { hostname as osHostname } from 'node:os';

/**
 * Which names the server answers to. Checking the Host header defeats DNS rebinding (a
 * foreign page whose name now points at 127.0.0.1 still sends its own name as Host);
 * checking Origin keeps other sites' pages off the WebSocket.
 */

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** `[::1]` → `::1`: URLs and Host headers bracket IPv6 literals, sockets do not. */
export const bareHost = (host: string): string =>
  host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;

/** True for 127.0.0.0/8, ::1 (in any spelling, IPv4-mapped too) and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = bareHost(host).toLowerCase();
  const family = isIP(h);
  if (family === 0) return h === 'localhost';
  return loopback.check(h, family === 6 ? 'ipv6' : 'ipv4');
}

/** True for the any-address binds, which a browser cannot use as a destination. */
export const isWildcardHost = (host: string): boolean => ['0.0.0.0', '::', ''].includes(bareHost(host));

/** What the server is bound to, for checking the names requests use. */
export interface HostPolicy {
  /** The --host it was started with. */
  boundHost: string;
  /** The port it actually listens on. */
  port: number;
  /** Bound beyond loopback on purpose (--allow-remote). */
  remote: boolean;
}

/** A Host header or an origin's host, split. */
export interface HostPort {
  hostname: string;
  port: number;
}

/**
 * Names a request may use: loopback, the bound host, and, when serving remotely, any IP
 * literal and this machine's hostname (rebinding needs a foreign name, never an address).
 */
export function answersTo(policy: HostPolicy, hostname: string): boolean {
  const h = bareHost(hostname).toLowerCase();
  if (isLoopbackHost(h) || h === bareHost(policy.boundHost).toLowerCase()) return true;
  if (!policy.remote) return false;
  return isIP(h) !== 0 || h === osHostname().toLowerCase();
}

/** Parses `name[:port]` or `[v6][:port]`; null for anything else (userinfo, paths, junk). */
export function parseHostHeader(value: string | undefined): HostPort | null {
  if (!value || /[\s/\\@?#]/.test(value)) return null;
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname, port: url.port === '' ? 80 : Number(url.port) };
  } catch {
    return null;
  }
}

/** The request's Host header if the server answers to it on its own port, else null. */
export function checkHost(policy: HostPolicy, header: string | undefined): HostPort | null {
  const host = parseHostHeader(header);
  if (!host || host.port !== policy.port || !answersTo(policy, host.hostname)) return null;
  return host;
}

/**
 * True when an Origin header is absent (scripts, not browsers) or names this server as
 * reached through `host`; loopback spellings (localhost, 127.0.0.1, [::1]) count as one.
 */
export function originAllowed(origin: string | undefined, host: HostPort): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque "null" origin of sandboxed frames and file: pages
  }
  if (url.protocol !== 'http:' || url.username || url.password || url.pathname !== '/' || url.search) return false;
  if ((url.port === '' ? 80 : Number(url.port)) !== host.port) return false;
  const a = bareHost(url.hostname).toLowerCase();
  const b = bareHost(host.hostname).toLowerCase();
  return a === b || (isLoopbackHost(a) && isLoopbackHost(b));
}
