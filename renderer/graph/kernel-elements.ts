import type {
  ContainerNode,
  InterfaceNode,
  NetnsNode,
  PortNode,
  Topology,
  TopologyEdge,
} from '../../core/model/types.js';
import {
  OUTSIDE_ID,
  type GraphEdge,
  type GraphEdgeKind,
  type GraphElement,
  type InterfaceRole,
} from './element-data.js';
import { coloursOf, linkState, mainAddress, type ModelIndex } from './model-index.js';

/** Sub-interfaces hang off a lower link instead of a bridge (macvlan, ipvlan, vlan, vxlan). */
const SUB_TYPES = new Set(['macvlan', 'ipvlan', 'vlan', 'vxlan', 'macvtap', 'ipvtap']);

function roleOf(iface: InterfaceNode, hostNs: boolean): InterfaceRole {
  if (iface.type === 'loopback') return 'lo';
  if (iface.type === 'bridge') return 'bridge';
  if (iface.type === 'veth') return 'veth';
  if (SUB_TYPES.has(iface.type)) return 'sub';
  return hostNs && iface.type === 'device' ? 'nic' : 'other';
}

function containerClasses(c: ContainerNode): string[] {
  const cls = [`state-${c.state}`];
  if (c.state !== 'running') cls.push('stopped');
  if (c.networkMode === 'host') cls.push('mode-host');
  if (c.networkMode === 'none') cls.push('mode-none');
  if (c.networkMode.startsWith('container:')) cls.push('mode-container');
  return cls;
}

/** Host NICs: physical-ish links plus whatever carries a default route. */
function hostNics(ns: NetnsNode, ifaces: InterfaceNode[]): Set<string> {
  const nics = new Set(ifaces.filter((i) => i.type === 'device').map((i) => i.id));
  for (const r of ns.routes) if (r.dst === 'default' && r.dev !== null) nics.add(r.dev);
  return nics;
}

/**
 * The kernel view: what `ip` and `iptables` tell. Namespaces are boxes holding their
 * interfaces; containers are badges in the namespace they use (so `container:X` and
 * host-mode containers share a box instead of drawing a cable).
 */
