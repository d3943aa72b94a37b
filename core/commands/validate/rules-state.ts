import type Docker from 'dockerode';
import { sharedNetnsRef } from '../../common/network-mode.js';
import type { ContainerActionParams, ContainerPublishParams, Warning } from '../../protocol/commands.js';
import { containerName, inspectName, type Facts } from './facts.js';
import { badRequest, conflict, q, warning } from './refusal.js';
import { dependantsOf } from './rules-modes.js';
import { listNames, removableNetwork } from './rules-names.js';
import { bindingsClash, formatBinding } from './port-conflicts.js';
import { portsFree } from './rules-ports.js';

interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

/**
 * Container and network state. The engine's answers (20.10, measured): start of a running
 * container and stop of a stopped one are no-ops (304 Not Modified; the CLI exits 0), so
 * Netloom warns and lets them through; start of a paused one is refused ("cannot start a
 * paused container, try unpause instead"); remove of a running one without force is
 * refused (409); a network with endpoints cannot be removed ("has active endpoints"),
 * while one that only stopped containers name can, and those then fail to start
 * ("network … not found"). Stopping a container others share the network stack of
 * (`container:` mode) leaves them with only loopback, and starting it again does not give
 * it back: they must be restarted; once it is removed they cannot start at all.
 */

type Inspect = Docker.ContainerInspectInfo;

/** A `container:X` container whose X is not running cannot start ("cannot join network of a non running container"). */
async function ownerRunning(facts: Facts, c: Inspect): Promise<void> {
  const ref = sharedNetnsRef(c.HostConfig?.NetworkMode ?? '');
  if (ref === null) return;
  const owner = await facts.container(ref);
  if (owner?.State?.Running) return;
  const ownerName = owner ? inspectName(owner) : ref.slice(0, 12);
  throw conflict(
    'container',
    'owner-not-running',
    `container ${q(inspectName(c))} (container) shares the network stack of ${q(ownerName)}, which is ${owner ? owner.State?.Status : 'gone'}: ${owner ? 'start it first' : 'it cannot start again; remove it and run a new one'}`,
    { holder: ownerName },
  );
}

async function dependantsWarning(
  facts: Facts,
  c: Inspect,
  doing: string,
  then: string,
  warnings: Warning[],
): Promise<void> {
  const deps = await dependantsOf(facts, c);
  if (deps.length)
    warnings.push(
      warning(
        'shared-netns-dependants',
        `${listNames(deps)} share${deps.length === 1 ? 's' : ''} container ${q(inspectName(c))}'s network stack: ${doing} leaves ${deps.length === 1 ? 'it' : 'them'} with only loopback${then}`,
      ),
    );
}

export async function startAllowed(facts: Facts, p: ContainerActionParams, warnings: Warning[]): Promise<void> {
  const c = await facts.mustContainer('container', p.container);
  const name = inspectName(c);
  if (c.State?.Paused)
    throw conflict(
      'container',
      'container-paused',
      `container ${q(name)} is paused: resume it with "docker unpause ${name}"`,
    );
  if (c.State?.Running) {
    warnings.push(warning('already-running', `container ${q(name)} is already running: starting it changes nothing`));
    return;
  }
  await ownerRunning(facts, c);
}

export async function stopAllowed(facts: Facts, p: ContainerActionParams, warnings: Warning[]): Promise<void> {
  const c = await facts.mustContainer('container', p.container);
  if (!c.State?.Running) {
    warnings.push(
      warning('already-stopped', `container ${q(inspectName(c))} is not running: stopping it changes nothing`),
    );
    return;
  }
  await dependantsWarning(facts, c, 'stopping it', ' until they are restarted', warnings);
}

export async function restartAllowed(facts: Facts, p: ContainerActionParams, warnings: Warning[]): Promise<void> {
  const c = await facts.mustContainer('container', p.container);
  await ownerRunning(facts, c);
  await dependantsWarning(facts, c, 'restarting it', ' until they are restarted too', warnings);
}

export async function removeAllowed(facts: Facts, p: ContainerActionParams, warnings: Warning[]): Promise<void> {
  const c = await facts.mustContainer('container', p.container);
  const name = inspectName(c);
  if (c.State?.Running && !p.force)
    throw conflict(
      'force',
      'container-running',
      `container ${q(name)} is ${c.State.Paused ? 'paused' : 'running'}: stop it first, or remove it with force`,
    );
  await dependantsWarning(facts, c, 'removing it', ', and they cannot start again', warnings);
}

export async function networkRemoveAllowed(facts: Facts, ref: string, warnings: Warning[]): Promise<void> {
  const net = await removableNetwork(facts, ref);
  if (net.endpoints.length)
    throw conflict(
      'network',
      'active-endpoints',
      `network ${q(net.name)} still has containers connected (${listNames(net.endpoints.map((e) => e.name))}): disconnect or stop them first`,
      { containers: net.endpoints.map((e) => e.name) },
    );
  const naming = (await facts.containers())
    .filter((c) => c.State !== 'running' && Object.keys(c.NetworkSettings?.Networks ?? {}).includes(net.name))
    .map(containerName);
  if (naming.length)
    warnings.push(
      warning(
        'stopped-containers-reference',
        `stopped ${listNames(naming)} still name${naming.length === 1 ? 's' : ''} network ${q(net.name)} and will fail to start once it is gone`,
      ),
    );
}

export async function publishAllowed(facts: Facts, p: ContainerPublishParams, warnings: Warning[]): Promise<void> {
  const c = await facts.mustContainer('container', p.container);
  const name = inspectName(c);
  const mode = c.HostConfig?.NetworkMode ?? '';
  if (mode === 'host')
    throw conflict(
      'publish',
      'shared-netns',
      `container ${q(name)} uses the host's network stack: its ports are already the host's, and Docker discards published ports in host mode`,
    );
  if (sharedNetnsRef(mode) !== null)
    throw conflict(
      'publish',
      'shared-netns',
      `container ${q(name)} shares another container's network stack: publish the port on that container instead`,
    );
  if (mode === 'none' || 'none' in (c.NetworkSettings?.Networks ?? {}))
    throw conflict(
      'publish',
      'no-network',
      `container ${q(name)} has no network, so a published port could reach nothing`,
    );
  // The recreated container keeps its ports: a new one must not meet one of them. With
  // `replace` (undo putting the old ports back) it keeps none, so none can be met.
  const bound = p.replace
    ? []
    : Object.entries((c.HostConfig?.PortBindings ?? {}) as Record<string, PortBinding[] | null>).flatMap(
        ([key, list]) =>
          (list ?? []).map((b) => ({
            key,
            proto: key.split('/')[1] ?? 'tcp',
            hostIp: b.HostIp || '0.0.0.0',
            hostPort: Number(b.HostPort),
          })),
      );
  for (const [i, w] of p.publish.entries()) {
    if (w.hostPort === undefined) continue;
    const own = bound.find((b) => bindingsClash({ proto: w.proto, hostIp: w.hostIp, hostPort: w.hostPort ?? 0 }, b));
    if (own)
      throw badRequest(
        `publish.${i}.hostPort`,
        'already-published',
        `container ${q(name)} already publishes ${own.key} on ${formatBinding(own.hostIp, own.hostPort, own.proto)}, which publish.${i} (${formatBinding(w.hostIp, w.hostPort, w.proto)}) would meet: choose another port`,
      );
  }
  await portsFree(facts, p.publish, warnings, c.Id);
}
