import { networkColour } from '../../assets/palette.js';
import { addressOf } from '../../core/common/ipv4.js';
import type { TopologyIndex } from '../../core/common/topology-index.js';
import { sharedNetnsOwner } from '../../core/common/network-mode.js';
import type { ContainerNode, InterfaceNode } from '../../core/model/types.js';

/** Light and dark colour of a network (null when the id is not a known network). */
export function coloursOf(
  index: TopologyIndex,
  networkId: string | null | undefined,
): { color: string | null; colorDark: string | null } {
  const i = index.networkRank(networkId);
  if (i === undefined) return { color: null, colorDark: null };
  return { color: networkColour('light', i), colorDark: networkColour('dark', i) };
}

/** The colour a container wears: its first network's, in colour order. */
export const containerColours = (index: TopologyIndex, containerId: string) =>
  coloursOf(index, index.endpointsOf(containerId)[0]?.target);

/** The address without its prefix length, as people read it. */
export function bareAddress(cidr: string | null): string {
  return cidr === null ? '' : addressOf(cidr);
}

/** The first IPv4 address of an interface, else the first non-link-local one. */
export function mainAddress(iface: InterfaceNode): string {
  const v4 = iface.addresses.find((a) => !a.includes(':'));
  const other = iface.addresses.find((a) => !a.toLowerCase().startsWith('fe80:'));
  return bareAddress(v4 ?? other ?? null);
}

export function linkState(iface: InterfaceNode): 'up' | 'down' {
  return iface.up && iface.operstate !== 'DOWN' && iface.operstate !== 'LOWERLAYERDOWN' ? 'up' : 'down';
}

/** The classes a container wears in either view: its state, stopped, and its network mode. */
export function containerClasses(c: ContainerNode): string[] {
  const cls = [`state-${c.state}`];
  if (c.state !== 'running') cls.push('stopped');
  if (c.networkMode === 'host') cls.push('mode-host');
  if (c.networkMode === 'none') cls.push('mode-none');
  if (sharedNetnsOwner(c.networkMode) !== null) cls.push('mode-container');
  return cls;
}