export function kernelElements(topology: Topology, index: ModelIndex, visible: Set<string>): GraphElement[] {
  const out: GraphElement[] = [];
  const netnsNodes = topology.nodes.filter((n): n is NetnsNode => n.kind === 'netns');
  const hostNs = netnsNodes.find((n) => n.host);
  const placed = new Set<string>();
  const parentIf = (id: string | undefined): string | undefined =>
    id !== undefined && visible.has(id) ? id : undefined;

  for (const ns of netnsNodes) {
    if (!visible.has(ns.id)) continue;
    const users = index.usersOf.get(ns.id) ?? [];
    const firstNet = users.flatMap((c) => index.endpointsOf.get(c.id) ?? [])[0]?.target;
    const label = ns.host ? topology.host.hostname : users.length > 0 ? users.map((c) => c.name).join(' + ') : ns.label;
    const cls = [ns.host ? 'host' : 'netns'];
    if (!ns.host && users.length === 0) cls.push('foreign');
    if (users.length > 1) cls.push('shared');
    out.push({
      group: 'nodes',
      data: {
        id: ns.id,
        kind: ns.host ? 'host' : 'netns',
        label,
        modelId: ns.id,
        state: 'ok',
        ...(ns.host ? { color: null, colorDark: null } : coloursOf(index, firstNet)),
        detail: ns.host ? topology.host.kernel : ns.name !== null ? `ip netns ${ns.name}` : `netns ${ns.inode}`,
        partition: ns.host ? 1 : 2,
        role: null,
      },
      classes: cls.join(' '),
    });
    placed.add(ns.id);
  }

  const nics = hostNs ? hostNics(hostNs, index.interfacesOf.get(hostNs.id) ?? []) : new Set<string>();
  for (const [nsId, ifaces] of index.interfacesOf) {
    const shown = ifaces.filter((i) => visible.has(i.id));
    // lo says nothing unless it is all there is (a `none` container must show it has only lo).
    const drawn = shown.length > 1 ? shown.filter((i) => i.type !== 'loopback') : shown;
    const isHost = nsId === hostNs?.id;
    for (const i of drawn) {
      const role = nics.has(i.id) ? 'nic' : roleOf(i, isHost);
      const net = index.networkOfBridge.get(i.id);
      const label = role === 'bridge' && net ? `${i.name} (${net.name})` : i.name;
      const partition = role === 'nic' ? 0 : role === 'bridge' ? 1 : 2;
      const cls = [`role-${role}`, linkState(i)];
      if (net && !net.icc) cls.push('no-icc');
      const parent = parentIf(nsId);
      out.push({
        group: 'nodes',
        data: {
          id: i.id,
          kind: 'interface',
          label,
          modelId: i.id,
          state: linkState(i),
          ...coloursOf(index, net?.id),
          detail: i.addresses.join(' '),
          partition,
          role,
          ...(parent ? { parent } : {}),
        },
        classes: cls.join(' '),
      });
      placed.add(i.id);
    }
  }

  for (const [nsId, users] of index.usersOf) {
    if (!placed.has(nsId)) continue;
    for (const c of users) {
      if (!visible.has(c.id)) continue;
      out.push({
        group: 'nodes',
        data: {
          id: c.id,
          kind: 'container',
          label: c.name,
          modelId: c.id,
          state: c.state,
          ...coloursOf(index, index.endpointsOf.get(c.id)?.[0]?.target),
          detail: `${c.image} · ${c.shortId}`,
          partition: 2,
          role: null,
          parent: nsId,
        },
        classes: ['badge', ...containerClasses(c)].join(' '),
      });
      placed.add(c.id);
    }
  }

  const linked = (kinds: TopologyEdge['kind'][]): Set<string> =>
    new Set(topology.edges.filter((e) => kinds.includes(e.kind)).flatMap((e) => [e.source, e.target]));
  const publishedPorts = linked(['publishes']);
  const linkedRules = linked(['masquerade', 'dnat', 'filters']);
  const hostParent = parentIf(hostNs?.id);
  for (const n of topology.nodes) {
    if (!visible.has(n.id)) continue;
    // A port without a DNAT rule is docker-proxy's, which the kernel view cannot see.
    if (n.kind === 'port' && publishedPorts.has(n.id)) {
      out.push(portElement(n, n.rule ?? '', 0, hostParent));
      placed.add(n.id);
    }
    if ((n.kind === 'nat-rule' || n.kind === 'filter-rule') && linkedRules.has(n.id)) {
      const letter = n.target === 'MASQUERADE' ? 'M' : n.target === 'DNAT' ? 'D' : n.kind === 'filter-rule' ? 'F' : 'N';
      out.push({
        group: 'nodes',
        data: {
          id: n.id,
          kind: n.kind,
          label: letter,
          modelId: n.id,
          state: 'ok',
          color: null,
          colorDark: null,
          detail: `${n.chain} #${n.index}: ${n.text}`,
          partition: 0,
          role: null,
          ...(hostParent ? { parent: hostParent } : {}),
        },
        classes: `rule target-${n.target.toLowerCase()}`,
      });
      placed.add(n.id);
    }
  }

  out.push(...kernelEdges(topology, index, placed));
  if (nics.size > 0 && [...nics].some((id) => placed.has(id))) {
    out.push({
      group: 'nodes',
      data: {
        id: OUTSIDE_ID,
        kind: 'outside',
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
    });
    for (const nic of [...nics].sort()) {
      if (!placed.has(nic)) continue;
      const iface = index.byId.get(nic) as InterfaceNode;
      out.push(edge(`uplink:${nic}`, 'uplink', OUTSIDE_ID, nic, linkState(iface), {}, '', mainAddress(iface)));
    }
  }
  return out;
}

function edge(
  id: string,
  kind: GraphEdgeKind,
  source: string,
  target: string,
  state: string,
  colours: { color?: string | null; colorDark?: string | null },
  sourceLabel: string,
  targetLabel: string,
  modelId = id,
): GraphEdge {
  return {
    group: 'edges',
    data: {
      id,
      kind,
      source,
      target,
      label: '',
      modelId,
      state,
      color: colours.color ?? null,
      colorDark: colours.colorDark ?? null,
      sourceLabel,
      targetLabel,
    },
    classes: `${kind} ${state}`,
  };
}

/** A published port, the same node in both views; `detail` says what serves it. */
export function portElement(n: PortNode, detail: string, partition: number, parent?: string): GraphElement {
  return {
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
  };
}

export { edge as graphEdge };

function kernelEdges(topology: Topology, index: ModelIndex, placed: Set<string>): GraphEdge[] {
  const out: GraphEdge[] = [];
  const iface = (id: string): InterfaceNode | undefined => {
    const n = index.byId.get(id);
    return n?.kind === 'interface' ? n : undefined;
  };
  const endLabel = (id: string): string => {
    const i = iface(id);
    if (!i) return '';
    const ip = mainAddress(i);
    return ip && i.type !== 'bridge' ? `${i.name} ${ip}` : i.name;
  };
  for (const e of topology.edges) {
    if (!placed.has(e.source) || !placed.has(e.target)) continue;
    switch (e.kind) {
      case 'veth': {
        const a = iface(e.source);
        const b = iface(e.target);
        const up = a && b && linkState(a) === 'up' && linkState(b) === 'up';
        out.push(
          edge(e.id, 'veth', e.source, e.target, up ? 'up' : 'down', {}, endLabel(e.source), endLabel(e.target)),
        );
        break;
      }
      case 'bridge-port':
        out.push(
          edge(
            e.id,
            'bridge-port',
            e.source,
            e.target,
            'up',
            coloursOf(index, index.networkOfBridge.get(e.target)?.id),
            '',
            '',
          ),
        );
        break;
      case 'lower':
      case 'publishes':
      case 'dnat':
      case 'filters':
        out.push(
          // No end labels: the veth cable already names the interface and its address there.
          edge(e.id, e.kind, e.source, e.target, 'up', {}, '', ''),
        );
        break;
      case 'masquerade':
        out.push(
          edge(
            e.id,
            'masquerade',
            e.source,
            e.target,
            'up',
            coloursOf(index, index.networkOfBridge.get(e.target)?.id),
            '',
            e.subnet,
          ),
        );
        break;
      default:
        break;
    }
  }
  return out;
}
