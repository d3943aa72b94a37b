/**
 * The renderer's whole view of Electron: `window.netloom`, a NetloomBridge. Compiled to
 * dist/electron/preload.cjs: a sandboxed preload is CommonJS and may require only
 * 'electron' (and a few built-ins), so this file imports types from the rest of the
 * project and nothing else. Neither ipcRenderer nor an IPC event ever reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IPC_CHANNELS, NetloomBridge } from '../core/protocol/bridge.js';

// The names are repeated because the sandbox cannot load bridge.js; `typeof IPC_CHANNELS`
// makes the compiler reject any drift between the two copies.
const CHANNELS: typeof IPC_CHANNELS = {
  toCore: 'netloom:to-core',
  fromCore: 'netloom:from-core',
  connect: 'netloom:connect',
};

/** Bounded: a page that never listens must not make the preload hold the stream forever. */
const MAX_EARLY_MESSAGES = 1000;

const listeners = new Set<(message: unknown) => void>();
// The core answers `connect` with hello before the page's scripts have run; keep what
// arrives until the first listener, instead of dropping it.
let early: unknown[] | null = [];

ipcRenderer.on(CHANNELS.fromCore, (_event, message: unknown) => {
  if (early) {
    if (early.length < MAX_EARLY_MESSAGES) early.push(message);
    return;
  }
  for (const listener of listeners) listener(message);
});

const bridge: NetloomBridge = {
  send(message: unknown): void {
    ipcRenderer.send(CHANNELS.toCore, message);
  },
  onMessage(listener: (message: unknown) => void): () => void {
    const wrapped = (message: unknown): void => listener(message);
    listeners.add(wrapped);
    if (early) {
      const pending = early;
      early = null;
      for (const message of pending) wrapped(message);
    }
    return () => {
      listeners.delete(wrapped);
    };
  },
  host: 'electron',
};

contextBridge.exposeInMainWorld('netloom', bridge);
ipcRenderer.send(CHANNELS.connect);
