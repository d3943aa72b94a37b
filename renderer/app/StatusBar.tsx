import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store.js';
import { shownSnapshot } from '../store/snapshot-file.js';
import { FACET_KEYS } from './logic/facets.js';
import { countByKind } from './logic/node-counts.js';

const time = (ms: number, lang: string): string => new Date(ms).toLocaleTimeString(lang);

/** Connection, engine, what could not be read (and why), counts, last change; plus the polite live region. */
export function StatusBar({ announcement }: { announcement: string }) {
  const { t } = useTranslation();
  const connection = useAppStore((s) => s.connection);
  const topology = useAppStore((s) => s.topology);
  const recent = useAppStore((s) => s.recent);
  const language = useAppStore((s) => s.language);
  const counts = useMemo(() => (topology ? countByKind(topology) : null), [topology]);
  const engine = topology?.host.engine;
  const serverSource = useAppStore((s) => s.serverSource);
  const openedFile = useAppStore((s) => s.openedFile);
  const snapshot = shownSnapshot(openedFile, serverSource);

  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <span className="connection" data-state={connection} data-testid="connection">
        <span className="dot" aria-hidden="true" />
        {/* Connected, but to a server that only serves a file: "Live" would be untrue. */}
        {connection === 'live' && serverSource?.kind === 'file'
          ? t('snapshot.connectionFile')
          : t(`status.connection.${connection}`)}
      </span>
      {snapshot && topology && (
        <span className="snapshot-status" data-testid="snapshot-status" title={snapshot.name}>
          {t('snapshot.status', { host: topology.host.hostname })}
        </span>
      )}
      {topology && (
        <span className="engine">
          {topology.host.hostname} · {engine ? t('status.engine', { version: engine.version }) : t('status.noEngine')}
        </span>
      )}
      {topology &&
        FACET_KEYS.filter((k) => !topology.facets[k].ok).map((k) => (
          <span key={k} className="facet-missing" title={topology.facets[k].reason ?? ''} tabIndex={0}>
            ? {t('status.facetMissing', { facet: t(`status.facets.${k}`) })}
          </span>
        ))}
      {counts && (
        <span className="counts">
          {t('status.counts', {
            containers: counts.get('container'),
            networks: counts.get('network'),
            interfaces: counts.get('interface'),
            ports: counts.get('port'),
          })}
        </span>
      )}
      <span className="last-change">
        {recent
          ? t('status.lastChange', { time: time(recent.at, language) })
          : topology
            ? t('status.snapshotAt', { time: time(Date.parse(topology.capturedAt), language) })
            : ''}
      </span>
      <span role="status" aria-live="polite" className="announcement" data-testid="announcer">
        {announcement}
      </span>
    </footer>
  );
}
