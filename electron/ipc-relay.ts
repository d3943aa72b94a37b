import { IPC_CHANNELS } from '../core/protocol/bridge.js';
import type { ServerMessage } from '../core/protocol/messages.js';
import type { ServerConnection } from '../core/protocol/transport.js';

/**
 * The protocol over Electron IPC, one connection per window, and the only place IPC
 * handlers are registered (GitHub Desktop's single typed wrapper; VS Code's sender
 * checks). It takes ipcMain and each window's webContents as parameters so that it runs,
 * and is tested, in plain Node: Electron's own objects satisfy these small interfaces.
 */

/** The part of Electron's WebFrameMain the sender check needs. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}

/** The part of Electron's WebContents the relay needs. */
export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** The part of Electron's IpcMainEvent the relay reads. */
export interface IpcEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: FrameLike | null;
}

type IpcListener = (event: IpcEventLike, ...args: unknown[]) => void;

/** The part of Electron's ipcMain the relay needs. */
export interface IpcMainLike {
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

/** Who takes each new connection: ProtocolServer, or something that hands it on later. */
export interface ConnectionAcceptor {
  accept(connection: ServerConnection): void;
}

export interface IpcRelayOptions {
  ipcMain: IpcMainLike;
  server: ConnectionAcceptor;
  /** The app's own renderer URL test; any other page gets nothing and is heard from never. */
  isAppUrl(url: string): boolean;
  log(line: string): void;
}

const MAX_PENDING = 1000;

/** One window's protocol connection. */
class IpcConnection implements ServerConnection {
  readonly description: string;
  private readonly messageHandlers: ((message: unknown) => void)[] = [];
  private readonly closeHandlers: (() => void)[] = [];
  /**
   * Messages that came before anyone listened (the server is accepted late when the core
   * is still starting); null once they have been handed on.
   */
  private pending: unknown[] | null = [];
  private closed = false;

  constructor(
    private readonly contents: WebContentsLike,
    private readonly isAppUrl: (url: string) => boolean,
    private readonly log: (line: string) => void,
  ) {
    this.description = `electron window ${contents.id}`;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(message: ServerMessage): void {
    if (this.closed) return;
    if (this.contents.isDestroyed()) return this.close('window destroyed');
    // The navigation guard should make this impossible; the topology still never goes to a page that is not ours.
    if (!this.isAppUrl(this.contents.mainFrame.url)) return this.close('the window left the app');
    this.contents.send(IPC_CHANNELS.fromCore, message);
  }

  onMessage(handler: (message: unknown) => void): void {
    this.messageHandlers.push(handler);
    if (this.messageHandlers.length > 1) return;
    if (this.pending?.length === 0) this.pending = null;
    // Kept messages go later, not now: the server registers its handler before it sends
    // hello, and the client's first messages must not be answered before that hello.
    else queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const pending = this.pending ?? [];
    this.pending = null;
    for (const m of pending) this.dispatch(m);
  }

  private dispatch(message: unknown): void {
    for (const h of this.messageHandlers) if (!this.closed) h(message);
  }

  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = null;
    this.log(`${this.description}: connection closed (${reason})`);
    for (const h of this.closeHandlers.splice(0)) h();
  }

  deliver(message: unknown): void {
    if (this.closed) return;
    if (!this.pending) return this.dispatch(message);
    // Our renderer sends a handful before the core is up; a flood means something else is talking.
    if (this.pending.length >= MAX_PENDING) return this.close('too many messages before the core started');
    this.pending.push(message);
  }
}

interface RelayWindow {
  contents: WebContentsLike;
  connection: IpcConnection | null;
}

export class IpcRelay {
  private readonly windows = new Map<number, RelayWindow>();
  private readonly listeners: [string, IpcListener][];

  constructor(private readonly options: IpcRelayOptions) {
    this.listeners = [
      [IPC_CHANNELS.connect, (event) => this.onConnect(event)],
      [IPC_CHANNELS.toCore, (event, message) => this.onToCore(event, message)],
    ];
    for (const [channel, listener] of this.listeners) options.ipcMain.on(channel, listener);
  }

  /** Lets this window talk to the core; its connection ends when the window is destroyed. */
  addWindow(contents: WebContentsLike): void {
    if (this.windows.has(contents.id)) return;
    this.windows.set(contents.id, { contents, connection: null });
    contents.once('destroyed', () => {
      const window = this.windows.get(contents.id);
      this.windows.delete(contents.id);
      window?.connection?.close('window closed');
    });
  }

  /** Open connections, for tests and logs. */
  get connectionCount(): number {
    let n = 0;
    for (const w of this.windows.values()) if (w.connection && !w.connection.isClosed) n += 1;
    return n;
  }

  /**
   * Ends every window's connection and opens a new one in its place, so each window gets
   * a fresh hello (after the read-only setting changed: hello says whether control is on).
   * The renderer answers a hello by subscribing again.
   */
  reconnectAll(reason: string): void {
    for (const window of this.windows.values()) {
      if (!window.connection || window.connection.isClosed) continue;
      window.connection.close(reason);
      this.open(window);
    }
  }

  /** Stops listening and closes every connection (on quit). */
  dispose(): void {
    for (const [channel, listener] of this.listeners) this.options.ipcMain.removeListener(channel, listener);
    for (const w of this.windows.values()) w.connection?.close('shutting down');
    this.windows.clear();
  }

  private onConnect(event: IpcEventLike): void {
    const window = this.checkSender(event, IPC_CHANNELS.connect);
    if (!window) return;
    // A reload runs the preload again: the old page's stream must stop before the new one starts.
    window.connection?.close('reconnected');
    this.open(window);
  }

  private open(window: RelayWindow): void {
    const connection = new IpcConnection(window.contents, this.options.isAppUrl, this.options.log);
    window.connection = connection;
    this.options.server.accept(connection);
  }

  private onToCore(event: IpcEventLike, message: unknown): void {
    const window = this.checkSender(event, IPC_CHANNELS.toCore);
    if (!window) return;
    if (!window.connection || window.connection.isClosed) {
      this.options.log(
        `${IPC_CHANNELS.toCore} from window ${window.contents.id} before ${IPC_CHANNELS.connect}: ignored`,
      );
      return;
    }
    window.connection.deliver(message);
  }

  /**
   * The window a message came from, when it came from the main frame of a window we
   * created, showing the app's own page. Subframes, other webContents and foreign pages
   * are refused: they could only be content we did not write.
   */
  private checkSender(event: IpcEventLike, channel: string): RelayWindow | null {
    const refuse = (why: string): null => {
      this.options.log(`refused ${channel}: ${why}`);
      return null;
    };
    const sender = event.sender as WebContentsLike | undefined;
    const window = sender ? this.windows.get(sender.id) : undefined;
    if (!sender || !window || window.contents !== sender) return refuse(`unknown sender (webContents ${sender?.id})`);
    if (sender.isDestroyed()) return refuse(`window ${sender.id} is destroyed`);
    const frame = event.senderFrame;
    if (!frame) return refuse(`window ${sender.id}: the sending frame is gone`);
    const main = sender.mainFrame;
    if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) {
      return refuse(`window ${sender.id}: not the main frame (${frame.url})`);
    }
    if (!this.options.isAppUrl(frame.url)) return refuse(`window ${sender.id}: foreign page ${frame.url}`);
    return window;
  }
}
