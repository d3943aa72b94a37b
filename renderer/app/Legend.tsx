import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LEGEND, type LegendEntry } from '../../assets/legend.js';
import { useAppStore } from '../store/app-store.js';
import { Icon } from './Icon.js';

const DASH: Record<LegendEntry['line'], string | undefined> = {
  solid: undefined,
  dashed: '6 3',
  dotted: '2 2',
  'dash-dot': '7 3 2 3',
};

/** A small drawing of each kind in its shape, line and colour (the colours are CSS variables). */
function Swatch({ entry }: { entry: LegendEntry }) {
  const stroke = `var(--c-${entry.colour})`;
  const dash = DASH[entry.line];
  if (entry.shape === 'line') {
    const arrow = entry.kind === 'edge:publishes' || entry.kind === 'edge:masquerade';
    return (
      <svg viewBox="0 0 36 14" className="swatch" aria-hidden="true">
        <line x1="2" y1="7" x2={arrow ? 28 : 34} y2="7" stroke={stroke} strokeWidth="3" strokeDasharray={dash} />
        {arrow && <path d="M27 2l7 5-7 5z" fill={stroke} />}
      </svg>
    );
  }
  const common = { stroke, strokeWidth: 2, strokeDasharray: dash, fill: 'var(--c-swatch-fill)' };
  return (
    <svg viewBox="0 0 36 20" className="swatch" aria-hidden="true">
      {entry.shape === 'ellipse' && (
        <ellipse
          cx="18"
          cy="10"
          rx={entry.kind.startsWith('interface') ? 6 : 15}
          ry={entry.kind.startsWith('interface') ? 6 : 8}
          {...common}
        />
      )}
      {entry.shape === 'diamond' && <path d="M18 2l9 8-9 8-9-8z" {...common} />}
      {entry.shape === 'hexagon' && <path d="M11 3h14l5 7-5 7H11l-5-7z" {...common} />}
      {entry.shape === 'tag' && <path d="M4 4h20l7 6-7 6H4z" {...common} />}
      {entry.shape === 'rectangle' && <rect x="2" y="7" width="32" height="6" {...common} fill={stroke} />}
      {entry.shape === 'round-rectangle' && <rect x="3" y="3" width="30" height="14" rx="4" {...common} />}
    </svg>
  );
}

/** Every kind the current view draws, with its swatch. */
export function LegendList() {
  const { t } = useTranslation();
  const view = useAppStore((s) => s.view);
  return (
    <ul className="legend-list">
      {LEGEND.filter((e) => e.views.includes(view)).map((e) => (
        <li key={e.kind}>
          <Swatch entry={e} />
          <span>{t(e.i18nKey)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The floating legend over the canvas, closed by default: the inspector shows the full
 * legend while nothing is selected, so this one is for looking up a symbol mid-task.
 */
export function Legend() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <section className={`legend ${open ? 'open' : ''}`} aria-label={t('legend.title')}>
      <button
        type="button"
        className="button legend-toggle"
        aria-expanded={open}
        title={t('legend.toggle')}
        onClick={() => setOpen(!open)}
      >
        <Icon name="legend" />
        <span className="button-text">{t('legend.title')}</span>
      </button>
      {open && <LegendList />}
    </section>
  );
}
