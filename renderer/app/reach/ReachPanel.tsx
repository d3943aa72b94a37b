import { useEffect } from 'react';
import { CloseButton } from '../CloseButton.js';
import { useTranslation } from 'react-i18next';
import { TopologyIndex } from '../../../core/common/topology-index.js';
import { useAppStore } from '../../store/app-store.js';
import { questionReady, type ReachQuestion } from '../../store/reach.js';
import { Icon } from '../Icon.js';
import { reachChoices, reachRefOf } from '../logic/reach-words.js';
import { ReachSteps } from './ReachSteps.js';
import { ReachTest } from './ReachTest.js';
import { Verdict } from './Verdict.js';

/**
 * "Can this reach that?": the question, the verdict with the rule that decided, the walk
 * hop by hop (drawn on the graph as it steps), and the real probe and trace beside it.
 */
export function ReachPanel() {
  const { t } = useTranslation();
  const reach = useAppStore((s) => s.reach);
  const topology = useAppStore((s) => s.topology);
  const seq = useAppStore((s) => s.seq);
  const askReach = useAppStore((s) => s.askReach);
  const closeReach = useAppStore((s) => s.closeReach);
  const openMatrix = useAppStore((s) => s.openMatrix);

  // Until a destination is chosen, picking something on the graph chooses it.
  const selection = useAppStore((s) => s.selection);
  useEffect(() => {
    const s = useAppStore.getState();
    if (!s.reach || s.reach.question.dst !== '' || !s.topology) return;
    const ref = reachRefOf(TopologyIndex.of(s.topology), selection);
    if (ref && ref !== s.reach.question.src) void s.askReach({ dst: ref });
  }, [selection]);

  // The host changed: the same question is asked again of the new model.
  useEffect(() => {
    if (useAppStore.getState().reach?.diagnosis) void askReach({});
  }, [seq, askReach]);

  if (!reach || !topology) return null;
  const q = reach.question;
  const choices = reachChoices(TopologyIndex.of(topology));
  const change = (c: Partial<ReachQuestion>): void => void askReach(c);

  return (
    <aside className="inspector reach-panel" aria-labelledby="reach-title" data-testid="reach-panel">
      <header className="inspector-head">
        <h2 id="reach-title">{t('reach.title')}</h2>
        <button type="button" className="button" onClick={() => void openMatrix(q.proto === 'tcp' ? q.port : null)}>
          <Icon name="matrix" />
          {t('reach.matrix')}
        </button>
        <CloseButton label={t('reach.close')} onClick={closeReach} />
      </header>
      <p className="muted small">{t('reach.hint')}</p>
      <form className="reach-form" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('reach.from')}</span>
          <select value={q.src} onChange={(e) => change({ src: e.target.value })} data-testid="reach-src">
            {q.src === '' && <option value="">—</option>}
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.value === 'host' ? t('reach.host') : c.value === 'outside' ? t('reach.outside') : c.value}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('reach.to')}</span>
          <input
            list="reach-dst-choices"
            value={q.dst}
            placeholder={t('reach.toPlaceholder')}
            spellCheck={false}
            autoComplete="off"
            data-testid="reach-dst"
            onChange={(e) => change({ dst: e.target.value.trim() })}
          />
          <datalist id="reach-dst-choices">
            {choices
              .filter((c) => c.value !== q.src)
              .map((c) => (
                <option key={c.value} value={c.value}>
                  {c.value === 'outside' ? t('reach.outside') : c.value === 'host' ? t('reach.host') : undefined}
                </option>
              ))}
          </datalist>
        </label>
        <div className="reach-how">
          <label>
            <span>{t('reach.how')}</span>
            <select
              value={q.proto}
              data-testid="reach-proto"
              onChange={(e) => {
                const proto = e.target.value as ReachQuestion['proto'];
                change({ proto, port: proto === 'icmp' ? null : (q.port ?? 80) });
              }}
            >
              <option value="icmp">icmp (ping)</option>
              <option value="tcp">tcp</option>
              <option value="udp">udp</option>
            </select>
          </label>
          {q.proto !== 'icmp' && (
            <label>
              <span>{t('reach.port')}</span>
              <input
                type="number"
                min={1}
                max={65535}
                value={q.port ?? ''}
                data-testid="reach-port"
                onChange={(e) => change({ port: e.target.value === '' ? null : Number(e.target.value) })}
              />
            </label>
          )}
        </div>
        <fieldset className="reach-by">
          <legend>{t('reach.by')}</legend>
          {(['ip', 'name'] as const).map((by) => (
            <label key={by}>
              <input type="radio" name="reach-by" checked={q.by === by} onChange={() => change({ by })} />
              {t(by === 'ip' ? 'reach.byIp' : 'reach.byName')}
            </label>
          ))}
        </fieldset>
      </form>
      {!questionReady(q) && <p className="muted">{t(q.dst === '' ? 'reach.pickOnGraph' : 'reach.incomplete')}</p>}
      {reach.error && (
        <p className="reach-error" role="alert">
          {t('reach.error', { message: reach.error.message })}
        </p>
      )}
      {questionReady(q) && !reach.diagnosis && !reach.error && <p className="muted">{t('reach.asking')}</p>}
      {reach.diagnosis && (
        <>
          <Verdict diagnosis={reach.diagnosis} tested={reach.tested} />
          <ReachSteps />
          <ReachTest />
        </>
      )}
    </aside>
  );
}
