import { sharedNetnsOwner, shortOwner } from '../../core/common/network-mode.js';
import { TopologyIndex } from '../../core/common/topology-index.js';
import type { ContainerNode, InterfaceNode, NetnsNode, Topology } from '../../core/model/types.js';

/** The lookups an explanation reads: the one topology index every part of Netloom shares. */
export type Context = TopologyIndex;

export const buildContext = (topology: Topology): Context => TopologyIndex.of(topology);

/** How a person reaches a namespace from a host shell: by its name, a process in it, or not at all. */
export type NetnsAccess =
  | { kind: 'host' }
  | { kind: 'named'; name: string }
  | { kind: 'pid'; pid: number; container: string }
  | { kind: 'none' };

export function netnsAccess(ctx: Context, netnsId: string | null | undefined): NetnsAccess {
  const ns = ctx.netnsNode(netnsId);
  if (!ns) return { kind: 'none' };
  if (ns.host) return { kind: 'host' };
  if (ns.name) return { kind: 'named', name: ns.name };
  const running = ctx.containersIn(ns.id).find((c) => c.pid > 0);
  return running ? { kind: 'pid', pid: running.pid, container: running.name } : { kind: 'none' };
}

export function netnsOf(ctx: Context, iface: InterfaceNode): NetnsNode | undefined {
  return ctx.netnsNode(iface.parent);
}

/** The container that owns a namespace, for wording ("inside web"). */
export function ownerOf(ctx: Context, netnsId: string | null | undefined): ContainerNode | undefined {
  return netnsId ? ctx.usersOf(netnsId)[0] : undefined;
}

/** `container:<64 hex>` names the other container by id; show its name when we know it. */
export function sharedWithName(ctx: Context, c: ContainerNode): string | null {
  const owner = sharedNetnsOwner(c.networkMode);
  if (owner === null) return null;
  return ctx.container(owner)?.name ?? shortOwner(owner);
}
