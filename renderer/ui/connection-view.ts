import type { ConnectionState } from '../client/topology-client.js';
import { byId } from './dom.js';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  incompatible: 'Incompatible server',
  closed: 'Closed',
};

/** The header pill, the page's `data-state` for styling, and the banners that explain it. */
export function showConnection(state: ConnectionState, detail: string | null, hasTopology: boolean): void {
  document.body.dataset['state'] = state;
  byId('connection-label').textContent = LABELS[state];

  const lost = byId('connection-banner');
  lost.hidden = state !== 'reconnecting';
  byId('connection-title').textContent = hasTopology
    ? 'Connection lost: showing the last known state'
    : 'Not connected to the Netloom core';
  byId('connection-detail').textContent = state === 'reconnecting' ? capitalise(detail ?? 'connection lost') : '';

  byId('incompatible').hidden = state !== 'incompatible';
  byId('incompatible-detail').textContent = state === 'incompatible' ? (detail ?? '') : '';
}

const capitalise = (text: string): string =>
  text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
