import type Docker from 'dockerode';
import { cmd, q, shQuote } from '../common/shell-quote.js';
import { isSpecialMode, portText, type ContainerSpec, type NetworkAttachment } from './container-spec.js';

/** The engine's create request for a spec, and the networks to connect before it starts. */
export interface CreatePlan {
  create: Docker.ContainerCreateOptions;
  /** API 1.41 takes one network at create; the others are connected before the start. */
  connects: { network: string; endpoint: Docker.EndpointSettings }[];
}

const endpointOf = (n: NetworkAttachment, links: string[] = []): Docker.EndpointSettings => ({
  ...(n.aliases.length ? { Aliases: n.aliases } : {}),
  ...(n.ipv4 ? { IPAMConfig: { IPv4Address: n.ipv4 } } : {}),
  ...(links.length ? { Links: links } : {}),
});

const portKey = (p: { containerPort: number; proto: string }): string => `${p.containerPort}/${p.proto}`;

export function createPlan(spec: ContainerSpec): CreatePlan {
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  const exposed: Record<string, object> = {};
  for (const p of spec.ports) {
    const key = portKey(p);
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: p.hostPort ? String(p.hostPort) : '' });
  }
  const [first, ...rest] = spec.networks;
  // On a user network the engine takes links on the endpoint and drops HostConfig's
  // silently (docker run moves them there too).
  const links = spec.links.map((l) => `${l.container}:${l.alias}`);
  const onEndpoint = first !== undefined && !isSpecialMode(spec.networkMode);
  const binds = spec.mounts.map((m) => `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
  const hostConfig: Docker.HostConfig = {
    NetworkMode: spec.networkMode,
    ...(spec.ports.length ? { PortBindings: bindings } : {}),
    ...(spec.publishAll ? { PublishAllPorts: true } : {}),
    ...(spec.restart
      ? { RestartPolicy: { Name: spec.restart.name, MaximumRetryCount: spec.restart.maximumRetryCount } }
      : {}),
    ...(binds.length ? { Binds: binds } : {}),
    ...(Object.keys(spec.tmpfs).length ? { Tmpfs: spec.tmpfs } : {}),
    ...(spec.dns.length ? { Dns: spec.dns } : {}),
    ...(spec.dnsSearch.length ? { DnsSearch: spec.dnsSearch } : {}),
    ...(spec.dnsOptions.length ? { DnsOptions: spec.dnsOptions } : {}),
    ...(spec.extraHosts.length ? { ExtraHosts: spec.extraHosts } : {}),
    ...(spec.capAdd.length ? { CapAdd: spec.capAdd } : {}),
    ...(spec.capDrop.length ? { CapDrop: spec.capDrop } : {}),
    ...(spec.privileged ? { Privileged: true } : {}),
    ...(links.length && !onEndpoint ? { Links: links } : {}),
  };
  const create: Docker.ContainerCreateOptions = {
    ...(spec.name === undefined ? {} : { name: spec.name }),
    Image: spec.image,
    ...(spec.command === undefined ? {} : { Cmd: spec.command }),
    ...(spec.entrypoint === undefined ? {} : { Entrypoint: spec.entrypoint }),
    ...(spec.env.length ? { Env: spec.env } : {}),
    ...(spec.workingDir === undefined ? {} : { WorkingDir: spec.workingDir }),
    ...(spec.user === undefined ? {} : { User: spec.user }),
    ...(spec.hostname === undefined ? {} : { Hostname: spec.hostname }),
    ...(spec.domainname === undefined ? {} : { Domainname: spec.domainname }),
    Labels: spec.labels,
    ...(spec.tty ? { Tty: true } : {}),
    ...(spec.openStdin ? { OpenStdin: true } : {}),
    ...(spec.stopTimeout === undefined ? {} : { StopTimeout: spec.stopTimeout }),
    ...(spec.stopSignal === undefined ? {} : { StopSignal: spec.stopSignal }),
    ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
    HostConfig: hostConfig,
    ...(first
      ? { NetworkingConfig: { EndpointsConfig: { [first.name]: endpointOf(first, onEndpoint ? links : []) } } }
      : {}),
  };
  return { create, connects: rest.map((n) => ({ network: n.name, endpoint: endpointOf(n) })) };
}

/** `docker network connect` for one attachment. */
export function connectLine(network: string, container: string, aliases: string[], ipv4: string | undefined): string {
  return `${connectPrefix(network, aliases, ipv4)} ${shQuote(container)}`;
}

function connectPrefix(network: string, aliases: string[], ipv4: string | undefined): string {
  return cmd(
    'docker network connect',
    ...aliases.flatMap((a) => ['--alias', q(a)]),
    ...(ipv4 ? ['--ip', q(ipv4)] : []),
    q(network),
  );
}

/**
 * The docker command lines that build the same container: `docker run -d` when it joins
 * at most one network; else `docker create`, a `docker network connect` per further
 * network, and `docker start` (or no start, when `start` is false), as Netloom does.
 * On the default bridge `--network` is left out: the 20.10 client refuses
 * `--network bridge --link …`, while the default bridge is what it uses anyway.
 */
export function containerLines(spec: ContainerSpec, start = true): string[] {
  const [first, ...rest] = spec.networks;
  const oneStep = rest.length === 0 && start;
  const entry = spec.entrypoint;
  // The CLI's --entrypoint takes one word: further words go before the command, which
  // runs the same argument vector.
  const command = [...(entry && entry.length > 1 ? entry.slice(1) : []), ...(spec.command ?? [])];
  const words: (string | { q: string })[] = [oneStep ? 'docker run -d' : 'docker create'];
  if (spec.name !== undefined) words.push('--name', q(spec.name));
  if (spec.networkMode !== 'bridge') words.push('--network', q(spec.networkMode));
  if (first) {
    for (const a of first.aliases) words.push('--network-alias', q(a));
    if (first.ipv4) words.push('--ip', q(first.ipv4));
  }
  if (spec.hostname !== undefined) words.push('--hostname', q(spec.hostname));
  if (spec.domainname !== undefined) words.push('--domainname', q(spec.domainname));
  for (const d of spec.dns) words.push('--dns', q(d));
  for (const d of spec.dnsSearch) words.push('--dns-search', q(d));
  for (const d of spec.dnsOptions) words.push('--dns-option', q(d));
  for (const h of spec.extraHosts) words.push('--add-host', q(h));
  for (const p of spec.ports) words.push('-p', q(portText(p)));
  if (spec.publishAll) words.push('-P');
  for (const l of spec.links) words.push('--link', q(`${l.container}:${l.alias}`));
  for (const [k, v] of Object.entries(spec.labels)) words.push('--label', q(`${k}=${v}`));
  for (const e of spec.env) words.push('-e', q(e));
  for (const m of spec.mounts) words.push('-v', q(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`));
  for (const [target, options] of Object.entries(spec.tmpfs))
    words.push('--tmpfs', q(options ? `${target}:${options}` : target));
  if (spec.restart) {
    const n = spec.restart.name === 'on-failure' && spec.restart.maximumRetryCount > 0;
    words.push('--restart', q(n ? `on-failure:${spec.restart.maximumRetryCount}` : spec.restart.name));
  }
  if (spec.workingDir !== undefined) words.push('--workdir', q(spec.workingDir));
  if (spec.user !== undefined) words.push('--user', q(spec.user));
  for (const c of spec.capAdd) words.push('--cap-add', q(c));
  for (const c of spec.capDrop) words.push('--cap-drop', q(c));
  if (spec.privileged) words.push('--privileged');
  if (spec.stopTimeout !== undefined) words.push('--stop-timeout', String(spec.stopTimeout));
  if (spec.stopSignal !== undefined) words.push('--stop-signal', q(spec.stopSignal));
  if (spec.openStdin) words.push('-i');
  if (spec.tty) words.push('-t');
  if (entry !== undefined) words.push('--entrypoint', q(entry[0] ?? ''));
  words.push(q(spec.image));
  for (const c of command) words.push(q(c));
  const lines = [cmd(...words)];
  if (oneStep) return lines;
  // A container created without a name is named in the lines that follow by its id.
  const ref = spec.name === undefined ? '"$id"' : shQuote(spec.name);
  if (spec.name === undefined) lines[0] = `id=$(${lines[0]})`;
  for (const n of rest) lines.push(`${connectPrefix(n.name, n.aliases, n.ipv4)} ${ref}`);
  if (start) lines.push(`docker start ${ref}`);
  return lines;
}
