import { containerName, PREDEFINED_NETWORKS, type Facts, type TargetNetwork } from './facts.js';
import { badRequest, conflict, q } from './refusal.js';

/**
 * Names. Docker refuses a network name in use ("network with name X already exists") only
 * when the client asks it to check (the CLI does; the API's CheckDuplicate is optional on
 * 20.10, and without it two networks may share a name), and a container name in use with
 * a 409; Netloom refuses both up front, naming the holder. Names are compared exactly:
 * asking the engine by name would also match an id prefix.
 */

export async function networkNameFree(facts: Facts, name: string): Promise<void> {
  if (PREDEFINED_NETWORKS.includes(name))
    throw badRequest(
      'name',
      'predefined',
      `network name ${q(name)} (name) is one of Docker's own networks (bridge, host, none): choose another name`,
    );
  const holder = (await facts.networks()).find((n) => n.name === name);
  if (holder)
    throw conflict(
      'name',
      'name-taken',
      `network name ${q(name)} (name) is already taken by network ${holder.id.slice(0, 12)}: choose another name or remove that network`,
      { holder: holder.id },
    );
}

export async function containerNameFree(facts: Facts, name: string | undefined): Promise<void> {
  if (name === undefined) return;
  const holder = (await facts.containers()).find((c) => c.Names?.some((n) => n.replace(/^\//, '') === name));
  if (holder)
    throw conflict(
      'name',
      'name-taken',
      `container name ${q(name)} (name) is already taken by container ${holder.Id.slice(0, 12)} (${holder.State}): choose another name or remove that container`,
      { holder: holder.Id },
    );
}

/** The network a remove names: it must exist and be none of Docker's own. */
export async function removableNetwork(facts: Facts, ref: string): Promise<TargetNetwork> {
  const net = await facts.mustNetwork('network', ref);
  if (PREDEFINED_NETWORKS.includes(net.name))
    throw badRequest(
      'network',
      'predefined',
      `network ${q(net.name)} (network) is one of Docker's own networks: the engine needs it and never removes it`,
    );
  return net;
}

/** The names of containers, for a message: "web, api and 3 more". */
export function listNames(names: readonly string[], max = 5): string {
  if (names.length <= 1) return names[0] ?? '';
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

export { containerName };
