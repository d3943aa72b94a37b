import { compareText } from '../../../core/common/order.js';
import { TopologyIndex } from '../../../core/common/topology-index.js';
import type { ContainerNode, InterfaceNode, Topology } from '../../../core/model/types.js';
import type { TranslationKey } from '../../i18n/typed-keys.js';

/** One row of the keyboard tree that mirrors the graph (host → bridges → containers → interfaces). */
export interface TreeItem {
  /** Unique within the tree: a container on two networks appears under both bridges. */
  key: string;
  /** Model id to select, or null for a grouping row. */
  id: string | null;
  kind: 'host' | 'bridge' | 'group' | 'container' | 'interface';
  /** i18n key and its values, so the tree is built once and worded in any language. */
  text: { key: TranslationKey; values: TreeValues };
  /** The model id of the other end of a veth pair. */
  peer: string | null;
  children: TreeItem[];
}

/**
 * The placeholders the tree's texts use. Named (a loose record would read as an i18next
 * `context` and narrow the keys), and a type alias so it still counts as a dictionary.
 */
export type TreeValues = {
  name?: string;
  network?: string;
  state?: string;
  address?: string;
};

export interface FlatItem {
  item: TreeItem;
  level: number;
  parent: number | null;
}

const byName = <T extends { name: string; id: string }>(a: T, b: T): number =>
  compareText(a.name, b.name) || compareText(a.id, b.id);
/** docker0 first, as the rack puts it, then by name, so rows never swap. */
const bridgeOrder = (a: InterfaceNode, b: InterfaceNode): number =>
  Number(b.name === 'docker0') - Number(a.name === 'docker0') || byName(a, b);

const firstAddress = (i: InterfaceNode): string => i.addresses.find((a) => !a.includes(':')) ?? i.addresses[0] ?? '';

export function buildTree(topology: Topology): TreeItem {
  const index = TopologyIndex.of(topology);
  const containers = [...index.containers].sort(byName);
  const host = index.hostNetns;

  const ifaceItem = (i: InterfaceNode, prefix: string): TreeItem => ({
    key: `${prefix}/${i.id}`,
    id: i.id,
    kind: 'interface',
    text: { key: 'tree.interface', values: { name: i.name, address: firstAddress(i) } },
    peer: index.vethPeer(i.id)?.id ?? null,
    children: [],
  });
  const containerItem = (c: ContainerNode, prefix: string): TreeItem => {
    const key = `${prefix}/${c.id}`;
    const own = c.netns ? index.interfacesIn(c.netns) : [];
    return {
      key,
      id: c.id,
      kind: 'container',
      text: { key: 'tree.container', values: { name: c.name, state: c.state } },
      peer: null,
      children: own.map((i) => ifaceItem(i, key)),
    };
  };

  // A container hangs under a bridge when one of its veths is plugged in, or (stopped) its endpoint says so.
  const bridgesOf = (c: ContainerNode): Set<string> => {
    const out = new Set<string>();
    if (c.netns)
      for (const i of index.interfacesIn(c.netns)) {
        const master = index.vethPeer(i.id)?.master;
        if (master) out.add(master);
      }
    for (const e of index.endpointsOf(c.id)) {
      const bridge = index.network(e.target)?.bridge;
      if (bridge) out.add(bridge);
    }
    return out;
  };
  const placement = new Map(containers.map((c) => [c.id, bridgesOf(c)]));

  const hostIfs = host ? index.interfacesIn(host.id) : [];
  const bridges = hostIfs.filter((i) => i.type === 'bridge').sort(bridgeOrder);
  const bridgeIds = new Set(bridges.map((b) => b.id));
  const bridgeItems = bridges.map((b): TreeItem => {
    const key = `host/${b.id}`;
    const network = index.networkOfBridge(b.id);
    return {
      key,
      id: b.id,
      kind: 'bridge',
      text: network
        ? { key: 'tree.bridgeOf', values: { name: b.name, network: network.name } }
        : { key: 'tree.bridge', values: { name: b.name } },
      peer: null,
      children: containers.filter((c) => placement.get(c.id)?.has(b.id)).map((c) => containerItem(c, key)),
    };
  });
  const unplaced = containers.filter((c) => ![...(placement.get(c.id) ?? [])].some((b) => bridgeIds.has(b)));
  const others = hostIfs.filter((i) => i.type !== 'bridge' && i.type !== 'veth');
  const groups: TreeItem[] = [];
  if (others.length > 0) {
    groups.push({
      key: 'host/interfaces',
      id: null,
      kind: 'group',
      text: { key: 'tree.hostInterfaces', values: {} },
      peer: null,
      children: others.map((i) => ifaceItem(i, 'host/interfaces')),
    });
  }
  if (unplaced.length > 0) {
    groups.push({
      key: 'host/others',
      id: null,
      kind: 'group',
      text: { key: 'tree.otherContainers', values: {} },
      peer: null,
      children: unplaced.map((c) => containerItem(c, 'host/others')),
    });
  }
  return {
    key: 'host',
    id: host?.id ?? null,
    kind: 'host',
    text: { key: 'tree.host', values: { name: topology.host.hostname } },
    peer: null,
    children: [...bridgeItems, ...groups],
  };
}

/** Depth-first rows, as they appear on the page (everything stays expanded). */
export function flatten(root: TreeItem): FlatItem[] {
  const out: FlatItem[] = [];
  const walk = (item: TreeItem, level: number, parent: number | null): void => {
    const index = out.push({ item, level, parent }) - 1;
    for (const child of item.children) walk(child, level + 1, index);
  };
  walk(root, 1, null);
  return out;
}

/** The row a navigation key leads to from `index`, or null when the key is not a move. */
export function moveFocus(flat: FlatItem[], index: number, key: string): number | null {
  const last = flat.length - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(index + 1, last);
    case 'ArrowUp':
      return Math.max(index - 1, 0);
    case 'ArrowRight':
      return flat[index]?.item.children.length ? index + 1 : index;
    case 'ArrowLeft':
      return flat[index]?.parent ?? index;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/**
 * Where `P` goes: the row of the veth peer, or (for a container's eth0, whose peer is a
 * host-side veth not listed in the tree) the bridge that peer is plugged into.
 */
export function peerRow(flat: FlatItem[], index: number, topology: Topology): number | null {
  const peer = flat[index]?.item.peer;
  if (!peer) return null;
  const direct = flat.findIndex((f) => f.item.id === peer);
  if (direct >= 0) return direct;
  const master = TopologyIndex.of(topology).iface(peer)?.master ?? null;
  const bridge = master ? flat.findIndex((f) => f.item.id === master) : -1;
  return bridge >= 0 ? bridge : null;
}
