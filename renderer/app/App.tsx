import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GraphCanvas } from '../graph/GraphCanvas.js';
import { applyLanguage } from '../i18n/setup.js';
import { useAppStore } from '../store/app-store.js';
import { Inspector } from './Inspector.js';
import { KeyboardTree } from './KeyboardTree.js';
import { Legend } from './Legend.js';
import { noticesFor, screenFor, showsNoContainers } from './logic/screens.js';
import { NoContainersCard, Notices, ScreenView } from './Screens.js';
import { StatusBar } from './StatusBar.js';
import { TableView } from './TableView.js';
import { Toolbar } from './Toolbar.js';
import { useAnnouncements } from './useAnnouncements.js';

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

  const input = { connection, connectionDetail, topology, view };
  const screen = screenFor(input);
  const notices = noticesFor(input, screen);

  return (
    <div className="app" data-connection={connection}>
      <Toolbar onError={setError} />
      <main className="workspace">
        <div className="graph-area">
          <Notices notices={notices} />
          {/* The canvas stays mounted under a screen, so it keeps its state through a reconnect. */}
          <GraphCanvas
            className={`graph-canvas ${screen || display === 'table' ? 'covered' : ''}`}
            ariaLabel={t('toolbar.label')}
          />
          {screen && <ScreenView screen={screen} />}
          {!screen && display === 'table' && <TableView />}
          {showsNoContainers(topology, screen) && <NoContainersCard />}
          {!screen && display === 'graph' && <Legend />}
          {display === 'graph' && <KeyboardTree />}
        </div>
        <Inspector />
      </main>
      <StatusBar announcement={announcement} />
      <p role="alert" className="visually-hidden" data-testid="errors">
        {error}
      </p>
    </div>
  );
}
