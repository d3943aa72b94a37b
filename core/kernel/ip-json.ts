/**
 * Parsers for the kernel's view of one network namespace, as printed by
 * `ip -j -d addr show`, `ip -j route show` (iproute2) and by netloom-nsdump, whose
 * link and route objects use ip's key names and spellings. The schemas accept unknown
 * keys (ip prints dozens Netloom does not read, more with every release) and drop them,
 * which matters at 500 namespaces.
 */
import { SourceFormatError } from '../exec/run-tool.js';
import {
  array,
  check as checkShape,
  either,
  int,
  map,
  nonNegativeInt,
  nullable,
  number,
  object,
  optional,
  string,
  type Infer,
  type Shape,
} from '../util/shape.js';

export interface KernelAddr {
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
  /** `global`, `link`, `host`, `site`, `nowhere`, or the number as text. */
  scope: string;
}

export interface KernelLink {
  ifindex: number;
  name: string;
  /** As ip prints them, in its order, including the derived NO-CARRIER and M-DOWN. */
  flags: string[];
  /** IFF_UP: administratively up. */
  up: boolean;
  mtu: number;
  operstate: string;
  /** `ether`, `loopback`, `none`, … (ip's link_type). */
  linkType: string;
  /** Lower-case colon hex; null when the link has no hardware address (or a tunnel's IP). */
  mac: string | null;
  /** The master's ifname (same namespace). */
  master: string | null;
  /**
   * The lower link's ifindex (veth peer, macvlan parent, …). It is an index in the
   * namespace named by linkNetnsid when that is set, else in this namespace.
   */
  linkIndex: number | null;
  /** The lower link's name, known only when it lives in this namespace. */
  linkName: string | null;
  /** The nsid (as this namespace numbers them) of the lower link's namespace; -1: unnamed. */
  linkNetnsid: number | null;
  /** linkinfo.info_kind: veth, bridge, macvlan, vxlan, …; null for plain devices. */
  kind: string | null;
  /** linkinfo.info_slave_kind: `bridge` for a bridge port, … */
  slaveKind: string | null;
  addresses: KernelAddr[];
}

export interface KernelRoute {
  /** `default`, `10.0.0.0/8`, or a host address without /32, as ip prints it. */
  dst: string;
  gateway: string | null;
  dev: string | null;
  protocol: string | null;
  scope: string | null;
  prefsrc: string | null;
  /** Present only when not unicast: blackhole, unreachable, prohibit, … */
  type: string | null;
}

export interface NetnsDump {
  /** The namespace file that was read, or `host` for the namespace Netloom runs in. */
  target: string;
  /** The namespace's inode (its identity, as in `netns:<inode>`). */
  inode: number;
  /** The id the host namespace gave this namespace (what host links' linkNetnsid say). */
  nsid: number | null;
  /** The id this namespace gave the host namespace (what its own links' linkNetnsid say). */
  hostNsid: number | null;
  /**
   * The namespaces this one's links point into: the nsid it gave each (their
   * linkNetnsid) and that namespace's inode. Only what the helper could prove; absent
   * when not read (nsenter, older captures).
   */
  linkNetns?: { nsid: number; inode: number }[];
  /** Its net.ipv4.ip_forward; null when unreadable, absent when not read (nsenter, older captures). */
  ipForward?: boolean | null;
  links: KernelLink[];
  routes: KernelRoute[];
}

export interface NetnsDumpError {
  target: string;
  /** strerror text, e.g. `Invalid argument` for a stale /var/run/docker/netns file. */
  error: string;
  /** The errno behind `error`, when known (the helper reports it; nsenter does not). */
  errno?: number;
}

const textOrNumber = map(either(string, number), String);

// `ip -j -4 addr` prints an empty {} for each address it filtered out.
const ipAddrInfoSchema = object({
  family: optional(string),
  local: optional(string),
  prefixlen: optional(int),
  scope: optional(textOrNumber),
  label: optional(string),
});

/** One element of `ip -j -d addr show` (or of netloom-nsdump's `links`). */
export const ipLinkSchema = object({
  ifindex: int,
  ifname: string,
  flags: array(string),
  mtu: optional(int),
  operstate: optional(string),
  link_type: optional(string),
  address: optional(string),
  master: optional(string),
  /** ip's form for a lower link in the same namespace; null means "@NONE". */
  link: optional(nullable(string)),
  link_index: optional(int),
  link_netnsid: optional(int),
  linkinfo: optional(object({ info_kind: optional(string), info_slave_kind: optional(string) })),
  addr_info: optional(array(ipAddrInfoSchema)),
});

/** One element of `ip -j route show` (or of netloom-nsdump's `routes`). */
export const ipRouteSchema = object({
  dst: string,
  gateway: optional(string),
  dev: optional(string),
  protocol: optional(textOrNumber),
  scope: optional(textOrNumber),
  prefsrc: optional(string),
  type: optional(string),
});

const ipLinksSchema = array(ipLinkSchema);
const ipRoutesSchema = array(ipRouteSchema);

const nsdumpOkSchema = object({
  target: string,
  inode: nonNegativeInt,
  nsid: int,
  hostNsid: int,
  ipForward: optional(int),
  nsids: optional(array(object({ nsid: nonNegativeInt, inode: nonNegativeInt }))),
  links: ipLinksSchema,
  routes: ipRoutesSchema,
});

