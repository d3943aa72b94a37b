import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TopologyIndex } from '../../../core/common/topology-index.js';
import { explain } from '../../explain/explain.js';
import { useAppStore } from '../../store/app-store.js';
import { Icon } from '../Icon.js';
import { stepParts } from '../logic/reach-words.js';

/** How long Play shows each hop. */
export const PLAY_MS = 1100;

/**
 * The walk, Packet-Tracer style: Back, Play and Step move the hop the graph shows; each
 * hop is a sentence in the reader's language with the rule text it hits, and a rule's
 * hop says what that rule is for.
 */
export function ReachSteps() {
  const { t } = useTranslation();
  const reach = useAppStore((s) => s.reach);
  const topology = useAppStore((s) => s.topology);
  const language = useAppStore((s) => s.language);
  const setStep = useAppStore((s) => s.setReachStep);
  const setPlaying = useAppStore((s) => s.setReachPlaying);
  const steps = reach?.diagnosis?.steps ?? [];
  const at = reach?.step ?? 0;
  const playing = reach?.playing ?? false;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const r = useAppStore.getState().reach;
      const last = (r?.diagnosis?.steps.length ?? 1) - 1;
      if (!r || r.step >= last) setPlaying(false);
      else setStep(r.step + 1);
    }, PLAY_MS);
    return () => clearInterval(timer);
  }, [playing, setStep, setPlaying]);

  // What each rule a hop names is for, in the inspector's words.
  const meanings = useMemo(() => {
    const out = new Map<string, string>();
    if (!topology) return out;
    const index = TopologyIndex.of(topology);
    for (const s of steps) {
      const node = s.element ? index.node(s.element) : undefined;
      if (node && (node.kind === 'filter-rule' || node.kind === 'nat-rule'))
        out.set(node.id, explain(node, topology, language).summary);
    }
    return out;
  }, [steps, topology, language]);

  if (steps.length === 0) return null;
  const play = (): void => {
    if (playing) return setPlaying(false);
    // Play from the start when the last hop is showing.
    if (at >= steps.length - 1) setStep(0);
    setPlaying(true);
  };
  return (
    <section className="reach-steps" aria-labelledby="reach-hops-title">
      <h3 id="reach-hops-title">{t('reach.hops')}</h3>
      <div className="stepper" role="group" aria-label={t('reach.hops')}>
        <button type="button" className="button" disabled={at === 0} onClick={() => setStep(at - 1)}>
          <Icon name="back" />
          {t('reach.back')}
        </button>
        <button type="button" className="button" aria-pressed={playing} onClick={play}>
          <Icon name={playing ? 'pause' : 'play'} />
          {t(playing ? 'reach.pause' : 'reach.play')}
        </button>
        <button type="button" className="button" disabled={at >= steps.length - 1} onClick={() => setStep(at + 1)}>
          <Icon name="step" />
          {t('reach.next')}
        </button>
        <span className="muted small" aria-live="polite" data-testid="reach-hop">
          {t('reach.hopOf', { n: at + 1, total: steps.length })}
        </span>
      </div>
      <ol className="hops" data-testid="reach-hops">
        {steps.map((s, i) => (
          <li
            key={i}
            className={`hop hop-${s.kind} ${i === at ? 'current' : i > at ? 'ahead' : ''}`}
            aria-current={i === at ? 'step' : undefined}
            data-kind={s.kind}
          >
            <button type="button" className="hop-text" onClick={() => setStep(i)}>
              {stepParts(t, s).map((p, j) =>
                'code' in p ? <code key={j}>{p.code}</code> : <span key={j}>{p.text}</span>,
              )}
            </button>
            {s.element && meanings.has(s.element) && (
              <p className="muted small hop-meaning">{meanings.get(s.element)}</p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
