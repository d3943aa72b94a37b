import type { ContainerNode, InterfaceNode, NetnsNode, PortNode, TopologyEdge } from '../../core/model/types.js';
import { derivedId, OUTSIDE_ID, type GraphElement, type GraphNode, type InterfaceRole } from './element-data.js';
import { coloursOf, linkState, mainAddress } from './element-helpers.js';
import { containerNode, finishNode, graphEdge, type Unit, type UnitContext } from './unit-context.js';

/**
 * The kernel view, one model element at a time: what `ip` and `iptables` tell. Namespaces
 * are boxes holding their interfaces; containers are badges in the namespace they use (so
 * `container:X` and host-mode containers share a box instead of drawing a cable).
 */

/** Sub-interfaces hang off a lower link instead of a bridge (macvlan, ipvlan, vlan, vxlan). */
const SUB_TYPES = new Set(['macvlan', 'ipvlan', 'vlan', 'vxlan', 'macvtap', 'ipvtap']);
const RULE_EDGES = new Set<TopologyEdge['kind']>(['masquerade', 'dnat', 'filters']);

/** A host NIC: a physical-ish link of the host, or whatever carries its default route. */
export function isNic(ctx: UnitContext, iface: InterfaceNode): boolean {
  const host = ctx.index.hostNetns;
  if (!host || iface.parent !== host.id) return false;
  return iface.type === 'device' || host.routes.some((r) => r.dst === 'default' && r.dev === iface.id);
}

function roleOf(ctx: UnitContext, iface: InterfaceNode): InterfaceRole {
  if (isNic(ctx, iface)) return 'nic';
  if (iface.type === 'loopback') return 'lo';
  if (iface.type === 'bridge') return 'bridge';
  if (iface.type === 'veth') return 'veth';
  if (SUB_TYPES.has(iface.type)) return 'sub';
  return 'other';
}

/** lo says nothing unless it is all there is (a `none` container must show it has only lo). */
function interfaceDrawn(ctx: UnitContext, iface: InterfaceNode): boolean {
  if (!ctx.shown(iface.id)) return false;
  if (iface.type !== 'loopback') return true;
  return ctx.index.interfacesIn(iface.parent).filter((i) => ctx.shown(i.id)).length <= 1;
}

/** The host's box, when drawn: ports and rules live in it. */
const hostParent = (ctx: UnitContext): { parent?: string } => {
  const host = ctx.index.hostNetns;
  return host && ctx.shown(host.id) ? { parent: host.id } : {};
};

function netnsUnit(ctx: UnitContext, ns: NetnsNode): Unit {
  if (!ctx.shown(ns.id)) return [];
  const users = ctx.index.usersOf(ns.id);
  const firstNet = users.map((c) => ctx.index.endpointsOf(c.id)[0]?.target).find((t) => t !== undefined);
  // A container's box is named by the badges inside it; only a box of no container's says its own name.
  const label = ns.host ? ctx.topology.host.hostname : users.length > 0 ? '' : ns.label;
  const cls = [ns.host ? 'host' : 'netns'];
  if (!ns.host && users.length === 0) cls.push('foreign');
  if (users.length > 1) cls.push('shared');
  return [
    finishNode(
      {
        group: 'nodes',
        data: {
          id: ns.id,
          kind: ns.host ? 'host' : 'netns',
          label,
          modelId: ns.id,
          state: 'ok',
          ...(ns.host ? { color: null, colorDark: null } : coloursOf(ctx.index, firstNet)),
          detail: ns.host ? ctx.topology.host.kernel : ns.name !== null ? `ip netns ${ns.name}` : `netns ${ns.inode}`,
          partition: ns.host ? 1 : 2,
          role: null,
        },
        classes: cls.join(' '),
      },
      ctx,
    ),
  ];
}

function interfaceUnit(ctx: UnitContext, i: InterfaceNode): Unit {
  if (!interfaceDrawn(ctx, i)) return [];
  const role = roleOf(ctx, i);
  const net = ctx.index.networkOfBridge(i.id);
  const inHost = i.parent === ctx.index.hostNetns?.id;
  const address = mainAddress(i);
  // The bus bar carries its network's name; a container's interface its address, where the cable ends.
  const label =
    role === 'bridge' && net
      ? `${i.name}\n(${net.name})`
      : (!inHost || role === 'nic') && address !== ''
        ? `${i.name}\n${address}`
        : i.name;
  const cls = [`role-${role}`, linkState(i)];
  if (net && !net.icc) cls.push('no-icc');
  // Host-side veth ends crowd under their bar; the link a macvlan hangs off names itself.
  if (inHost && role === 'veth') cls.push('host-end');
  if (ctx.index.to(i.id, 'lower').length > 0) cls.push('lower-parent');
  return [
    finishNode(
      {
        group: 'nodes',
        data: {
          id: i.id,
          kind: 'interface',
          label,
          modelId: i.id,
          state: linkState(i),
          ...coloursOf(ctx.index, net?.id),
          detail: i.addresses.join(' '),
          partition: role === 'nic' ? 0 : role === 'bridge' ? 1 : 2,
          role,
          ...(ctx.shown(i.parent) ? { parent: i.parent } : {}),
        },
        classes: cls.join(' '),
      },
      ctx,
    ),
  ];
}