const nsdumpErrorSchema = object({
  target: string,
  error: string,
  errno: optional(int),
});

type IpLink = Infer<typeof ipLinkSchema>;
type IpRoute = Infer<typeof ipRouteSchema>;

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2})+$/;

function parseJsonText(text: string, source: string): unknown {
  if (text.trim() === '') throw new SourceFormatError(source, 'empty output');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SourceFormatError(source, `not JSON (${(error as Error).message})`);
  }
}

function check<T>(shape: Shape<T>, value: unknown, source: string): T {
  const result = checkShape(shape, value);
  if (!result.ok) throw new SourceFormatError(source, `${result.where ? `at ${result.where}: ` : ''}${result.detail}`);
  return result.value;
}

function normaliseAddresses(raw: IpLink['addr_info']): KernelAddr[] {
  const out: KernelAddr[] = [];
  for (const a of raw ?? []) {
    if ((a.family !== 'inet' && a.family !== 'inet6') || a.local === undefined || a.prefixlen === undefined) continue;
    out.push({ family: a.family, local: a.local, prefixlen: a.prefixlen, scope: a.scope ?? 'global' });
  }
  return out;
}

/**
 * ip names a same-namespace lower link (`"link":"eth0"`), the helper numbers it
 * (`"link_index":2`); filling in the other half from the same dump makes both agree.
 */
function normaliseLinks(raw: IpLink[]): KernelLink[] {
  const links = raw.map((l): KernelLink => {
    const address = l.address?.toLowerCase();
    const flags = l.flags;
    return {
      ifindex: l.ifindex,
      name: l.ifname,
      flags,
      up: flags.includes('UP'),
      mtu: l.mtu ?? 0,
      operstate: l.operstate ?? 'UNKNOWN',
      linkType: l.link_type ?? 'none',
      mac: address !== undefined && MAC.test(address) ? address : null,
      master: l.master ?? null,
      linkIndex: l.link_index !== undefined && l.link_index !== 0 ? l.link_index : null,
      linkName: typeof l.link === 'string' ? l.link : null,
      linkNetnsid: l.link_netnsid ?? null,
      kind: l.linkinfo?.info_kind ?? null,
      slaveKind: l.linkinfo?.info_slave_kind ?? null,
      addresses: normaliseAddresses(l.addr_info),
    };
  });
  const byIndex = new Map(links.map((l) => [l.ifindex, l]));
  const byName = new Map(links.map((l) => [l.name, l]));
  for (const link of links) {
    if (link.linkNetnsid !== null) continue;
    if (link.linkIndex !== null && link.linkName === null) {
      link.linkName = byIndex.get(link.linkIndex)?.name ?? null;
    } else if (link.linkName !== null && link.linkIndex === null) {
      const lower = byName.get(link.linkName);
      // ip falls back to "if<N>" when it cannot name the index.
      const unnamed = /^if(\d+)$/.exec(link.linkName);
      if (lower) link.linkIndex = lower.ifindex;
      else if (unnamed) {
        link.linkIndex = Number(unnamed[1]);
        link.linkName = null;
      }
    }
  }
  return links;
}

function normaliseRoutes(raw: IpRoute[]): KernelRoute[] {
  return raw.map((r) => ({
    dst: r.dst,
    gateway: r.gateway ?? null,
    dev: r.dev ?? null,
    protocol: r.protocol ?? null,
    scope: r.scope ?? null,
    prefsrc: r.prefsrc ?? null,
    type: r.type ?? null,
  }));
}

/** Parses `ip -j -d addr show`; `source` names the command in errors. */
export function parseIpAddrJson(text: string, source: string): KernelLink[] {
  return normaliseLinks(check(ipLinksSchema, parseJsonText(text, source), source));
}

/** Parses `ip -j route show`; `source` names the command in errors. */
export function parseIpRouteJson(text: string, source: string): KernelRoute[] {
  return normaliseRoutes(check(ipRoutesSchema, parseJsonText(text, source), source));
}

export function isNetnsDumpError(value: NetnsDump | NetnsDumpError): value is NetnsDumpError {
  return 'error' in value;
}

/** Parses one line of netloom-nsdump's NDJSON output. */
export function parseNsdumpLine(line: string): NetnsDump | NetnsDumpError {
  let source = 'netloom-nsdump';
  const value = parseJsonText(line, source);
  if (value !== null && typeof value === 'object' && typeof (value as { target?: unknown }).target === 'string') {
    source = `netloom-nsdump (netns ${(value as { target: string }).target})`;
  }
  if (value !== null && typeof value === 'object' && 'error' in value) {
    const failed = check(nsdumpErrorSchema, value, source);
    return failed.errno === undefined
      ? { target: failed.target, error: failed.error }
      : { target: failed.target, error: failed.error, errno: failed.errno };
  }
  const dump = check(nsdumpOkSchema, value, source);
  const parsed: NetnsDump = {
    target: dump.target,
    inode: dump.inode,
    nsid: dump.nsid < 0 ? null : dump.nsid,
    hostNsid: dump.hostNsid < 0 ? null : dump.hostNsid,
    links: normaliseLinks(dump.links),
    routes: normaliseRoutes(dump.routes),
  };
  if (dump.nsids) parsed.linkNetns = dump.nsids;
  if (dump.ipForward !== undefined)
    parsed.ipForward = dump.ipForward === 1 ? true : dump.ipForward === 0 ? false : null;
  return parsed;
}
