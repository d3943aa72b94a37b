import { compareText } from '../../core/common/order.js';
import type { EffectItem } from '../../core/protocol/commands.js';
import type { TranslationKey } from '../i18n/typed-keys.js';

/** One line of the effect card: all items of one kind with one change. */
export interface EffectGroup {
  change: EffectItem['change'];
  kind: string;
  items: EffectItem[];
}

/** The kernel first (what the app teaches), then Docker's view of it. */
const KIND_ORDER = [
  'veth',
  'interface',
  'bridge-port',
  'netns',
  'address',
  'route',
  'nat-rule',
  'filter-rule',
  'port',
  'endpoint',
  'dns-name',
  'container',
  'network',
];
const CHANGE_ORDER: EffectItem['change'][] = ['added', 'changed', 'removed'];

const rank = (kind: string): number => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

export function groupEffect(items: readonly EffectItem[]): EffectGroup[] {
  const groups = new Map<string, EffectGroup>();
  for (const item of items) {
    const key = `${item.change}\n${item.kind}`;
    const g = groups.get(key) ?? { change: item.change, kind: item.kind, items: [] };
    g.items.push(item);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, items: [...g.items].sort((a, b) => compareText(a.label, b.label)) }))
    .sort(
      (a, b) =>
        CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) ||
        rank(a.kind) - rank(b.kind) ||
        compareText(a.kind, b.kind),
    );
}

const KNOWN: Record<string, TranslationKey> = {
  veth: 'control.effect.kinds.veth',
  interface: 'control.effect.kinds.interface',
  'bridge-port': 'control.effect.kinds.bridgePort',
  netns: 'control.effect.kinds.netns',
  address: 'control.effect.kinds.address',
  route: 'control.effect.kinds.route',
  'nat-rule': 'control.effect.kinds.natRule',
  'filter-rule': 'control.effect.kinds.filterRule',
  port: 'control.effect.kinds.port',
  endpoint: 'control.effect.kinds.endpoint',
  'dns-name': 'control.effect.kinds.dnsName',
  container: 'control.effect.kinds.container',
  network: 'control.effect.kinds.network',
};

/** The translation key naming a kind of effect item; kinds the UI does not know get a generic word. */
export const effectKindKey = (kind: string): TranslationKey => KNOWN[kind] ?? 'control.effect.kinds.other';

/** Model ids the graph should highlight for an effect (removed ones are gone). */
export const effectIds = (items: readonly EffectItem[]): string[] =>
  items.filter((i) => i.change !== 'removed').map((i) => i.id);
