import type { TopologyIndex } from '../../core/common/topology-index.js';
import type { ContainerNode, NetworkNode } from '../../core/model/types.js';
import type { TranslationKey } from '../i18n/typed-keys.js';
import type { DialogRequest } from '../store/commands.js';
import { reachRefOf } from '../app/logic/reach-words.js';
import { canJoinNetworks, controlTarget, joinableNetworks } from './targets.js';

/** A direct action: no dialog, it only starts or stops what is there. */
export interface DirectAction {
  method: 'container.start' | 'container.stop' | 'container.restart';
  params: { container: string };
  targets: string[];
}

/** The words of an entry: most are plain, "Disconnect from X…" names its network. */
type MenuLabel =
  | { label: Exclude<TranslationKey, 'control.menu.disconnectFrom'>; values?: undefined }
  | { label: 'control.menu.disconnectFrom'; values: { network: string } };

export type MenuItem = MenuLabel & {
  key: string;
  action:
    | { dialog: DialogRequest }
    | { direct: DirectAction }
    /** Opens the diagnosis panel from this source (a container's name, `host`, a namespace's name). */
    | { reach: { src: string } }
    | { matrix: true };
  /** Removes something: drawn apart and in the error colour. */
  danger?: boolean;
};

const PREDEFINED = new Set(['bridge', 'host', 'none']);

function containerItems(index: TopologyIndex, c: ContainerNode): MenuItem[] {
  const direct = (method: DirectAction['method']): MenuItem['action'] => ({
    direct: { method, params: { container: c.name }, targets: [c.id] },
  });
  const running = c.state === 'running' || c.state === 'restarting';
  const items: MenuItem[] = [];
  if (!running) items.push({ key: 'start', label: 'control.menu.start', action: direct('container.start') });
  if (running) {
    items.push({ key: 'stop', label: 'control.menu.stop', action: direct('container.stop') });
    items.push({ key: 'restart', label: 'control.menu.restart', action: direct('container.restart') });
  }
  if (canJoinNetworks(c) && joinableNetworks(index, c).length > 0)
    items.push({
      key: 'connect',
      label: 'control.menu.connect',
      action: { dialog: { kind: 'connect', container: c.id, network: null } },
    });
  for (const e of index.endpointsOf(c.id)) {
    const net = index.network(e.target);
    if (!net) continue;
    items.push({
      key: `disconnect:${net.id}`,
      label: 'control.menu.disconnectFrom',
      values: { network: net.name },
      action: { dialog: { kind: 'disconnect', container: c.id, network: net.id } },
    });
  }
  if (canJoinNetworks(c))
    items.push({
      key: 'publish',
      label: 'control.menu.publish',
      action: { dialog: { kind: 'publish', container: c.id } },
    });
  items.push({
    key: 'remove',
    label: 'control.menu.removeContainer',
    danger: true,
    action: { dialog: { kind: 'remove-container', container: c.id } },
  });
  return items;
}

function networkItems(n: NetworkNode): MenuItem[] {
  const items: MenuItem[] = [];
  if (n.driver !== 'host' && n.driver !== 'null')
    items.push({
      key: 'run-here',
      label: 'control.menu.runHere',
      action: { dialog: { kind: 'container-run', network: n.id } },
    });
  if (!PREDEFINED.has(n.name))
    items.push({
      key: 'remove',
      label: 'control.menu.removeNetwork',
      danger: true,
      action: { dialog: { kind: 'remove-network', network: n.id } },
    });
  return items;
}

export const canvasItems = (): MenuItem[] => [
  { key: 'new-network', label: 'control.menu.newNetwork', action: { dialog: { kind: 'network-create' } } },
  {
    key: 'new-container',
    label: 'control.menu.newContainer',
    action: { dialog: { kind: 'container-run', network: null } },
  },
  {
    key: 'prune',
    label: 'control.menu.prune',
    danger: true,
    action: { dialog: { kind: 'prune-networks' } },
  },
];

/**
 * The context menu for an element of either view (a model id), or for the empty canvas:
 * the questions first (they change nothing, so they are there in read-only mode too), then,
 * with `control`, what changes the host.
 */
export function menuItemsFor(index: TopologyIndex, id: string | null, control = true): MenuItem[] {
  const src = reachRefOf(index, id);
  const questions: MenuItem[] =
    id === null
      ? [{ key: 'matrix', label: 'reach.matrixMenu', action: { matrix: true } }]
      : src
        ? [{ key: 'reach', label: 'reach.menu', action: { reach: { src } } }]
        : [];
  return [...questions, ...(control ? controlItemsFor(index, id) : [])];
}

function controlItemsFor(index: TopologyIndex, id: string | null): MenuItem[] {
  // The host is where networks and containers are made: its menu is the canvas's.
  const node = id === null ? undefined : index.node(id);
  if (id === null || (node?.kind === 'netns' && node.host)) return canvasItems();
  const target = controlTarget(index, id);
  switch (target.kind) {
    case 'container':
      return containerItems(index, target.container);
    case 'network':
      return networkItems(target.network);
    case 'endpoint':
      // The endpoint's own action first, then the rest of its container's.
      return [
        {
          key: 'disconnect',
          label: 'control.menu.disconnectFrom',
          values: { network: target.network.name },
          action: { dialog: { kind: 'disconnect', container: target.container.id, network: target.network.id } },
        },
        ...containerItems(index, target.container).filter((i) => !i.key.startsWith('disconnect:')),
      ];
    default:
      return [];
  }
}
