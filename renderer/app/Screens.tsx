import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store.js';
import type { Notice, Screen } from './logic/screens.js';

const ENGINE_COMMANDS = ['sudo systemctl start docker', 'ls -l /var/run/docker.sock', 'docker info'];
const PERMISSION_COMMANDS = ['sudo netloom serve', 'sudo usermod -aG docker "$USER"'];
const STARTER_COMMANDS = [
  'docker run -d --name web -p 8080:80 nginx',
  'docker network create appnet',
  'docker run -d --name api --network appnet nginx',
];

function Commands({ list }: { list: string[] }) {
  return (
    <pre className="screen-commands">
      <code>{list.join('\n')}</code>
    </pre>
  );
}

/** Replaces the canvas when there is nothing true to draw, and says what to do about it. */
export function ScreenView({ screen }: { screen: Screen }) {
  const { t } = useTranslation();
  const setView = useAppStore((s) => s.setView);
  const alert = screen.kind !== 'connecting';
  return (
    <section
      className={`screen screen-${screen.kind}`}
      role={alert ? 'alert' : undefined}
      data-testid={`screen-${screen.kind}`}
    >
      {screen.kind === 'connecting' && (
        <>
          <div className="spinner" aria-hidden="true" />
          <h2>{t('empty.connecting.title')}</h2>
          <p>{t('empty.connecting.body')}</p>
        </>
      )}
      {screen.kind === 'disconnected' && (
        <>
          <h2>{t('empty.disconnected.title')}</h2>
          <p>{t('empty.disconnected.body')}</p>
          {screen.detail && <p className="muted">{t('empty.disconnected.detail', { detail: screen.detail })}</p>}
        </>
      )}
      {screen.kind === 'incompatible' && (
        <>
          <h2>{t('empty.incompatible.title')}</h2>
          <p>{t('empty.incompatible.body')}</p>
          {screen.detail && <p className="muted">{t('empty.incompatible.detail', { detail: screen.detail })}</p>}
        </>
      )}
      {screen.kind === 'no-engine' && (
        <>
          <h2>{t('empty.noEngine.title')}</h2>
          <p>{t('empty.noEngine.body')}</p>
          <Commands list={ENGINE_COMMANDS} />
          {screen.reason && <p className="muted">{t('empty.reason', { reason: screen.reason })}</p>}
          {screen.kernelOk && (
            <p>
              {t('empty.noEngine.kernelHint')}{' '}
              <button type="button" className="button primary" onClick={() => setView('kernel')}>
                {t('empty.noEngine.showKernel')}
              </button>
            </p>
          )}
        </>
      )}
      {screen.kind === 'no-permission' && (
        <>
          <h2>{t('empty.noPermission.title')}</h2>
          <p>{t('empty.noPermission.body')}</p>
          <Commands list={PERMISSION_COMMANDS} />
          {screen.reason && <p className="muted">{t('empty.reason', { reason: screen.reason })}</p>}
        </>
      )}
    </section>
  );
}

/** `children` go first: notices of their own making (the snapshot banner) share the stack. */
export function Notices({ notices, children }: { notices: Notice[]; children?: ReactNode }) {
  const { t } = useTranslation();
  if (notices.length === 0 && children === undefined) return null;
  return (
    <div className="notices">
      {children}
      {notices.map((n) =>
        n.kind === 'reconnecting' ? (
          <p key="reconnecting" className="notice warning" role="alert">
            {t('banner.reconnecting')}
          </p>
        ) : (
          <p key={n.facet} className="notice warning">
            {t('banner.facet', { facet: t(`status.facets.${n.facet}`), reason: n.reason ?? '—' })}
          </p>
        ),
      )}
    </div>
  );
}

export function NoContainersCard() {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  return (
    <section className="card-overlay" aria-labelledby="no-containers-title" data-testid="no-containers">
      <h2 id="no-containers-title">{t('empty.noContainers.title')}</h2>
      <p>{t('empty.noContainers.body')}</p>
      <Commands list={STARTER_COMMANDS} />
      <button type="button" className="button" onClick={() => setDismissed(true)}>
        {t('empty.noContainers.dismiss')}
      </button>
    </section>
  );
}
