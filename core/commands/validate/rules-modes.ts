import type Docker from 'dockerode';
import { sharedNetnsRef } from '../../common/network-mode.js';
import type {
  ContainerRunParams,
  NetworkConnectParams,
  NetworkDisconnectParams,
  Warning,
} from '../../protocol/commands.js';
import { parseParams } from '../../protocol/commands.js';
import { containerName, inspectName, type Facts, type TargetNetwork } from './facts.js';
import { badRequest, conflict, q, requestRefusal, warning } from './refusal.js';
import { networkJoinable } from './rules-drivers.js';
import { listNames } from './rules-names.js';
import { staticAddressFree } from './rules-subnets.js';

/**
 * Network modes and endpoints. What the engine says (20.10, measured):
 * - a host or `container:` mode container: "container sharing network namespace with
 *   another container or host cannot be connected to any other network";
 * - a container on `none`: "cannot be connected to multiple networks with one of the
 *   networks in private (none) mode" — until it is disconnected from none, which works;
 * - the host network: "container cannot be disconnected from host network or connected
 *   to host network";
 * - `container:X` with X missing or stopped: the container is created, then its start
 *   fails ("No such container", "cannot join network of a non running container").
 */

type Inspect = Docker.ContainerInspectInfo;

const networksOf = (c: Inspect): Record<string, { NetworkID?: string }> =>
  (c.NetworkSettings?.Networks ?? {}) as Record<string, { NetworkID?: string }>;

const onNetwork = (c: Inspect, net: TargetNetwork): boolean =>
  Object.entries(networksOf(c)).some(([name, e]) => name === net.name || e.NetworkID === net.id);

/** Containers started with `--network container:<c>`, which lose their network when c stops. */
export async function dependantsOf(facts: Facts, c: Inspect): Promise<string[]> {
  const name = inspectName(c);
  return (await facts.containers())
    .filter((x) => {
      const ref = sharedNetnsRef(x.HostConfig?.NetworkMode ?? '');
      return ref !== null && (ref === c.Id || ref === name) && x.State === 'running';
    })
    .map(containerName);
}

/** A host/none/container: mode container has no endpoint of its own to add to. */
function ownStack(c: Inspect, field: string, doing: string): void {
  const mode = c.HostConfig?.NetworkMode ?? '';
  const name = inspectName(c);
  if (mode === 'host' || sharedNetnsRef(mode) !== null)
    throw conflict(
      field,
      'shared-netns',
      `container ${q(name)} (${field}) runs in ${mode === 'host' ? "the host's network stack" : "another container's network stack"} (network mode ${mode.slice(0, 22)}), so it cannot ${doing}: run a new container on the network instead`,
    );
  if ('none' in networksOf(c))
    throw conflict(
      field,
      'no-network',
      `container ${q(name)} (${field}) is on the none network, which Docker allows alone, so it cannot ${doing}: disconnect it from none first`,
    );
}

export async function connectAllowed(facts: Facts, p: NetworkConnectParams, warnings: Warning[]): Promise<void> {
  const c = await facts.mustContainer('container', p.container);
  const net = await facts.mustNetwork('network', p.network);
  const name = inspectName(c);
  if (net.name === 'host')
    throw badRequest(
      'network',
      'host-network',
      `no container can be connected to the host network (network ${q(p.network)}): a container uses the host's stack only when created with network host`,
    );
  if (onNetwork(c, net))
    throw conflict(
      'network',
      'already-connected',
      `container ${q(name)} is already connected to network ${q(net.name)}`,
    );
  if (net.name === 'none') {
    if (Object.keys(networksOf(c)).length > 0)
      throw conflict(
        'network',
        'no-network',
        `container ${q(name)} is on ${listNames(Object.keys(networksOf(c)))}, and Docker allows the none network only alone: disconnect it from those first`,
      );
    return;
  }
  ownStack(c, 'container', `join network ${q(net.name)}`);
  if (net.name === 'bridge' && p.aliases?.length)
    throw badRequest(
      'aliases',
      'default-bridge',
      `the default bridge has no embedded DNS, so aliases (${p.aliases.join(', ')}) mean nothing there: use a user-defined network`,
    );
  await networkJoinable(facts, net, warnings);
  if (p.ipv4 !== undefined) await staticAddressFree(facts, net, p.ipv4, warnings);
  joinWarnings(net, warnings);
}

