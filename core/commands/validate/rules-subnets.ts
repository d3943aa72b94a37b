import type { Warning } from '../../protocol/commands.js';
import type { Facts, TargetNetwork } from './facts.js';
import { badRequest, conflict, q, warning } from './refusal.js';
import { findOverlap, reservedRole, subnetGiven, subnetHolding } from './subnet-overlap.js';

/**
 * Subnets and static addresses, checked against every network the engine has and the
 * host namespace's routes in the model. The engine's own answers, measured on 20.10: an
 * overlapping pool is refused without naming the other network; an address outside the
 * subnet, the gateway, the network or broadcast address, or one in use by an endpoint is
 * refused ("Address already in use") only at start, after the container was created.
 */

/** Docker's bridge devices, whose routes are their networks' subnets. */
async function bridgeDevices(facts: Facts): Promise<Set<string>> {
  const devs = new Set<string>(['docker0']);
  for (const n of await facts.networks())
    if (n.driver === 'bridge') devs.add(n.options['com.docker.network.bridge.name'] ?? `br-${n.id.slice(0, 12)}`);
  for (const n of facts.index.networks) if (n.bridgeName) devs.add(n.bridgeName);
  return devs;
}

export async function subnetFree(facts: Facts, subnet: string | undefined): Promise<void> {
  if (subnet === undefined) return;
  const routes = facts.hostRoutes().map((r) => ({ dst: r.dst, devName: r.devName }));
  const hit = findOverlap(subnet, await facts.networks(), routes, await bridgeDevices(facts));
  if (hit?.kind === 'network')
    throw conflict(
      'subnet',
      'overlaps-network',
      `subnet ${q(subnet)} (subnet) overlaps ${hit.subnet} of network ${q(hit.network)}: Docker keeps one address space for all its networks, so choose a subnet outside it`,
      { overlaps: hit },
    );
  if (hit?.kind === 'route')
    throw conflict(
      'subnet',
      'overlaps-route',
      `subnet ${q(subnet)} (subnet) overlaps the host's route to ${hit.dst}${hit.dev ? ` via ${hit.dev}` : ''}: Docker would add a second route for those addresses and traffic would go one way or the other, so choose a subnet outside it`,
      { overlaps: hit },
    );
}

/**
 * A static IPv4 address on a network (network.connect ipv4, container.run ipv4). Runs
 * after the mode rules, so `net` is a user-defined network the container may join.
 */
export async function staticAddressFree(
  facts: Facts,
  net: TargetNetwork,
  ip: string,
  warnings: Warning[],
): Promise<void> {
  if (net.name === 'bridge')
    throw badRequest(
      'ipv4',
      'default-bridge',
      `the default bridge hands out its addresses itself (ipv4 ${q(ip)}): a static address needs a user-defined network created with a subnet`,
    );
  if (!subnetGiven(net.subnets, net.explicitIpam))
    throw badRequest(
      'ipv4',
      'no-user-subnet',
      `network ${q(net.name)}'s subnet ${net.subnets.map((s) => s.subnet).join(', ') || '(none)'} was picked by Docker (one of its default pools, first address as gateway), and Docker takes a static address (ipv4 ${q(ip)}) only on a network created with a subnet: leave ipv4 out or use a network created with --subnet`,
    );
  const subnet = subnetHolding(ip, net.subnets);
  if (subnet === null)
    throw badRequest(
      'ipv4',
      'outside-subnet',
      `ipv4 ${q(ip)} is not inside network ${q(net.name)}'s subnet ${net.subnets.map((s) => s.subnet).join(', ')}: choose an address inside it`,
    );
  const role = reservedRole(ip, subnet);
  if (role)
    throw badRequest(
      'ipv4',
      'ip-reserved',
      `ipv4 ${q(ip)} is the ${role} address of ${subnet}, which no container can have: choose another address`,
    );
  const gateway = net.subnets.find((s) => s.subnet === subnet)?.gateway ?? null;
  if (gateway === ip)
    throw conflict('ipv4', 'ip-in-use', `ipv4 ${q(ip)} is network ${q(net.name)}'s gateway: choose another address`, {
      holder: 'gateway',
    });
  const holder = net.endpoints.find((e) => e.ipv4 === ip);
  if (holder)
    throw conflict(
      'ipv4',
      'ip-in-use',
      `ipv4 ${q(ip)} is already container ${q(holder.name)}'s address on network ${q(net.name)}: choose another address`,
      { holder: holder.name },
    );
  // A stopped container keeps its static address in its configuration and asks for it again at start.
  for (const c of await facts.containers()) {
    if (c.State === 'running' || c.State === 'paused') continue;
    const want = (c.NetworkSettings?.Networks?.[net.name]?.IPAMConfig as { IPv4Address?: string } | null | undefined)
      ?.IPv4Address;
    if (want === ip)
      warnings.push(
        warning(
          'ip-reserved-by-stopped',
          `stopped container ${q((c.Names?.[0] ?? c.Id).replace(/^\//, ''))} is configured with ipv4 ${q(ip)} on network ${q(net.name)} and will fail to start while another container has it`,
        ),
      );
  }
}
