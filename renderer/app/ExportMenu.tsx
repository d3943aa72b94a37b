import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store.js';
import { download, exportName } from './download.js';
import { graphHandle } from '../graph/graph-handle.js';
import { Icon } from './Icon.js';
import { Menu } from './Menu.js';

type Format = 'png' | 'svg' | 'json';

export function ExportMenu({ onError }: { onError: (message: string) => void }) {
  const { t } = useTranslation();
  const run = (format: Format): void => {
    const graph = graphHandle();
    const { topology } = useAppStore.getState();
    if (!graph || !topology) return;
    const name = exportName(topology.host.hostname, format);
    try {
      if (format === 'png') download(graph.png(), name, 'image/png');
      else if (format === 'svg') download(graph.svg(), name, 'image/svg+xml');
      else download(graph.json() ?? '', name, 'application/json');
    } catch (err) {
      onError(t('toolbar.exportFailed', { reason: err instanceof Error ? err.message : String(err) }));
    }
  };
  return (
    <Menu
      label={t('toolbar.export')}
      className="export"
      summary={
        <>
          <Icon name="download" />
          <span className="button-text">{t('toolbar.export')}</span>
        </>
      }
    >
      <div role="group" aria-label={t('toolbar.export')} className="menu-items">
        <button type="button" className="button menu-item" data-export="png" onClick={() => run('png')}>
          {t('toolbar.exportPng')}
        </button>
        <button type="button" className="button menu-item" data-export="svg" onClick={() => run('svg')}>
          {t('toolbar.exportSvg')}
        </button>
        <button type="button" className="button menu-item" data-export="json" onClick={() => run('json')}>
          {t('toolbar.exportJson')}
        </button>
      </div>
    </Menu>
  );
}
