// zod must be put in jitless mode before any schema runs: the CSP forbids eval.
import './zod-config.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { pickTransport } from './client/pick-transport.js';
import { TopologyClient } from './client/topology-client.js';
import { initI18n } from './i18n/setup.js';
import { attachClient, useAppStore } from './store/app-store.js';

initI18n(useAppStore.getState().language);

const client = new TopologyClient({ transport: pickTransport(window) });
attachClient(client);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
client.start();
