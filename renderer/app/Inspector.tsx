import { useMemo } from 'react';
import { CloseButton } from './CloseButton.js';
import { useTranslation } from 'react-i18next';
import { explain, findElement } from '../explain/explain.js';
import { TopologyIndex } from '../../core/common/topology-index.js';
import { facetsMissingAt } from '../graph/to-elements.js';
import { facetReason } from './logic/facets.js';
import { useAppStore } from '../store/app-store.js';
import { ActionsButton } from './control/ActionsButton.js';
import { CopyButton } from './CopyButton.js';
import { Icon } from './Icon.js';
import { LegendList } from './Legend.js';
import { reachRefOf } from './logic/reach-words.js';

/** The right-hand panel: what the selection is, in words, with its facts and commands. */
export function Inspector() {
  const { t } = useTranslation();
  const topology = useAppStore((s) => s.topology);
  const selection = useAppStore((s) => s.selection);
  const language = useAppStore((s) => s.language);
  const select = useAppStore((s) => s.select);
  const view = useAppStore((s) => s.view);
  const openReach = useAppStore((s) => s.openReach);
  const reachFrom = topology ? reachRefOf(TopologyIndex.of(topology), selection) : null;

  const explanation = useMemo(() => {
    if (!topology || !selection) return null;
    const el = findElement(topology, selection);
    return el ? explain(el, topology, language) : undefined;
  }, [topology, selection, language]);

  // The "?" on the canvas says something is unknown here; the inspector says what and why.
  const missing = useMemo(() => {
    if (!topology || !selection) return [];
    const node = TopologyIndex.of(topology).node(selection);
    if (!node) return [];
    const kind = node.kind === 'netns' && node.host ? 'host' : node.kind;
    return facetsMissingAt(topology.facets, view, kind);
  }, [topology, selection, view]);

  return (
    <aside className="inspector" aria-label={t('inspector.label')} data-testid="inspector">
      {explanation === null && (
        <div className="inspector-empty">
          <p>{t('inspector.empty')}</p>
          <p className="muted">{t('inspector.emptyHint')}</p>
          <h3>{t('legend.title')}</h3>
          <LegendList />
        </div>
      )}
      {explanation === undefined && <p className="inspector-empty">{t('inspector.gone')}</p>}
      {explanation && (
        <article>
          <header className="inspector-head">
            <h2>{explanation.title}</h2>
            <ActionsButton id={selection} />
            <CloseButton label={t('inspector.close')} onClick={() => select(null)} />
          </header>
          <p className="summary">{explanation.summary}</p>
          {reachFrom && (
            <button
              type="button"
              className="button reach-button"
              data-testid="inspector-reach"
              onClick={() => openReach(reachFrom)}
            >
              <Icon name="route" />
              {t('reach.button')}
            </button>
          )}
          {missing.length > 0 && (
            <ul className="missing-facets" data-testid="missing-facets">
              {missing.map((f) => (
                <li key={f}>
                  {t('inspector.missing', {
                    facet: t(`status.facets.${f}`),
                    reason: facetReason(topology!.facets[f], t('inspector.missingUnknown')),
                  })}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('inspector.facts')}</h3>
          <table className="facts">
            <tbody>
              {explanation.facts.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('inspector.commands')}</h3>
          <p className="muted small">{t('inspector.commandsHint')}</p>
          <ul className="commands">
            {explanation.commands.map((c) => (
              <li key={c}>
                <code>{c}</code>
                <CopyButton text={c} />
              </li>
            ))}
          </ul>
        </article>
      )}
    </aside>
  );
}
