import type Docker from 'dockerode';
import { TopologyIndex } from '../../common/topology-index.js';
import { DockerUnavailableError, explainDockerError, parseApi, type DockerConnection } from '../../docker/client.js';
import { normaliseNetwork, readNetworks, type DockerNetwork } from '../../docker/read-docker.js';
import { NetworkSchema } from '../../docker/schema.js';
import { addressOf } from '../../common/ipv4.js';
import type { InterfaceNode, Route, Topology } from '../../model/types.js';
import { inspectContainer, inspectImage, inspectNetwork } from '../lookup.js';
import { readKernelFeatures, type KernelFeatures } from './kernel-features.js';
import { readHostSockets, type HostSocket } from '../../kernel/proc-net.js';
import { badRequest, q } from './refusal.js';

/** What the rules may read: the engine (for inspects and images) and the model as it is now. */
export interface ValidationContext {
  docker: DockerConnection;
  topology: Topology;
}

/**
 * What the rules read, each fact fetched once per validation and only when a rule asks.
 * Docker's own facts come from the engine (fresh: the model may lag a change made a
 * moment ago; each request costs ~0.3 ms on the kept-alive socket); kernel facts (the
 * host's routes and links) from the model; listening sockets and kernel drivers from
 * /proc and /sys, read without starting a process.
 */
export class Facts {
  readonly index: TopologyIndex;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(readonly ctx: ValidationContext) {
    this.index = TopologyIndex.of(ctx.topology);
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      this.memo.set(key, p);
    }
    return p;
  }

  container(ref: string, field = 'container'): Promise<Docker.ContainerInspectInfo | null> {
    return this.once(`c:${ref}`, () => unambiguous(field, ref, () => inspectContainer(this.ctx.docker, ref)));
  }

  /** A network by name, id or id prefix, with its running endpoints. */
  network(ref: string, field = 'network'): Promise<TargetNetwork | null> {
    return this.once(`n:${ref}`, async () => {
      const raw = await unambiguous(field, ref, () => inspectNetwork(this.ctx.docker, ref));
      if (!raw) return null;
      const net = normaliseNetwork(parseApi(NetworkSchema, raw, `GET /networks/${ref}`));
      const endpoints = Object.entries(raw.Containers ?? {}).map(([id, e]) => ({
        containerId: id,
        name: e.Name,
        ipv4: e.IPv4Address ? addressOf(e.IPv4Address) : null,
      }));
      const explicit = (raw.IPAM?.Config ?? []).some(
        (c) => Boolean(c.IPRange) || Object.keys(c.AuxiliaryAddresses ?? {}).length > 0,
      );
      return { ...net, endpoints, explicitIpam: explicit };
    });
  }

  image(ref: string): Promise<Docker.ImageInspectInfo | null> {
    return this.once(`i:${ref}`, () => inspectImage(this.ctx.docker, ref));
  }

  /** The container a param names, or a `not-found` refusal naming the field. */
  async mustContainer(field: string, ref: string): Promise<Docker.ContainerInspectInfo> {
    const c = await this.container(ref, field);
    if (!c) throw badRequest(field, 'not-found', `no container is named ${q(ref)} (${field}): check the name or id`);
    return c;
  }

  async mustNetwork(field: string, ref: string): Promise<TargetNetwork> {
    const n = await this.network(ref, field);
    if (!n) throw badRequest(field, 'not-found', `no network is named ${q(ref)} (${field}): check the name or id`);
    return n;
  }

  /** Every network, with its IPAM subnets. */
  networks(): Promise<DockerNetwork[]> {
    return this.once('networks', () => readNetworks(this.ctx.docker));
  }

  /** Every container with its published ports and endpoints (`GET /containers/json?all=1`). */
  containers(): Promise<Docker.ContainerInfo[]> {
    return this.once('containers', () => this.ask(() => this.ctx.docker.api.listContainers({ all: true })));
  }

  /** `GET /info`: swarm state and the engine's drivers. */
  info(): Promise<EngineInfo> {
    return this.once('info', () => this.ask(async () => (await this.ctx.docker.api.info()) as EngineInfo));
  }

  private async ask<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw explainDockerError(err, this.ctx.docker.endpoint);
    }
  }

  sockets(): Promise<HostSocket[]> {
    return this.once('sockets', () => readHostSockets());
  }

  kernel(): Promise<KernelFeatures> {
    return this.once('kernel', () => readKernelFeatures());
  }

  /** The host namespace's links (empty when the kernel facet could not be read). */
  hostInterfaces(): readonly InterfaceNode[] {
    const host = this.index.hostNetns;
    return host ? this.index.interfacesIn(host.id) : [];
  }

  hostRoutes(): readonly Route[] {
    return this.index.hostNetns?.routes ?? [];
  }

  /** A container's name as a person knows it, from the engine's list. */
  async nameOf(id: string): Promise<string> {
    const c = (await this.containers()).find((x) => x.Id === id || x.Id.startsWith(id));
    return c ? containerName(c) : id.slice(0, 12);
  }
}

/**
 * An id prefix that several share: the engine answers 400 (networks) or 500 (containers,
 * on 20.10) with "ambiguous" / "Multiple IDs found", which the lookup reports as the
 * engine being unreachable; it is the request that is wrong.
 */
async function unambiguous<T>(field: string, ref: string, lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (err) {
    if (err instanceof DockerUnavailableError && /ambiguous|multiple ids found/i.test(err.message))
      throw badRequest(
        field,
        'ambiguous',
        `${field} ${q(ref)} is the start of several ids: give more of the id, or the name`,
      );
    throw err;
  }
}

export interface TargetNetwork extends DockerNetwork {
  /** Containers with an endpoint on it now (running ones: a stopped container has none). */
  endpoints: { containerId: string; name: string; ipv4: string | null }[];
  /** Its IPAM config has an IP range or auxiliary addresses: a person configured it. */
  explicitIpam: boolean;
}

export interface EngineInfo {
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
  Plugins?: { Network?: string[] };
}

export const containerName = (c: { Names?: string[]; Id: string }): string =>
  (c.Names?.[0] ?? '').replace(/^\//, '') || c.Id.slice(0, 12);

/** The inspect's name without Docker's leading slash. */
export const inspectName = (c: { Name: string }): string => c.Name.replace(/^\//, '');

/** The networks Docker makes itself and never lets anyone create or remove. */
export const PREDEFINED_NETWORKS: readonly string[] = ['bridge', 'host', 'none'];
