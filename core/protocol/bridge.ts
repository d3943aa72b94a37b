/**
 * The API Electron's preload script exposes to the renderer as `window.netloom`
 * (contextBridge). Narrow on purpose: messages in, messages out; no ipcRenderer.
 * Types only, so both the preload and the renderer can import it.
 */
export interface NetloomBridge {
  /** Sends one client message (ClientMessage) to the core in the main process. */
  send(message: unknown): void;
  /** Registers the receiver of server messages (ServerMessage); returns an unsubscribe function. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** Where the UI is hosted, for display. */
  readonly host: 'electron';
}

/** IPC channel names, shared by the preload and the main-process relay. */
export const IPC_CHANNELS = {
  /** renderer → main: one ClientMessage. */
  toCore: 'netloom:to-core',
  /** main → renderer: one ServerMessage. */
  fromCore: 'netloom:from-core',
  /** renderer → main: open (or reopen) the protocol connection for this window. */
  connect: 'netloom:connect',
} as const;
