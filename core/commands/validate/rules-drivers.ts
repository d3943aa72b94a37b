import type { InterfaceNode } from '../../model/types.js';
import type { NetworkCreateParams, Warning } from '../../protocol/commands.js';
import type { Facts, TargetNetwork } from './facts.js';
import type { LinkDriver } from './kernel-features.js';
import { badRequest, conflict, q, warning } from './refusal.js';

/**
 * Network drivers, as the engine and this kernel behave (measured on 20.10, kernel 6.18):
 * - overlay: "This node is not a swarm manager" unless the engine is one;
 * - ipvlan without the kernel driver: the network is created, and every container then
 *   fails to start ("failed to create the ipvlan port: operation not supported");
 * - macvlan/ipvlan without a parent: Docker makes a dummy link, which fails without the
 *   dummy driver ("operation not supported"); a parent `eth0.10` makes a VLAN link (8021q);
 * - a missing parent: "invalid subinterface vlan name …" (misleading); a parent that is a
 *   bridge's port: created, then every start fails ("device or resource busy"); a parent
 *   another macvlan network uses: "network dm-… is already using parent interface …";
 * - the macvlan driver ignores `com.docker.network.driver.mtu`: its links take the
 *   parent's MTU, and the kernel never lets one exceed it.
 */

const PARENT_DRIVERS = new Set(['macvlan', 'ipvlan']);

async function kernelHas(
  facts: Facts,
  driver: LinkDriver,
  field: string,
  what: string,
  warnings: Warning[],
): Promise<void> {
  const has = (await facts.kernel()).has(driver);
  if (has === 'no')
    throw badRequest(
      field,
      'driver-unsupported',
      `${what}, and this kernel (${(await facts.kernel()).release}) has no ${driver} driver: Docker would fail with "operation not supported"`,
      { driver },
    );
  if (has === 'unknown')
    warnings.push(
      warning('driver-unknown', `${what}, and Netloom cannot tell whether this kernel has the ${driver} driver`),
    );
}

/** The host link a parent names, or null. */
const hostLink = (facts: Facts, name: string): InterfaceNode | undefined =>
  facts.hostInterfaces().find((i) => i.name === name);

/** A parent must be a free link of the host namespace (`parent.vid` makes a VLAN link on `parent`). */
async function parentUsable(facts: Facts, p: NetworkCreateParams, warnings: Warning[]): Promise<void> {
  if (p.parent === undefined) {
    await kernelHas(
      facts,
      'dummy',
      'parent',
      `a ${p.driver} network without a parent gets a dummy link from Docker`,
      warnings,
    );
    return;
  }
  // Without the host's links in the model (the kernel could not be read) there is no telling.
  if (!facts.index.hostNetns) return;
  let link = hostLink(facts, p.parent);
  const vlan = /^(.+)\.(\d{1,4})$/.exec(p.parent);
  if (!link && vlan?.[1] && hostLink(facts, vlan[1])) {
    await kernelHas(
      facts,
      '8021q',
      'parent',
      `parent ${q(p.parent)} is a VLAN that Docker would create on ${vlan[1]}`,
      warnings,
    );
    warnings.push(
      warning(
        'vlan-parent-created',
        `Docker will create VLAN link ${q(p.parent)} on ${vlan[1]} and remove it with the network`,
      ),
    );
    link = hostLink(facts, vlan[1]);
  }
  if (!link)
    throw badRequest(
      'parent',
      'parent-missing',
      `parent ${q(p.parent)} is no link of the host namespace: name an existing interface (ip link shows them)`,
    );
  if (link.master) {
    const master = facts.index.iface(link.master);
    throw conflict(
      'parent',
      'parent-busy',
      `parent ${q(p.parent)} is a port of ${master?.type ?? 'link'} ${q(master?.name ?? link.master)}, and the kernel refuses a ${p.driver} link on an enslaved interface ("device or resource busy"): choose a free interface`,
      { holder: master?.name ?? link.master },
    );
  }
  const user = (await facts.networks()).find((n) => PARENT_DRIVERS.has(n.driver) && n.options.parent === p.parent);
  if (user)
    throw conflict(
      'parent',
      'parent-in-use',
      `parent ${q(p.parent)} already carries ${user.driver} network ${q(user.name)}, and Docker lets one such network use a parent: connect to that network or choose another parent`,
      { holder: user.name },
    );
  if (p.mtu !== undefined && p.mtu > link.mtu)
    throw badRequest(
      'mtu',
      'mtu-above-parent',
      `mtu ${p.mtu} is above parent ${q(link.name)}'s MTU ${link.mtu}, and a ${p.driver} link can never exceed its parent's: choose ${link.mtu} or less`,
    );
}

/** The driver-specific rules of network.create, and the warnings each driver deserves. */
export async function driverUsable(facts: Facts, p: NetworkCreateParams, warnings: Warning[]): Promise<void> {
  if (p.driver === 'overlay') {
    const swarm = (await facts.info()).Swarm;
    if (swarm?.LocalNodeState !== 'active' || !swarm.ControlAvailable)
      throw badRequest(
        'driver',
        'swarm-required',
        `an overlay network (driver ${q('overlay')}) spans a swarm, and this engine is not a swarm manager: run "docker swarm init" first, or use the bridge driver`,
      );
  }
  if (p.driver === 'ipvlan')
    await kernelHas(facts, 'ipvlan', 'driver', 'an ipvlan network needs kernel ipvlan links', warnings);
  if (PARENT_DRIVERS.has(p.driver)) await parentUsable(facts, p, warnings);
  if (p.driver === 'macvlan') {
    warnings.push(
      warning(
        'macvlan-host-isolation',
        `containers on macvlan network ${q(p.name)} cannot talk to this host through ${p.parent ?? 'the parent'}: the kernel keeps a parent and its macvlan links apart`,
      ),
    );
    if (p.mtu !== undefined)
      warnings.push(
        warning('mtu-ignored', `Docker's macvlan driver does not apply mtu ${p.mtu}: its links take the parent's MTU`),
      );
  }
  if (p.icc === false)
    warnings.push(
      warning(
        'icc-off',
        `containers on network ${q(p.name)} will not reach each other (icc off); only published ports reach them`,
      ),
    );
  if (p.internal)
    warnings.push(
      warning(
        'internal-no-route',
        `internal network ${q(p.name)} has no route out and no published ports: its containers reach only each other`,
      ),
    );
}

/** Joining an existing network (connect, run): its driver must still work on this host. */
export async function networkJoinable(facts: Facts, net: TargetNetwork, warnings: Warning[]): Promise<void> {
  if (net.driver === 'ipvlan')
    await kernelHas(facts, 'ipvlan', 'network', `network ${q(net.name)} is an ipvlan network`, warnings);
  if (net.scope === 'swarm' && !net.attachable)
    throw badRequest(
      'network',
      'not-attachable',
      `swarm network ${q(net.name)} (network) is not attachable: only swarm services can join it; create it with attachable`,
    );
  const parent = net.options.parent;
  if (PARENT_DRIVERS.has(net.driver) && parent && facts.index.hostNetns) {
    const link = hostLink(facts, parent);
    if (!link)
      throw conflict(
        'network',
        'parent-missing',
        `network ${q(net.name)}'s parent ${q(parent)} is gone from the host, so no container can join it`,
      );
    if (link.master)
      throw conflict(
        'network',
        'parent-busy',
        `network ${q(net.name)}'s parent ${q(parent)} is now a port of ${q(facts.index.iface(link.master)?.name ?? link.master)}, and the kernel refuses ${net.driver} links on it`,
      );
  }
}
