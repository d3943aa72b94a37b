import type { ExplainTexts } from './texts.js';

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

export const yesNo = (t: ExplainTexts, v: boolean): string => (v ? t.yes : t.no);

export const orNone = (t: ExplainTexts, v: string | number | null | undefined): string =>
  v === null || v === undefined || v === '' ? t.none : String(v);

export const listOrNone = (t: ExplainTexts, items: string[]): string => (items.length ? t.list(items) : t.none);

export const record = (t: ExplainTexts, r: Record<string, string>): string =>
  listOrNone(
    t,
    Object.entries(r).map(([k, v]) => (v ? `${k}=${v}` : k)),
  );

/** Joins the sentences or words that apply, skipping the ones that do not. */
export const join = (...parts: (string | null | false | undefined)[]): string => parts.filter(Boolean).join(' ');

/** `0.0.0.0:8080→80/tcp`, as VISUAL.md labels a published port. */
export function portBinding(p: { hostIp: string; hostPort: number; containerPort: number; proto: string }): string {
  const ip = p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
  return `${ip}:${p.hostPort}→${p.containerPort}/${p.proto}`;
}

/** Joins the sentences that apply, spaced as the language spaces them. */
export const sentences = (t: ExplainTexts, ...parts: (string | null | false | undefined)[]): string =>
  parts.filter(Boolean).join(t.sentenceGap);
