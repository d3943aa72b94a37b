import type { TFunction } from 'i18next';
import type { InterfaceNode, NetnsNode, Route } from '../../core/model/types.js';
import { interfaceCommands, netnsCommands } from './commands.js';
import { netnsOf, ownerOf, type Context } from './context.js';
import { join, kindName, list, listOrNone, orNone, sentences, yesNo, type Explanation, type Fact } from './format.js';

/** Namespaces and interfaces: what the kernel holds. */

/** Written as `ip route` prints it, so it matches what the reader sees in a terminal. */
function routeText(r: Route): string {
  return join(r.dst, r.gateway && `via ${r.gateway}`, r.devName && `dev ${r.devName}`, r.prefsrc && `src ${r.prefsrc}`);
}

function netnsSummary(ns: NetnsNode, users: string[], t: TFunction): string {
  if (ns.host) return t('explain.netns.host');
  if (ns.name) return t('explain.netns.named', { name: ns.name });
  if (users.length > 1) return t('explain.netns.shared', { users: list(t, users) });
  if (users.length === 1) return t('explain.netns.container', { users: users[0] });
  return t('explain.netns.orphan');
}

export function netnsExplanation(ns: NetnsNode, ctx: Context, t: TFunction): Explanation {
  const users = ctx.usersOf(ns.id).map((c) => c.name);
  const facts: Fact[] = [
    [t('explain.facts.kind'), kindName(t, 'netns')],
    [t('explain.facts.inode'), String(ns.inode)],
    [t('explain.facts.hostNetns'), yesNo(t, ns.host)],
    [t('explain.facts.netnsName'), orNone(t, ns.name)],
    [t('explain.facts.usedBy'), listOrNone(t, users)],
    [t('explain.facts.routes'), ns.routes.length ? ns.routes.map(routeText).join('; ') : t('explain.none')],
  ];
  // Every namespace has its own; a plain one between two others routes only with it on.
  const ipf = ns.host ? ctx.topology.host.ipForward : (ns.ipForward ?? null);
  if (ns.host || !ctx.usersOf(ns.id).length)
    facts.push([t('explain.facts.ipForward'), ipf === null ? t('explain.none') : yesNo(t, ipf)]);
  facts.push([t('explain.facts.id'), ns.id]);
  const title = ns.host
    ? t('explain.titles.hostNetns', { hostname: ctx.topology.host.hostname })
    : t('explain.titles.netns', { label: ns.label });
  return { title, summary: netnsSummary(ns, users, t), facts, commands: netnsCommands(ctx, ns) };
}

/** The sentences saying what kind of interface this is; optional parts are sentences or variants of their own. */
function interfaceKind(iface: InterfaceNode, ctx: Context, t: TFunction): (string | false)[] {
  const ns = netnsOf(ctx, iface);
  const master = ctx.node(iface.master);
  const peer = ctx.vethPeer(iface.id);
  switch (iface.type) {
    case 'bridge': {
      const network = ctx.networkOfBridge(iface.id)?.name;
      const count = ctx.portsOfBridge(iface.id).length;
      const gateway = iface.addresses.find((a) => !a.includes(':'));
      return [
        network ? t('explain.iface.bridgeOfNetwork', { count, network }) : t('explain.iface.bridge', { count }),
        !!gateway && t('explain.iface.bridgeGateway', { gateway }),
      ];
    }
    case 'veth': {
      if (!peer) return [t('explain.iface.vethOther')];
      const peerNs = netnsOf(ctx, peer);
      if (ns?.host) {
        const container = ownerOf(ctx, peer.parent)?.name;
        return [
          container
            ? t('explain.iface.vethHostInContainer', { peer: peer.name, container })
            : t('explain.iface.vethHost', { peer: peer.name }),
          !!master?.label && t('explain.iface.vethHostOnBridge', { bridge: master.label }),
        ];
      }
      if (peerNs?.host) {
        const bridge = ctx.node(peer.master)?.label;
        return [
          bridge
            ? t('explain.iface.vethContainerOnBridge', { peer: peer.name, bridge })
            : t('explain.iface.vethContainer', { peer: peer.name }),
        ];
      }
      return [t('explain.iface.vethOtherWithPeer', { peer: peer.name })];
    }
    case 'loopback':
      return [t('explain.iface.loopback')];
    case 'macvlan':
    case 'ipvlan': {
      const lower = ctx.from(iface.id, 'lower')[0];
      if (!lower)
        return [t(iface.type === 'macvlan' ? 'explain.iface.macvlanNoParent' : 'explain.iface.ipvlanNoParent')];
      const parent = ctx.labelOf(lower.target);
      return [t(iface.type === 'macvlan' ? 'explain.iface.macvlan' : 'explain.iface.ipvlan', { parent })];
    }
  }
  if (iface.type === 'device' && ns?.host) return [t('explain.iface.nic')];
  return [t('explain.iface.other', { type: iface.type })];
}

function interfaceSummary(iface: InterfaceNode, ctx: Context, t: TFunction): string {
  const down = !iface.up || iface.operstate === 'DOWN' || iface.operstate === 'LOWERLAYERDOWN';
  return sentences(
    t,
    ...interfaceKind(iface, ctx, t),
    down && t('explain.iface.isDown', { operstate: iface.operstate }),
  );
}

export function interfaceExplanation(iface: InterfaceNode, ctx: Context, t: TFunction): Explanation {
  const ns = netnsOf(ctx, iface);
  const where = ns?.host
    ? ctx.topology.host.hostname
    : (ownerOf(ctx, iface.parent)?.name ?? ns?.label ?? t('explain.none'));
  const peer = ctx.vethPeer(iface.id);
  const facts: Fact[] = [
    [t('explain.facts.kind'), kindName(t, 'interface')],
    [t('explain.facts.name'), iface.name],
    [t('explain.facts.type'), iface.type],
    [t('explain.facts.netns'), ns ? ns.label : iface.parent],
    [t('explain.facts.addresses'), listOrNone(t, iface.addresses)],
    [t('explain.facts.mac'), orNone(t, iface.mac)],
    [t('explain.facts.mtu'), String(iface.mtu)],
    [t('explain.facts.admin'), iface.up ? t('explain.up') : t('explain.down')],
    [t('explain.facts.operstate'), iface.operstate],
    [t('explain.facts.master'), orNone(t, iface.master && ctx.labelOf(iface.master))],
  ];
  if (peer) {
    facts.push([t('explain.facts.vethPeer'), `${peer.name} (${netnsOf(ctx, peer)?.label ?? peer.parent})`]);
  }
  facts.push([t('explain.facts.ifindex'), String(iface.ifindex)], [t('explain.facts.id'), iface.id]);
  return {
    title: t('explain.titles.iface', { name: iface.name, where }),
    summary: interfaceSummary(iface, ctx, t),
    facts,
    commands: interfaceCommands(ctx, iface),
  };
}
