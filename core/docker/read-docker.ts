import { sharedNetnsRef } from '../common/network-mode.js';
import { mapLimit } from '../util/map-limit.js';
import type { DockerConnection } from './client.js';
import { explainDockerError, parseApi } from './client.js';
import {
  ContainerInspectSchema,
  ContainerListSchema,
  ContainerNetworksListSchema,
  NetworkListSchema,
  type ContainerInspect,
  type DockerNetworkRaw,
} from './schema.js';

export interface DockerEndpoint {
  networkName: string;
  networkId: string | null;
  endpointId: string | null;
  ipv4: string | null;
  ipv6: string | null;
  mac: string | null;
  gateway: string | null;
  aliases: string[];
  dnsNames: string[];
  /** Links on a user-defined network: names only this container resolves, through the embedded DNS. */
  links: DockerLink[];
}

export interface DockerPortBinding {
  proto: string;
  containerPort: number;
  hostIp: string;
  hostPort: number;
}

/**
 * A `--link`: the linked container and the alias this one knows it by: a line in its
 * /etc/hosts on the default bridge (HostConfig.Links), an embedded-DNS name on a
 * user-defined network (the endpoint's Links).
 */
export interface DockerLink {
  /** The linked container's 64-hex id, or its name when it names no container read. */
  target: string;
  alias: string;
}

export interface DockerContainer {
  id: string;
  name: string;
  image: string;
  state: string;
  pid: number;
  /** `default`, `bridge`, `host`, `none`, `container:<64-hex id>` or a network name. */
  networkMode: string;
  sandboxKey: string | null;
  labels: Record<string, string>;
  endpoints: DockerEndpoint[];
  ports: DockerPortBinding[];
  /** HostConfig.Links: `docker run --link a:alias` (default bridge only). */
  links: DockerLink[];
}

export interface DockerNetwork {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  attachable: boolean;
  ipv6: boolean;
  subnets: { subnet: string; gateway: string | null }[];
  options: Record<string, string>;
  labels: Record<string, string>;
}

export interface DockerState {
  engine: { version: string; apiVersion: string };
  containers: DockerContainer[];
  networks: DockerNetwork[];
}

/** Inspections in flight at once: docs/host-facts.md measured 16 on the kept-alive sockets as the sweet spot. */
const INSPECT_CONCURRENCY = 16;

const nonEmpty = (s: string | null | undefined): string | null => (s ? s : null);

export function normaliseNetwork(n: DockerNetworkRaw): DockerNetwork {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope ?? 'local',
    internal: n.Internal ?? false,
    attachable: n.Attachable ?? false,
    ipv6: n.EnableIPv6 ?? false,
    subnets: (n.IPAM?.Config ?? [])
      .filter((c) => c.Subnet)
      .map((c) => ({ subnet: c.Subnet as string, gateway: nonEmpty(c.Gateway) })),
    options: n.Options,
    labels: n.Labels,
  };
}

function parsePortKey(key: string): { port: number; proto: string } | null {
  const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(key);
  return m ? { port: Number(m[1]), proto: m[2] ?? 'tcp' } : null;
}

/**
 * One link as the engine keeps it: `/<linked>:/<this>/<alias>` in HostConfig.Links,
 * `<linked>:<alias>` in an endpoint's Links.
 */
export function splitLink(text: string): { name: string; alias: string } | null {
  const m = /^\/?([^:/]+):(?:\/?[^/]+\/)?([^/]+)$/.exec(text);
  return m?.[1] && m[2] ? { name: m[1], alias: m[2] } : null;
}

/** Links, the linked container's name resolved to its id like a `container:` mode. */
export function parseLinks(links: readonly string[], idByName: ReadonlyMap<string, string>): DockerLink[] {
  const out: DockerLink[] = [];
  for (const l of links) {
    const link = splitLink(l);
    if (link) out.push({ target: idByName.get(link.name) ?? link.name, alias: link.alias });
  }
  return out.sort((a, b) => a.alias.localeCompare(b.alias));
}

/** `container:<name>` is resolved to the full id so the model names one thing one way. */
export function normaliseContainer(c: ContainerInspect, idByName: ReadonlyMap<string, string>): DockerContainer {
  let mode = c.HostConfig?.NetworkMode || 'default';
  const ref = sharedNetnsRef(mode);
  if (ref !== null) mode = `container:${idByName.get(ref) ?? ref}`;
  const endpoints: DockerEndpoint[] = Object.entries(c.NetworkSettings?.Networks ?? {})
    .map(([name, e]) => ({
      networkName: name,
      networkId: nonEmpty(e.NetworkID),
      endpointId: nonEmpty(e.EndpointID),
      ipv4: e.IPAddress ? `${e.IPAddress}/${e.IPPrefixLen ?? 32}` : null,
      ipv6: e.GlobalIPv6Address ? `${e.GlobalIPv6Address}/${e.GlobalIPv6PrefixLen ?? 128}` : null,
      mac: nonEmpty(e.MacAddress),
      gateway: nonEmpty(e.Gateway),
      aliases: e.Aliases ?? [],
      dnsNames: e.DNSNames ?? [],
      links: parseLinks(e.Links ?? [], idByName),
    }))
    .sort((a, b) => a.networkName.localeCompare(b.networkName));
  const ports: DockerPortBinding[] = [];
  for (const [key, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    const p = parsePortKey(key);
    if (!p || !bindings) continue;
    for (const b of bindings) {
      const hostPort = Number(b.HostPort);
      if (!Number.isInteger(hostPort) || hostPort <= 0) continue;
      ports.push({ proto: p.proto, containerPort: p.port, hostIp: b.HostIp || '0.0.0.0', hostPort });
    }
  }
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config?.Image ?? '',
    state: c.State.Status,
    pid: c.State.Pid ?? 0,
    networkMode: mode,
    sandboxKey: nonEmpty(c.NetworkSettings?.SandboxKey),
    labels: c.Config?.Labels ?? {},
    endpoints,
    ports,
    links: parseLinks(c.HostConfig?.Links ?? [], idByName),
  };
}

