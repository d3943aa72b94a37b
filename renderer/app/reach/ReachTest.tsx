import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/app-store.js';
import { controlsShown } from '../../store/commands.js';
import { Icon } from '../Icon.js';
import { verdictWord } from '../logic/reach-words.js';

/**
 * The real thing beside the prediction: the probe run inside the source, and the kernel's
 * own trace of its packets. A disagreement is said loudly, never smoothed over.
 */
export function ReachTest() {
  const { t } = useTranslation();
  const reach = useAppStore((s) => s.reach);
  const shown = useAppStore(controlsShown);
  const reason = useAppStore((s) => s.control?.reason ?? s.connectionDetail ?? '');
  const testReach = useAppStore((s) => s.testReach);
  if (!reach?.diagnosis) return null;
  const { tested, testing, testError, diagnosis } = reach;
  const verdict = (v: string): string => verdictWord(t, v);
  const decided = tested?.trace?.deciding ?? null;
  const isDeciding = (h: { table: string; chain: string; text: string | null; verdict: string }): boolean =>
    decided !== null &&
    h.table === decided.table &&
    h.chain === decided.chain &&
    h.text === decided.text &&
    h.verdict === decided.verdict;
  return (
    <section className="reach-test" aria-labelledby="reach-test-title" data-testid="reach-test">
      <h3 id="reach-test-title">{t('reach.probeTitle')}</h3>
      <p className="muted small">{t('reach.testHint')}</p>
      <div className="stepper">
        <button
          type="button"
          className="button"
          disabled={!shown || testing !== null}
          onClick={() => void testReach(false)}
        >
          <Icon name="probe" />
          {t(testing === 'probe' ? 'reach.testing' : 'reach.test')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!shown || testing !== null}
          onClick={() => void testReach(true)}
        >
          <Icon name="route" />
          {t(testing === 'trace' ? 'reach.tracing' : 'reach.trace')}
        </button>
      </div>
      {!shown && <p className="muted small">{t('reach.controlOff', { reason })}</p>}
      {testError && (
        <p className="reach-error" role="alert">
          {t('reach.error', { message: testError.message })}
        </p>
      )}
      {tested && (
        <div className="probe-result" data-testid="reach-probe" data-verdict={tested.probe.verdict}>
          <p>
            <strong>{t('reach.probeGot', { verdict: verdict(tested.probe.verdict) })}</strong>
          </p>
          <p className="small">
            <code>{t('reach.probeRan', { command: tested.probe.command, ms: tested.probe.ms.toFixed(0) })}</code>
          </p>
          {tested.agrees ? (
            <p className="small agrees">{t('reach.agrees')}</p>
          ) : (
            <p className="disagrees" role="alert" data-testid="reach-disagrees">
              {t('reach.disagrees', { predicted: verdict(diagnosis.verdict), got: verdict(tested.probe.verdict) })}
            </p>
          )}
        </div>
      )}
      {tested?.trace && (
        <div className="trace-result" data-testid="reach-trace">
          <h3>{t('reach.traceTitle')}</h3>
          <p className="muted small">{t('reach.traceHint')}</p>
          <ol className="trace-hits">
            {tested.trace.hits.map((h, i) => (
              <li key={i} className={isDeciding(h) ? 'deciding' : ''}>
                <span className="small">
                  {h.table}:{h.chain} <strong>{h.verdict}</strong>
                </span>
                {h.text && <code>{h.text}</code>}
              </li>
            ))}
          </ol>
          <p className="small">
            {t('reach.traceDecided')}:{' '}
            <code data-testid="reach-trace-deciding">{tested.trace.deciding?.text ?? t('reach.tracePolicy')}</code>
          </p>
          {tested.traceAgrees ? (
            <p className="small agrees">{t('reach.traceAgrees')}</p>
          ) : (
            <p className="disagrees" role="alert">
              {t('reach.traceDisagrees', {
                predicted: tested.predictedRule ?? t('reach.tracePolicy'),
                got: tested.trace.deciding?.text ?? t('reach.traceNothing'),
              })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
