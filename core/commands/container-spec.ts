import type Docker from 'dockerode';
import { sharedNetnsRef } from '../common/network-mode.js';
import { splitLink } from '../docker/read-docker.js';
import type { ContainerRunParams, PortPublish } from '../protocol/commands.js';

/**
 * One description of a container's configuration. Both the engine's create request and
 * the docker command lines are rendered from it (./container-render.ts), so what Netloom
 * does and what it says it does cannot disagree. It holds names, not ids, so the command
 * lines replay on another host.
 */
export interface ContainerSpec {
  /** Absent: the engine picks one. */
  name?: string;
  image: string;
  /** Absent: the image's own. */
  command?: string[];
  /** Absent: the image's own; [] clears it. */
  entrypoint?: string[];
  /** KEY=value, only those the image does not set to the same value. */
  env: string[];
  workingDir?: string;
  user?: string;
  hostname?: string;
  domainname?: string;
  labels: Record<string, string>;
  tty: boolean;
  openStdin: boolean;
  /** Seconds `docker stop` waits before SIGKILL; absent: the engine's default (10). */
  stopTimeout?: number;
  stopSignal?: string;
  restart?: { name: string; maximumRetryCount: number };
  mounts: MountSpec[];
  tmpfs: Record<string, string>;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  extraHosts: string[];
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  links: { container: string; alias: string }[];
  /** `bridge`, `host`, `none`, `container:<name>`, or the first network's name. */
  networkMode: string;
  /** Every network the container joins, the one of networkMode first (bridge and user networks only). */
  networks: NetworkAttachment[];
  ports: PortPublish[];
  publishAll: boolean;
}

export interface NetworkAttachment {
  name: string;
  aliases: string[];
  ipv4?: string;
}

/** A named or anonymous volume (by its name: an anonymous one is kept by mounting it again) or a bind. */
export interface MountSpec {
  type: 'volume' | 'bind';
  /** The volume's name, or the bind's host path. */
  source: string;
  target: string;
  readOnly: boolean;
}

const empty = (): Omit<ContainerSpec, 'image' | 'networkMode'> => ({
  env: [],
  labels: {},
  tty: false,
  openStdin: false,
  mounts: [],
  tmpfs: {},
  dns: [],
  dnsSearch: [],
  dnsOptions: [],
  extraHosts: [],
  capAdd: [],
  capDrop: [],
  privileged: false,
  links: [],
  networks: [],
  ports: [],
  publishAll: false,
});

/** Modes that are not a network's name. */
export const isSpecialMode = (mode: string): boolean =>
  mode === 'bridge' || mode === 'host' || mode === 'none' || mode === 'default' || sharedNetnsRef(mode) !== null;

/** `container.run`'s params as a spec. */
export function specFromRun(p: ContainerRunParams): ContainerSpec {
  const mode = p.network ?? 'bridge';
  const joins = mode === 'host' || mode === 'none' || sharedNetnsRef(mode) !== null ? [] : [mode];
  return {
    ...empty(),
    ...(p.name === undefined ? {} : { name: p.name }),
    image: p.image,
    ...(p.command === undefined ? {} : { command: p.command }),
    ...(p.hostname === undefined ? {} : { hostname: p.hostname }),
    labels: { ...(p.labels ?? {}) },
    dns: p.dns ?? [],
    links: p.links ?? [],
    networkMode: mode,
    networks: joins.map((name) => ({
      name,
      aliases: p.aliases ?? [],
      ...(p.ipv4 === undefined ? {} : { ipv4: p.ipv4 }),
    })),
    ports: p.publish ?? [],
    publishAll: p.publishAll ?? false,
  };
}

const sameList = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** What the engine needs to name another container: its name without the leading slash. */
export type NameOf = (idOrName: string) => Promise<string>;

/**
 * A container's configuration as the engine reports it, less what its image already
 * gives (a new container gets those again anyway), so the command lines say only what
 * was chosen. `names` turns the ids the engine reports (container: modes, links) into names.
 */
