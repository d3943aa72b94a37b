import type { TFunction } from 'i18next';
import type { FilterRuleNode, NatRuleNode } from '../../core/model/types.js';
import { ruleCommands } from './commands.js';
import type { Context } from './context.js';
import { kindName, orNone, sentences, type Explanation, type Fact } from './format.js';

/** What a firewall rule does, by its target; any other target is a chain it jumps to. */
function ruleAction(target: string, t: TFunction): string {
  switch (target) {
    case 'DNAT':
      return t('explain.rule.dnat');
    case 'MASQUERADE':
      return t('explain.rule.masquerade');
    case 'SNAT':
      return t('explain.rule.snat');
    case 'DROP':
    case 'REJECT':
      return t('explain.rule.filterDrop');
    case 'ACCEPT':
      return t('explain.rule.filterAccept');
    case '':
    case 'RETURN':
      return t('explain.rule.other');
    default:
      return t('explain.rule.jump', { target });
  }
}

/** The chains Docker manages (or leaves to you) have a purpose worth saying. */
function chainNote(chain: string, t: TFunction): string | null {
  if (chain === 'DOCKER-USER') return t('explain.rule.chainNote.dockerUser');
  if (chain.startsWith('DOCKER-ISOLATION')) return t('explain.rule.chainNote.dockerIsolation');
  if (chain === 'DOCKER') return t('explain.rule.chainNote.docker');
  return null;
}

export function ruleExplanation(r: NatRuleNode | FilterRuleNode, ctx: Context, t: TFunction): Explanation {
  const summary = sentences(
    t,
    ruleAction(r.target, t),
    t('explain.rule.where', { table: r.table, chain: r.chain, index: r.index }),
    chainNote(r.chain, t),
  );
  const facts: Fact[] = [
    [t('explain.facts.kind'), kindName(t, r.kind)],
    [t('explain.facts.table'), r.table],
    [t('explain.facts.chain'), r.chain],
    [t('explain.facts.index'), String(r.index)],
    [t('explain.facts.target'), orNone(t, r.target)],
    [t('explain.facts.text'), r.text],
    [t('explain.facts.firewallBackend'), orNone(t, ctx.topology.firewall?.backend)],
    [t('explain.facts.id'), r.id],
  ];
  return {
    title: t('explain.titles.rule', { chain: r.chain, index: r.index }),
    summary,
    facts,
    commands: ruleCommands(ctx, r),
  };
}
