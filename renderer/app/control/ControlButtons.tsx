import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/app-store.js';
import { controlsShown } from '../../store/commands.js';
import { Icon } from '../Icon.js';
import { ToolbarButton } from '../ToolbarButton.js';

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
      <ToolbarButton
        icon="plus"
        compact={false}
        label={t('control.toolbar.newNetwork')}
        short={t('control.toolbar.newNetworkShort')}
        hint={t('control.toolbar.newNetworkHint')}
        testId="new-network"
        onClick={() => openDialog({ kind: 'network-create' })}
      />
      <ToolbarButton
        icon="plus"
        compact={false}
        label={t('control.toolbar.newContainer')}
        short={t('control.toolbar.newContainerShort')}
        hint={t('control.toolbar.newContainerHint')}
        testId="new-container"
        onClick={() => openDialog({ kind: 'container-run', network: null })}
      />
      <ToolbarButton
        icon="history"
        label={t('control.toolbar.log')}
        hint={t('control.toolbar.logHint')}
        pressed={panel === 'log'}
        testId="action-log-toggle"
        onClick={() => setPanel(panel === 'log' ? null : 'log')}
      />
    </div>
  );
}