function joinWarnings(net: TargetNetwork, warnings: Warning[]): void {
  if (net.options['com.docker.network.bridge.enable_icc'] === 'false')
    warnings.push(warning('icc-off', `containers on network ${q(net.name)} do not reach each other (icc off)`));
  if (net.internal)
    warnings.push(
      warning(
        'internal-no-route',
        `network ${q(net.name)} is internal: no route out and no published ports through it`,
      ),
    );
  if (net.driver === 'macvlan')
    warnings.push(
      warning(
        'macvlan-host-isolation',
        `this host cannot reach containers on macvlan network ${q(net.name)} through its parent`,
      ),
    );
}

export async function disconnectAllowed(facts: Facts, p: NetworkDisconnectParams, warnings: Warning[]): Promise<void> {
  const c = await facts.mustContainer('container', p.container);
  const net = await facts.mustNetwork('network', p.network);
  const name = inspectName(c);
  if (net.name === 'host')
    throw badRequest(
      'network',
      'host-network',
      `container ${q(name)} cannot leave the host network: its network mode is fixed when it is created`,
    );
  if (!onNetwork(c, net))
    throw conflict('network', 'not-connected', `container ${q(name)} is not connected to network ${q(net.name)}`);
  const others = Object.keys(networksOf(c)).filter((n) => n !== net.name);
  // Leaving none changes nothing a person could lose: the container had loopback only.
  if (c.State?.Running && others.length === 0 && net.name !== 'none') {
    const deps = await dependantsOf(facts, c);
    warnings.push(
      warning(
        'last-network',
        `network ${q(net.name)} is container ${q(name)}'s last network: it keeps only loopback${deps.length ? `, and so do ${listNames(deps)} that share its network stack` : ''}`,
      ),
    );
  }
}

/** Checks the request-only rules again with the network resolved (a person may name bridge, host or none by id). */
function recheckMode(p: ContainerRunParams, resolved: string): void {
  const r = parseParams('container.run', { ...p, network: resolved });
  if (!r.ok) throw requestRefusal(r.field, r.rule, `network ${q(p.network ?? '')} is ${q(resolved)}: ${r.message}`);
}

/** The network a run names, its static address and its links. */
export async function runNetworkAllowed(facts: Facts, p: ContainerRunParams, warnings: Warning[]): Promise<void> {
  const mode = p.network ?? 'default';
  const owner = sharedNetnsRef(mode);
  let net: TargetNetwork | null = null;
  if (owner !== null) {
    const x = await facts.mustContainer('network', owner);
    if (!x.State?.Running)
      throw conflict(
        'network',
        'owner-not-running',
        `container ${q(inspectName(x))} (network ${q(mode)}) is ${x.State?.Status ?? 'not running'}, and a container can share only a running container's network stack: start it first`,
      );
  } else if (!['default', 'bridge', 'host', 'none'].includes(mode)) {
    net = await facts.mustNetwork('network', mode);
    if (['bridge', 'host', 'none'].includes(net.name)) recheckMode(p, net.name);
    if (net.name !== 'bridge' && net.name !== 'host' && net.name !== 'none') {
      await networkJoinable(facts, net, warnings);
      if (p.ipv4 !== undefined) await staticAddressFree(facts, net, p.ipv4, warnings);
      joinWarnings(net, warnings);
      if (net.internal && (p.publish?.length || p.publishAll))
        warnings.push(
          warning(
            'publish-internal',
            `network ${q(net.name)} is internal, and Docker publishes no port of a container on it (no proxy, no DNAT rule)`,
          ),
        );
    }
  }
  const userNet = net !== null && net.name !== 'bridge' ? net : null;
  for (const [i, link] of (p.links ?? []).entries()) {
    const field = `links.${i}.container`;
    const target = await facts.mustContainer(field, link.container);
    if (userNet === null && !target.State?.Running)
      throw conflict(
        field,
        'link-not-running',
        `container ${q(inspectName(target))} (${field}) is ${target.State?.Status ?? 'not running'}, and a link on the default bridge needs it running: start it first`,
      );
    if (userNet !== null && !onNetwork(target, userNet))
      warnings.push(
        warning(
          'link-not-on-network',
          `container ${q(inspectName(target))} is not on network ${q(userNet.name)}, so the link name ${q(link.alias)} will not resolve there`,
        ),
      );
  }
  if (p.dns?.some((d) => d.startsWith('127.')))
    warnings.push(
      warning(
        'dns-localhost',
        `a DNS server on 127.0.0.0/8 (dns) is the container's own loopback, not the host's: lookups fail unless the container runs one`,
      ),
    );
}
