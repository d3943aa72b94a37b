import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/app-store.js';
import { controlsShown } from '../../store/commands.js';
import { Icon } from '../Icon.js';

/** The toolbar's control group; absent when this window may not change the host. */
export function ControlButtons() {
  const { t } = useTranslation();
  const shown = useAppStore(controlsShown);
  const openDialog = useAppStore((s) => s.openDialog);
  const panel = useAppStore((s) => s.panel);
  const setPanel = useAppStore((s) => s.setPanel);
  const control = useAppStore((s) => s.control);
  const live = useAppStore((s) => s.serverSource?.kind === 'live' && s.openedFile === null);
  if (!shown) {
    // A live host this window may not change says so; a snapshot's banner already does.
    if (!live || !control || control.enabled) return null;
    return (
      <span
        className="read-only"
        data-testid="read-only"
        title={t('control.toolbar.readOnlyHint', { reason: control.reason ?? '' })}
      >
        <Icon name="lock" />
        {t('control.toolbar.readOnly')}
      </span>
    );
  }
  return (
    <div className="toolbar-group control" role="group" aria-label={t('control.toolbar.label')}>
      <button
        type="button"
        className="button"
        aria-label={t('control.toolbar.newNetwork')}
        title={t('control.toolbar.newNetworkHint')}
        data-testid="new-network"
        onClick={() => openDialog({ kind: 'network-create' })}
      >
        <Icon name="plus" />
        <span className="button-text long">{t('control.toolbar.newNetwork')}</span>
        <span className="button-text short">{t('control.toolbar.newNetworkShort')}</span>
      </button>
      <button
        type="button"
        className="button"
        aria-label={t('control.toolbar.newContainer')}
        title={t('control.toolbar.newContainerHint')}
        data-testid="new-container"
        onClick={() => openDialog({ kind: 'container-run', network: null })}
      >
        <Icon name="plus" />
        <span className="button-text long">{t('control.toolbar.newContainer')}</span>
        <span className="button-text short">{t('control.toolbar.newContainerShort')}</span>
      </button>
      <button
        type="button"
        className="button compact"
        aria-label={t('control.toolbar.log')}
        aria-pressed={panel === 'log'}
        title={t('control.toolbar.logHint')}
        data-testid="action-log-toggle"
        onClick={() => setPanel(panel === 'log' ? null : 'log')}
      >
        <Icon name="history" />
        <span className="button-text">{t('control.toolbar.log')}</span>
      </button>
    </div>
  );
}
