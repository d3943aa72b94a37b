import { useTranslation } from 'react-i18next';
import { CloseButton } from '../CloseButton.js';
import { actionScript } from '../../control/script-export.js';
import { useAppStore } from '../../store/app-store.js';
import { controlsShown } from '../../store/commands.js';
import { download, exportName } from '../download.js';
import { Icon } from '../Icon.js';
import { methodKey } from './EffectCard.js';

/**
 * The actions taken on this host (the server keeps the log, so it survives restarts),
 * newest first: each one's docker command, whether it worked, and Undo where an action
 * can be taken back. Export writes them as a shell script that replays the session.
 */
export function ActionLogPanel() {
  const { t, i18n } = useTranslation();
  const actions = useAppStore((s) => s.actionLog);
  const setPanel = useAppStore((s) => s.setPanel);
  const openDialog = useAppStore((s) => s.openDialog);
  const hostname = useAppStore((s) => s.topology?.host.hostname ?? 'host');
  const canUndo = useAppStore(controlsShown);
  const list = [...(actions ?? [])].reverse();
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });

  const exportScript = (): void => {
    const script = actionScript(actions ?? [], { hostname, exportedAt: new Date().toISOString() });
    download(script, exportName(hostname, 'sh'), 'text/x-shellscript');
  };

  return (
    <aside className="inspector action-log" aria-labelledby="action-log-title" data-testid="action-log">
      <header className="inspector-head">
        <h2 id="action-log-title">{t('control.log.title')}</h2>
        <CloseButton label={t('control.log.close')} onClick={() => setPanel(null)} />
      </header>
      <p className="muted small">{t('control.log.hint')}</p>
      <button
        type="button"
        className="button"
        data-testid="export-script"
        disabled={!actions || actions.every((a) => !a.ok)}
        onClick={exportScript}
      >
        <Icon name="download" />
        {t('control.log.export')}
      </button>
      {actions === null && <p className="muted">{t('control.log.loading')}</p>}
      {actions?.length === 0 && <p className="muted">{t('control.log.empty')}</p>}
      <ol className="log-entries" reversed>
        {list.map((a) => (
          <li key={a.id} className={`log-entry ${a.ok ? 'ok' : 'failed'}`} data-action-id={a.id}>
            <p className="log-head" id={`log-head-${a.id}`}>
              <strong>{t(`control.methods.${methodKey(a.method)}`)}</strong>{' '}
              <time dateTime={a.time} className="muted small">
                {time.format(new Date(a.time))}
              </time>
            </p>
            {a.cli.map((c) => (
              <code key={c} className="log-cli">
                {c}
              </code>
            ))}
            {!a.ok && <p className="log-error">{a.error?.message}</p>}
            {a.undoneBy && <p className="muted small">{t('control.log.undone')}</p>}
            {a.undoes && <p className="muted small">{t('control.log.undoes')}</p>}
            {canUndo && a.ok && a.inverse && !a.undoneBy && (
              <button
                type="button"
                className="button"
                aria-describedby={`log-head-${a.id}`}
                onClick={() => openDialog({ kind: 'undo', action: a.id })}
              >
                {t('control.undo.confirm')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </aside>
  );
}