function badgeUnit(ctx: UnitContext, c: ContainerNode): Unit {
  if (c.netns === null || !ctx.index.netnsNode(c.netns) || !ctx.shown(c.netns) || !ctx.shown(c.id)) return [];
  return [containerNode(ctx, c, 'badge', c.netns)];
}

/** A published port, the same node in both views; `detail` says what serves it. */
export function portElement(
  ctx: UnitContext,
  n: PortNode,
  detail: string,
  partition: number,
  parent?: string,
): GraphNode {
  return finishNode(
    {
      group: 'nodes',
      data: {
        id: n.id,
        kind: 'port',
        label: n.label,
        modelId: n.id,
        state: 'ok',
        color: null,
        colorDark: null,
        detail,
        partition,
        role: null,
        ...(parent ? { parent } : {}),
      },
      classes: `port proto-${n.proto}`,
    },
    ctx,
  );
}

export function kernelNodeUnit(ctx: UnitContext, id: string): Unit {
  const n = ctx.index.node(id);
  if (!n) return [];
  switch (n.kind) {
    case 'netns':
      return netnsUnit(ctx, n);
    case 'interface':
      return interfaceUnit(ctx, n);
    case 'container':
      return badgeUnit(ctx, n);
    case 'port':
      // A port without a DNAT rule is docker-proxy's, which the kernel view cannot see.
      if (!ctx.shown(id) || ctx.index.from(id, 'publishes').length === 0) return [];
      return [portElement(ctx, n, n.rule ?? '', 0, hostParent(ctx).parent)];
    case 'nat-rule':
    case 'filter-rule': {
      if (!ctx.shown(id) || !ctx.index.edgesAt(id).some((e) => RULE_EDGES.has(e.kind))) return [];
      const letter = n.target === 'MASQUERADE' ? 'M' : n.target === 'DNAT' ? 'D' : n.kind === 'filter-rule' ? 'F' : 'N';
      return [
        finishNode(
          {
            group: 'nodes',
            data: {
              id,
              kind: n.kind,
              label: letter,
              modelId: id,
              state: 'ok',
              color: null,
              colorDark: null,
              detail: `${n.chain} #${n.index}: ${n.text}`,
              partition: 0,
              role: null,
              ...hostParent(ctx),
            },
            classes: `rule target-${n.target.toLowerCase()}`,
          },
          ctx,
        ),
      ];
    }
    case 'network':
      return [];
  }
}

export function kernelEdgeUnit(ctx: UnitContext, id: string): Unit {
  const e = ctx.index.edge(id);
  if (!e || !ctx.placed(e.source) || !ctx.placed(e.target)) return [];
  const bridgeColours = () => coloursOf(ctx.index, ctx.index.networkOfBridge(e.target)?.id);
  switch (e.kind) {
    case 'veth': {
      const a = ctx.index.iface(e.source);
      const b = ctx.index.iface(e.target);
      const up = a && b && linkState(a) === 'up' && linkState(b) === 'up';
      return [
        graphEdge(
          id,
          'veth',
          e.source,
          e.target,
          up ? 'up' : 'down',
          {},
          // The interface's own label names it and its address at the cable's end.
          '',
          '',
        ),
      ];
    }
    case 'bridge-port':
      return [graphEdge(id, 'bridge-port', e.source, e.target, 'up', bridgeColours(), '', '')];
    case 'lower':
    case 'publishes':
    case 'dnat':
    case 'filters':
      // No end labels: the veth cable already names the interface and its address there.
      return [graphEdge(id, e.kind, e.source, e.target, 'up', {}, '', '')];
    case 'masquerade':
      return [graphEdge(id, 'masquerade', e.source, e.target, 'up', bridgeColours(), '', '')];
    case 'endpoint':
    case 'uses-netns':
      return [];
  }
}

/** The world beyond the host NICs, with a dotted uplink to each drawn NIC. */
export function outsideUnit(ctx: UnitContext): Unit {
  const host = ctx.index.hostNetns;
  if (!host) return [];
  const nics = ctx.index.interfacesIn(host.id).filter((i) => isNic(ctx, i) && ctx.placed(i.id));
  if (nics.length === 0) return [];
  const out: GraphElement[] = [
    {
      group: 'nodes',
      data: {
        id: OUTSIDE_ID,
        kind: 'outside',
        // The stylesheet says it in the UI's language.
        label: 'outside',
        modelId: OUTSIDE_ID,
        state: 'ok',
        color: null,
        colorDark: null,
        detail: '',
        partition: 0,
        role: null,
      },
      classes: 'outside',
    },
  ];
  for (const nic of [...nics].sort((a, b) => (a.id < b.id ? -1 : 1)))
    out.push(graphEdge(derivedId.uplink(nic.id), 'uplink', OUTSIDE_ID, nic.id, linkState(nic), {}, '', ''));
  return out;
}
