import type { TFunction } from 'i18next';
import type { TopologyEdge, TopologyNode } from '../../core/model/types.js';

export type Fact = [label: string, value: string];

/** What the inspector shows for one model element. */
export interface Explanation {
  title: string;
  /** Plain language: what this thing is and what it does. */
  summary: string;
  /** Every field the model holds, humanised. */
  facts: Fact[];
  /** Commands a person can run to see it themselves; names are shell-quoted. */
  commands: string[];
}

export const yesNo = (t: TFunction, v: boolean): string => (v ? t('explain.yes') : t('explain.no'));

export const orNone = (t: TFunction, v: string | number | null | undefined): string =>
  v === null || v === undefined || v === '' ? t('explain.none') : String(v);

/** Names in a row, separated as the language separates them (a comma in English, 、 in Chinese). */
export const list = (t: TFunction, items: string[]): string => items.join(t('explain.separator.list'));

export const listOrNone = (t: TFunction, items: string[]): string =>
  items.length ? list(t, items) : t('explain.none');

/** `--link`s as "alias → container", the container by its label when the model has it. */
export const linksOrNone = (
  t: TFunction,
  labelOf: (id: string) => string,
  links: readonly { container: string; alias: string }[] | undefined,
): string =>
  listOrNone(
    t,
    (links ?? []).map((l) => `${l.alias} → ${labelOf(l.container)}`),
  );

export const record = (t: TFunction, r: Record<string, string>): string =>
  listOrNone(
    t,
    Object.entries(r).map(([k, v]) => (v ? `${k}=${v}` : k)),
  );

/** Joins the sentences or words that apply, skipping the ones that do not. */
export const join = (...parts: (string | null | false | undefined)[]): string => parts.filter(Boolean).join(' ');

/** `0.0.0.0:8080→80/tcp`, the form of a port node's label, so the inspector reads like the graph. */
export function portBinding(p: { hostIp: string; hostPort: number; containerPort: number; proto: string }): string {
  const ip = p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
  return `${ip}:${p.hostPort}→${p.containerPort}/${p.proto}`;
}

/** Joins the sentences that apply, spaced as the language spaces them (Chinese runs them together). */
export const sentences = (t: TFunction, ...parts: (string | null | false | undefined)[]): string =>
  parts.filter(Boolean).join(t('explain.separator.sentence'));

/** What the model calls a kind ("nat-rule"), in words ("NAT rule"). */
export const kindName = (t: TFunction, kind: TopologyNode['kind'] | TopologyEdge['kind']): string =>
  t(`explain.kindNames.${kind}`);
