import type { TFunction } from 'i18next';
import type { TopologyIndex } from '../../../core/common/topology-index.js';
import type { ReachStep } from '../../../core/protocol/reach-steps.js';

/** A verdict's word in the reader's language (the probe's verdicts are a subset of the walk's). */
export const verdictWord = (t: TFunction, verdict: string): string =>
  t(`reach.verdict.${verdict as 'reachable' | 'blocked' | 'no-route' | 'refused' | 'not-running'}`);

/** A sentence in pieces: plain words, and the rule texts and names set as code. */
export type Part = { text: string } | { code: string };

const MARK = '\u0001';

/**
 * A step in the reader's language with its rule text set apart as code: the words come
 * from reach.step.<kind>, the rule goes in where the sentence places it.
 */
export function stepParts(t: TFunction, step: ReachStep): Part[] {
  const rule = step.params.rule;
  const words = t(`reach.step.${step.kind}`, { ...step.params, ...(rule ? { rule: MARK } : {}) });
  if (!rule) return [{ text: words }];
  const [before = '', after = ''] = words.split(MARK);
  return [...(before ? [{ text: before }] : []), { code: rule }, ...(after ? [{ text: after }] : [])];
}

/** How the walk names a model element as a source or destination: a container's name, `host`, a namespace's name. */
export function reachRefOf(index: TopologyIndex, modelId: string | null): string | null {
  if (modelId === null) return null;
  const c = index.container(modelId);
  if (c) return c.name;
  const node = index.node(modelId);
  // A bridge's bar stands for its network, which is no place a packet starts from.
  const nsId =
    node?.kind === 'netns' ? node.id : node?.kind === 'interface' && node.type !== 'bridge' ? node.parent : null;
  const ns = index.netnsNode(nsId ?? undefined);
  if (!ns) return null;
  if (ns.host) return 'host';
  return index.usersOf(ns.id)[0]?.name ?? ns.name;
}

/** What a picker offers: running containers first, then the host, outside and the named namespaces, then the rest. */
export function reachChoices(index: TopologyIndex): { value: string; running: boolean }[] {
  const containers = [...index.containers].sort((a, b) => a.name.localeCompare(b.name));
  const named = index.netns.filter((n) => !n.host && n.name && index.usersOf(n.id).length === 0);
  return [
    ...containers.filter((c) => c.state === 'running').map((c) => ({ value: c.name, running: true })),
    { value: 'host', running: true },
    // Beyond this host: where egress goes, and where a published port is asked from.
    { value: 'outside', running: true },
    ...named.map((n) => ({ value: n.name as string, running: true })),
    ...containers.filter((c) => c.state !== 'running').map((c) => ({ value: c.name, running: false })),
  ];
}
