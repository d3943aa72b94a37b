import { useState } from 'react';
import { CloseButton } from '../CloseButton.js';
import { useTranslation } from 'react-i18next';
import { groupEffect, effectKindKey } from '../../control/effect-groups.js';
import { graphHandle } from '../../graph/graph-handle.js';
import { useAppStore } from '../../store/app-store.js';

const SIGN = { added: '+', removed: '−', changed: '~' } as const;
/** A group longer than this shows its first lines and a button for the rest. */
const SHORT = 4;

/**
 * After an action: what it did to the kernel and the engine, as the live stream showed it
 * — the veth pair and its bridge port, addresses and routes, DNAT / MASQUERADE / filter
 * rules, DNS names. Each line is highlighted on the graph and a click brings it into view.
 */
export function EffectCard() {
  const { t } = useTranslation();
  const last = useAppStore((s) => s.lastAction);
  const dismiss = useAppStore((s) => s.dismissEffect);
  const select = useAppStore((s) => s.select);
  const openDialog = useAppStore((s) => s.openDialog);
  const entry = useAppStore((s) => s.actionLog?.find((a) => a.id === s.lastAction?.actionId));
  const [open, setOpen] = useState<{ action: string; groups: ReadonlySet<string> }>({ action: '', groups: new Set() });
  if (!last) return null;
  const opened = open.action === last.actionId ? open.groups : new Set<string>();
  const toggle = (key: string): void => {
    const next = new Set(opened);
    if (!next.delete(key)) next.add(key);
    setOpen({ action: last.actionId, groups: next });
  };
  const undoable = entry?.ok === true && entry.inverse !== null && !entry.undoneBy;
  const groups = groupEffect(last.effect.items);
  const focus = (id: string): void => {
    select(id);
    graphHandle()?.centreOn(id);
  };
  return (
    <section className="effect-card" aria-labelledby="effect-title" aria-live="polite" data-testid="effect-card">
      <header>
        <h2 id="effect-title">
          {t('control.effect.title', { method: t(`control.methods.${methodKey(last.method)}`) })}
        </h2>
        <CloseButton label={t('control.effect.close')} onClick={dismiss} />
      </header>
      {!last.effect.seen && <p className="notice-line">{t('control.effect.notSeen')}</p>}
      {groups.length === 0 ? (
        <p className="muted small">{t('control.effect.nothing')}</p>
      ) : (
        <ul className="effect-list" data-testid="effect-items">
          {groups.map((g) => {
            const key = g.change + g.kind;
            const all = opened.has(key) || g.items.length <= SHORT + 1;
            const items = all ? g.items : g.items.slice(0, SHORT);
            return (
              <li key={key} className={`effect-group change-${g.change}`}>
                <h3>
                  <span className="effect-sign" aria-hidden="true">
                    {SIGN[g.change]}
                  </span>{' '}
                  {t(`control.effect.${g.change}`, { what: t(effectKindKey(g.kind), { count: g.items.length }) })}
                </h3>
                <ul id={`effect-${key}`}>
                  {items.map((item) => (
                    <li key={item.id}>
                      <button
                        type="button"
                        className="button link effect-item"
                        data-effect-id={item.id}
                        disabled={item.change === 'removed'}
                        onClick={() => focus(item.id)}
                      >
                        <code>{item.label}</code>
                      </button>
                      {item.where && <span className="muted small"> · {item.where}</span>}
                    </li>
                  ))}
                </ul>
                {g.items.length > SHORT + 1 && (
                  <button
                    type="button"
                    className="button link effect-more"
                    aria-expanded={all}
                    aria-controls={`effect-${key}`}
                    onClick={() => toggle(key)}
                  >
                    {all ? t('control.effect.fewer') : t('control.effect.more', { count: g.items.length - SHORT })}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {undoable && (
        <div className="effect-actions">
          <button type="button" className="button" onClick={() => openDialog({ kind: 'undo', action: last.actionId })}>
            {t('control.undo.confirm')}
          </button>
        </div>
      )}
    </section>
  );
}

/** `network.connect` → `networkConnect`, the shape of the translation keys. */
export const methodKey = (method: string) =>
  method.replace(/\.([a-z])/g, (_, c: string) => c.toUpperCase()) as
    | 'networkCreate'
    | 'networkRemove'
    | 'networkPrune'
    | 'networkConnect'
    | 'networkDisconnect'
    | 'containerRun'
    | 'containerStart'
    | 'containerStop'
    | 'containerRestart'
    | 'containerRemove'
    | 'containerPublish'
    | 'actionUndo';
