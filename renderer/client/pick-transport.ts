import type { NetloomBridge } from '../../core/protocol/bridge.js';
import { IpcTransport } from './ipc-transport.js';
import type { ClientTransport } from './transport.js';
import { WebSocketTransport, webSocketUrl } from './websocket-transport.js';

declare global {
  interface Window {
    /** Present only inside Electron, where the preload script exposes it. */
    netloom?: NetloomBridge;
  }
}

/** Electron's IPC bridge when the preload provided one, else `netloom serve`'s WebSocket. */
export function pickTransport(win: Window = window): ClientTransport {
  return win.netloom ? new IpcTransport(win.netloom) : new WebSocketTransport(webSocketUrl(win.location));
}