/** Thrown when a container vanished between list and inspect: the caller may simply re-read. */
const isNotFound = (err: unknown): boolean => (err as { statusCode?: number }).statusCode === 404;

/**
 * Everything the model needs from the engine: one list, one network list, one
 * inspect per container (for its PID, sandbox and aliases) on a shared kept-alive pool.
 */
/** Runs one API call, turning transport failures into DockerUnavailableError (404s pass through). */
async function apiCall<T>(conn: DockerConnection, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isNotFound(err)) throw err;
    if ((err as Error).name === 'SourceFormatError') throw err;
    throw explainDockerError(err, conn.endpoint);
  }
}

/** One container's inspect, or null when it no longer exists. */
async function inspectRaw(conn: DockerConnection, id: string): Promise<ContainerInspect | null> {
  try {
    const raw = await apiCall(conn, () => conn.get(`/containers/${encodeURIComponent(id)}/json`));
    return parseApi(ContainerInspectSchema, raw, `GET /containers/${id.slice(0, 12)}/json`);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export async function readNetworks(conn: DockerConnection): Promise<DockerNetwork[]> {
  const raw = await apiCall(conn, () => conn.get('/networks'));
  return parseApi(NetworkListSchema, raw, 'GET /networks')
    .map(normaliseNetwork)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Names and ids by which `container:<ref>` may name a container. */
export function containerRefs(containers: Iterable<{ id: string; name: string }>): Map<string, string> {
  const idByName = new Map<string, string>();
  for (const c of containers) {
    idByName.set(c.name, c.id);
    idByName.set(c.id, c.id);
    idByName.set(c.id.slice(0, 12), c.id);
  }
  return idByName;
}

/**
 * Re-reads the named containers only (the live core's path after an event); null marks
 * one that is gone. `known` resolves `container:<name>` modes to ids.
 */
export async function readContainers(
  conn: DockerConnection,
  ids: readonly string[],
  known: ReadonlyMap<string, string>,
): Promise<Map<string, DockerContainer | null>> {
  const inspected = await mapLimit(ids, INSPECT_CONCURRENCY, (id) => inspectRaw(conn, id));
  const refs = new Map(known);
  for (const c of inspected)
    if (c) for (const [k, v] of containerRefs([{ id: c.Id, name: c.Name.replace(/^\//, '') }])) refs.set(k, v);
  return new Map(
    ids.map((id, i) => [id, inspected[i] ? normaliseContainer(inspected[i] as ContainerInspect, refs) : null]),
  );
}

/**
 * The networks each container that is not running is configured on, by container id:
 * connecting or disconnecting a stopped container changes only its configuration, and
 * the engine announces no event for it. One list request, of the stopped ones only.
 */
export async function readStoppedNetworks(conn: DockerConnection): Promise<Map<string, string[]>> {
  const filters = encodeURIComponent(JSON.stringify({ status: ['created', 'exited', 'dead'] }));
  const raw = await apiCall(conn, () => conn.get(`/containers/json?all=1&filters=${filters}`));
  const list = parseApi(ContainerNetworksListSchema, raw, 'GET /containers/json?all=1&filters=status');
  return new Map(list.map((c) => [c.Id, Object.keys(c.NetworkSettings?.Networks ?? {}).sort()]));
}

export async function readDocker(conn: DockerConnection): Promise<DockerState> {
  const [list, networks] = await Promise.all([
    apiCall(conn, () => conn.get('/containers/json?all=1')),
    readNetworks(conn),
  ]);
  const summaries = parseApi(ContainerListSchema, list, 'GET /containers/json?all=1');
  // Removed after the list was taken: it is simply gone from this snapshot.
  const inspected = await mapLimit(summaries, INSPECT_CONCURRENCY, (s) => inspectRaw(conn, s.Id));
  const present = inspected.filter((c): c is ContainerInspect => c !== null);
  const idByName = containerRefs(present.map((c) => ({ id: c.Id, name: c.Name.replace(/^\//, '') })));
  return {
    engine: { version: conn.version, apiVersion: conn.apiVersion },
    containers: present.map((c) => normaliseContainer(c, idByName)).sort((a, b) => a.id.localeCompare(b.id)),
    networks,
  };
}
