import type Docker from 'dockerode';
import { cmd, q } from '../common/shell-quote.js';
import { NETWORK_DRIVERS, type NetworkCreateParams } from '../protocol/commands.js';

/**
 * `network.create`'s params are the one description of a network: the engine's request
 * and the `docker network create` line are both rendered from them, and a network about
 * to be removed is read back into them (the inverse that recreates it).
 */
const ICC = 'com.docker.network.bridge.enable_icc';
const MTU = 'com.docker.network.driver.mtu';

function options(p: NetworkCreateParams): Record<string, string> {
  const o: Record<string, string> = {};
  if (p.icc === false) o[ICC] = 'false';
  if (p.mtu !== undefined) o[MTU] = String(p.mtu);
  if (p.parent !== undefined) o.parent = p.parent;
  return o;
}

export function networkCreateOptions(p: NetworkCreateParams): Docker.NetworkCreateOptions {
  const ipam = p.subnet
    ? {
        Driver: 'default',
        Config: [
          {
            Subnet: p.subnet,
            ...(p.gateway ? { Gateway: p.gateway } : {}),
            ...(p.ipRange ? { IPRange: p.ipRange } : {}),
          },
        ],
      }
    : undefined;
  return {
    Name: p.name,
    Driver: p.driver,
    CheckDuplicate: true,
    ...(p.internal ? { Internal: true } : {}),
    ...(p.attachable ? { Attachable: true } : {}),
    ...(ipam ? { IPAM: ipam } : {}),
    Options: options(p),
    Labels: p.labels ?? {},
  };
}

export function networkCreateLine(p: NetworkCreateParams): string {
  const words: (string | { q: string })[] = ['docker network create', '--driver', q(p.driver)];
  if (p.subnet) words.push('--subnet', q(p.subnet));
  if (p.gateway) words.push('--gateway', q(p.gateway));
  if (p.ipRange) words.push('--ip-range', q(p.ipRange));
  if (p.internal) words.push('--internal');
  if (p.attachable) words.push('--attachable');
  for (const [k, v] of Object.entries(options(p))) words.push('-o', q(`${k}=${v}`));
  for (const [k, v] of Object.entries(p.labels ?? {})) words.push('--label', q(`${k}=${v}`));
  words.push(q(p.name));
  return cmd(...words);
}

/**
 * The params that create this network again, as far as `network.create` can say them:
 * null for what it cannot create (host, none, the default bridge, other drivers).
 */
export function createParamsOf(n: Docker.NetworkInspectInfo): NetworkCreateParams | null {
  const driver = (NETWORK_DRIVERS as readonly string[]).includes(n.Driver)
    ? (n.Driver as NetworkCreateParams['driver'])
    : null;
  if (!driver || n.Name === 'bridge') return null;
  const o = n.Options ?? {};
  const conf = n.IPAM?.Config?.[0] as { Subnet?: string; Gateway?: string; IPRange?: string } | undefined;
  const labels = n.Labels ?? {};
  return {
    name: n.Name,
    driver,
    ...(conf?.Subnet && conf.Subnet.includes('.') ? { subnet: conf.Subnet } : {}),
    ...(conf?.Subnet && conf.Gateway && conf.Gateway.includes('.') ? { gateway: conf.Gateway } : {}),
    ...(conf?.Subnet && conf.IPRange ? { ipRange: conf.IPRange } : {}),
    ...(n.Internal ? { internal: true } : {}),
    ...(driver === 'bridge' && o[ICC] === 'false' ? { icc: false } : {}),
    ...(o[MTU] ? { mtu: Number(o[MTU]) } : {}),
    ...((driver === 'macvlan' || driver === 'ipvlan') && o.parent ? { parent: o.parent } : {}),
    ...(driver === 'overlay' && n.Attachable ? { attachable: true } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
  };
}
