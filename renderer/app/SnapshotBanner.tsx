import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store.js';
import { shownSnapshot } from '../store/snapshot-file.js';
import { Icon } from './Icon.js';
import { capturedTime, problemText } from './logic/snapshot-file-read.js';

/**
 * Above the graph while a snapshot is shown: whose it is, when it was taken, which file,
 * and the way back to the live host. In the flow, not over the canvas: it stays as long
 * as the file does and must not hide the top of the graph.
 */
export function SnapshotBanner() {
  const { t } = useTranslation();
  const openedFile = useAppStore((s) => s.openedFile);
  const serverSource = useAppStore((s) => s.serverSource);
  const topology = useAppStore((s) => s.topology);
  const language = useAppStore((s) => s.language);
  const backToLive = useAppStore((s) => s.backToLive);
  const shown = shownSnapshot(openedFile, serverSource);
  if (!shown || !topology) return null;
  return (
    <section className="snapshot-banner" role="status" data-testid="snapshot-banner">
      <p className="snapshot-title">
        {t('snapshot.banner', { host: topology.host.hostname, time: capturedTime(topology.capturedAt, language) })}
      </p>
      <p className="snapshot-file" data-testid="snapshot-file">
        {t('snapshot.fileName', { name: shown.name })}
        {!shown.canGoLive && serverSource?.kind === 'file' && <> · {t('snapshot.servedHint')}</>}
      </p>
      {shown.canGoLive && (
        <button
          type="button"
          className="button primary"
          title={t('snapshot.backToLiveHint')}
          data-testid="back-to-live"
          onClick={backToLive}
        >
          <Icon name="live" />
          {t('snapshot.backToLive')}
        </button>
      )}
    </section>
  );
}

/** Over the graph when a file could not be opened: which and why; the picture stays as it was. */
export function SnapshotError() {
  const { t } = useTranslation();
  const fileError = useAppStore((s) => s.fileError);
  const dismissFileError = useAppStore((s) => s.dismissFileError);
  if (!fileError) return null;
  return (
    <section className="notice error snapshot-error" role="alert" data-testid="snapshot-error">
      <p>
        {t('snapshot.error', { name: fileError.name, reason: problemText(fileError.problem, t) })}{' '}
        <span className="muted">{t('snapshot.errorKept')}</span>
      </p>
      <button type="button" className="button" onClick={dismissFileError}>
        {t('snapshot.dismiss')}
      </button>
    </section>
  );
}
