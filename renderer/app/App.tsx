import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GraphCanvas } from '../graph/GraphCanvas.js';
import { applyLanguage } from '../i18n/setup.js';
import { useAppStore } from '../store/app-store.js';
import { pictureKey } from '../store/snapshot-file.js';
import { ActionLogPanel } from './control/ActionLogPanel.js';
import { ContextMenu } from './control/ContextMenu.js';
import { DialogHost } from './control/DialogHost.js';
import { EffectCard } from './control/EffectCard.js';
import { Inspector } from './Inspector.js';
import { MatrixView } from './reach/MatrixView.js';
import { ReachPanel } from './reach/ReachPanel.js';
import { KeyboardTree } from './KeyboardTree.js';
import { Legend } from './Legend.js';
import { noticesFor, screenFor, showsNoContainers } from './logic/screens.js';
import type { FileLike } from './logic/snapshot-file-read.js';
import { openSnapshotFile } from './open-snapshot.js';
import { NoContainersCard, Notices, ScreenView } from './Screens.js';
import { SnapshotBanner, SnapshotError } from './SnapshotBanner.js';
import { StatusBar } from './StatusBar.js';
import { TableView } from './TableView.js';
import { Toolbar } from './Toolbar.js';
import { useAnnouncements } from './useAnnouncements.js';
import { useFileDrop } from './useFileDrop.js';

const openDropped = (file: FileLike): void => void openSnapshotFile(file);

/** Theme and language live in the store; the document follows them (CSS variables, <html lang>). */
function useDocumentPrefs(): void {
  const theme = useAppStore((s) => s.theme);
  const language = useAppStore((s) => s.language);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => applyLanguage(language), [language]);
}

export function App() {
  const { t } = useTranslation();
  useDocumentPrefs();
  const connection = useAppStore((s) => s.connection);
  const connectionDetail = useAppStore((s) => s.connectionDetail);
  const topology = useAppStore((s) => s.topology);
  const view = useAppStore((s) => s.view);
  const display = useAppStore((s) => s.display);
  const announcement = useAnnouncements();
  const [error, setError] = useState('');
  const fileOpen = useAppStore((s) => s.openedFile !== null);
  const picture = useAppStore(pictureKey);
  const dragging = useFileDrop(openDropped);
  const panel = useAppStore((s) => s.panel);

  // An opened file is drawn whatever the connection does: no connection screen or notice covers it.
  const input = { connection: fileOpen ? 'live' : connection, connectionDetail, topology, view } as const;
  const screen = screenFor(input);
  const notices = noticesFor(input, screen);

  return (
    <div className="app" data-connection={connection}>
      <Toolbar onError={setError} />
      <SnapshotBanner />
      <main className={`workspace ${panel === 'reach' ? 'wide-panel' : ''}`}>
        <div className="graph-area">
          <Notices notices={notices}>
            <SnapshotError />
          </Notices>
          {/* The canvas stays mounted under a screen, so it keeps its state through a reconnect;
              a new source (a file, back to live) starts a fresh one. */}
          <GraphCanvas
            key={picture}
            className={`graph-canvas ${screen || display === 'table' ? 'covered' : ''}`}
            ariaLabel={t('toolbar.label')}
          />
          {screen && <ScreenView screen={screen} />}
          {!screen && display === 'table' && <TableView />}
          {showsNoContainers(topology, screen) && <NoContainersCard />}
          {!screen && display === 'graph' && <Legend />}
          {display === 'graph' && <KeyboardTree />}
          {!screen && <EffectCard />}
          {!screen && <MatrixView />}
        </div>
        {panel === 'log' ? <ActionLogPanel /> : panel === 'reach' ? <ReachPanel /> : <Inspector />}
      </main>
      <StatusBar announcement={announcement} />
      <p role="alert" className="visually-hidden" data-testid="errors">
        {error}
      </p>
      <ContextMenu />
      <DialogHost />
      {dragging && (
        <div className="drop-hint" data-testid="drop-hint" aria-hidden="true">
          <p>{t('snapshot.drop')}</p>
        </div>
      )}
    </div>
  );
}