export async function specFromInspect(
  c: Docker.ContainerInspectInfo,
  image: Docker.ImageInspectInfo | null,
  nameOf: NameOf,
): Promise<ContainerSpec> {
  const config = c.Config;
  const host = c.HostConfig;
  const imageConfig = image?.Config;
  const name = c.Name.replace(/^\//, '');
  const imageEnv = new Set(imageConfig?.Env ?? []);
  const imageLabels = imageConfig?.Labels ?? {};
  const rawMode = host.NetworkMode ?? 'default';
  const shared = sharedNetnsRef(rawMode);
  const networkMode =
    rawMode === 'default' ? 'bridge' : shared !== null ? `container:${await nameOf(shared)}` : rawMode;
  const shortId = c.Id.slice(0, 12);
  const attachments: NetworkAttachment[] = [];
  if (!(rawMode === 'host' || rawMode === 'none' || shared !== null)) {
    for (const [net, ep] of Object.entries(c.NetworkSettings.Networks ?? {})) {
      const aliases = ownAliases(c, ep.Aliases);
      const ipv4 = ep.IPAMConfig?.IPv4Address || undefined;
      attachments.push({ name: net, aliases, ...(ipv4 ? { ipv4 } : {}) });
    }
    const primary = networkMode === 'bridge' ? 'bridge' : networkMode;
    attachments.sort((a, b) => (a.name === primary ? -1 : b.name === primary ? 1 : a.name.localeCompare(b.name)));
  }
  // Links on the default bridge are the container's; on a user network, its endpoint's there.
  const primaryLinks = attachments[0] ? (c.NetworkSettings.Networks?.[attachments[0].name]?.Links ?? []) : [];
  const links = [...(host.Links ?? []), ...primaryLinks]
    .map(splitLink)
    .filter((l) => l !== null)
    .map((l) => ({ container: l.name, alias: l.alias }));
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.Labels ?? {})) if (imageLabels[k] !== v) labels[k] = v;
  const restartName = host.RestartPolicy?.Name ?? '';
  const mounts: MountSpec[] = [];
  for (const m of c.Mounts ?? []) {
    if (m.Type === 'volume' && m.Name)
      mounts.push({ type: 'volume', source: m.Name, target: m.Destination, readOnly: !m.RW });
    else if (m.Type === 'bind') mounts.push({ type: 'bind', source: m.Source, target: m.Destination, readOnly: !m.RW });
  }
  const hostname = config.Hostname && config.Hostname !== shortId ? config.Hostname : undefined;
  const entrypoint = asList(config.Entrypoint);
  const { StopTimeout: stopTimeout, StopSignal: stopSignal } = config as { StopTimeout?: number; StopSignal?: string };
  const imageStopSignal = (imageConfig as { StopSignal?: string } | undefined)?.StopSignal;
  return {
    ...empty(),
    name,
    image: config.Image,
    ...(config.Cmd && !sameList(config.Cmd, imageConfig?.Cmd) ? { command: config.Cmd } : {}),
    ...(!sameList(entrypoint, asList(imageConfig?.Entrypoint)) ? { entrypoint: entrypoint ?? [] } : {}),
    env: (config.Env ?? []).filter((e) => !imageEnv.has(e)),
    ...(config.WorkingDir && config.WorkingDir !== (imageConfig?.WorkingDir ?? '')
      ? { workingDir: config.WorkingDir }
      : {}),
    ...(config.User && config.User !== (imageConfig?.User ?? '') ? { user: config.User } : {}),
    ...(hostname && shared === null && rawMode !== 'host' ? { hostname } : {}),
    ...(config.Domainname ? { domainname: config.Domainname } : {}),
    labels,
    tty: config.Tty === true,
    openStdin: config.OpenStdin === true,
    ...(typeof stopTimeout === 'number' ? { stopTimeout } : {}),
    ...(stopSignal && stopSignal !== (imageStopSignal ?? 'SIGTERM') ? { stopSignal } : {}),
    ...(restartName && restartName !== 'no'
      ? { restart: { name: restartName, maximumRetryCount: host.RestartPolicy?.MaximumRetryCount ?? 0 } }
      : {}),
    mounts,
    tmpfs: { ...((host as { Tmpfs?: Record<string, string> }).Tmpfs ?? {}) },
    dns: host.Dns ?? [],
    dnsSearch: host.DnsSearch ?? [],
    dnsOptions: host.DnsOptions ?? [],
    extraHosts: host.ExtraHosts ?? [],
    capAdd: host.CapAdd ?? [],
    capDrop: host.CapDrop ?? [],
    privileged: host.Privileged === true,
    links,
    networkMode,
    networks: attachments,
    ports: portsOf(c),
    publishAll: host.PublishAllPorts === true,
  };
}

/**
 * The aliases a person gave an endpoint: 20.10 lists the container's host name (its short
 * id unless one was given) among them, which the engine adds again by itself.
 */
export function ownAliases(c: Docker.ContainerInspectInfo, aliases: string[] | null | undefined): string[] {
  const own = new Set([c.Id, c.Id.slice(0, 12), c.Name.replace(/^\//, ''), c.Config.Hostname]);
  return (aliases ?? []).filter((a) => !own.has(a));
}

function asList(v: string | string[] | null | undefined): string[] | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? [v] : v;
}

/**
 * The ports a container publishes, as configured; a host port the engine chose is kept
 * at the value it chose, so a recreated container is reached where it was.
 */
export function portsOf(c: Docker.ContainerInspectInfo): PortPublish[] {
  const out: PortPublish[] = [];
  const live = (c.NetworkSettings.Ports ?? {}) as Record<string, { HostIp: string; HostPort: string }[] | null>;
  for (const [key, bindings] of Object.entries(c.HostConfig.PortBindings ?? {}) as [
    string,
    { HostIp?: string; HostPort?: string }[] | null,
  ][]) {
    const [portText, protoText] = key.split('/');
    const containerPort = Number(portText);
    const proto = protoText === 'udp' ? 'udp' : 'tcp';
    for (const b of bindings ?? []) {
      const hostIp = b.HostIp || undefined;
      let hostPort = b.HostPort ? Number(b.HostPort) : undefined;
      if (hostPort === undefined) {
        const assigned = (live[key] ?? []).find((l) => (l.HostIp || '0.0.0.0') === (hostIp ?? '0.0.0.0'));
        if (assigned?.HostPort) hostPort = Number(assigned.HostPort);
      }
      out.push({
        ...(hostIp ? { hostIp } : {}),
        ...(hostPort ? { hostPort } : {}),
        containerPort,
        proto,
      });
    }
  }
  return out;
}

/** One port as `docker run -p` writes it: [ip:][hostPort:]containerPort[/udp]. */
export function portText(p: PortPublish): string {
  const host = p.hostIp ? `${p.hostIp}:${p.hostPort ?? ''}:` : p.hostPort ? `${p.hostPort}:` : '';
  return `${host}${p.containerPort}${p.proto === 'udp' ? '/udp' : ''}`;
}

export const samePort = (a: PortPublish, b: PortPublish): boolean =>
  a.containerPort === b.containerPort &&
  a.proto === b.proto &&
  (a.hostIp ?? '0.0.0.0') === (b.hostIp ?? '0.0.0.0') &&
  (a.hostPort ?? 0) === (b.hostPort ?? 0);
