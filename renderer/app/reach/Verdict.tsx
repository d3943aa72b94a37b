import { useTranslation } from 'react-i18next';
import type { Diagnosis, Probed } from '../../store/reach.js';
import { verdictWord } from '../logic/reach-words.js';

/** The answer in one look: the verdict word, where to, what it means, and the rule that decided. */
export function Verdict({ diagnosis: d, tested }: { diagnosis: Diagnosis; tested: Probed['tested'] | null }) {
  const { t } = useTranslation();
  const where = d.address && d.address !== d.dst ? ` ${t('reach.at', { address: d.address })}` : '';
  return (
    <section className={`reach-verdict verdict-${d.verdict}`} data-testid="reach-verdict" data-verdict={d.verdict}>
      <p className="verdict-word" role="status">
        <strong>{verdictWord(t, d.verdict)}</strong>
        <span className="verdict-what">
          {d.src} → {d.dst}
          {where} · {d.proto}
          {d.port ? `/${d.port}` : ''}
        </span>
      </p>
      <p className="small">{t(`reach.verdictMeaning.${d.verdict}`)}</p>
      {tested && (
        <p className={`small ${tested.agrees ? 'agrees' : 'disagrees'}`} data-testid="reach-beside">
          {t('reach.probeGot', { verdict: verdictWord(t, tested.probe.verdict) })} —{' '}
          {tested.agrees ? t('reach.agrees') : t('reach.disagreesShort')}
        </p>
      )}
      {d.deciding && (
        <p className="small">
          {t('reach.decidedBy')}: <code data-testid="reach-deciding">{d.deciding}</code>
        </p>
      )}
    </section>
  );
}
