import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Just enough of Electron's main-process API for main.ts to run in plain Node, recording
 * what main does with it. Only main.test.ts uses it (through fake-hooks.ts).
 */

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const record = {
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
  windows: [] as FakeBrowserWindow[],
  menu: null as unknown,
  headersHandler: null as null | ((details: unknown, callback: (response: unknown) => void) => void),
  permissionRequestHandler: null as
    null | ((contents: unknown, permission: string, callback: (ok: boolean) => void) => void),
  permissionCheckHandler: null as null | ((...args: unknown[]) => boolean),
  openedExternally: [] as string[],
  quits: 0,
  exits: [] as number[],
  errorBoxes: [] as string[],
  userData: mkdtempSync(join(tmpdir(), 'netloom-fake-userdata-')),
};

export class FakeFrame {
  parent = null;
  processId = 4;
  constructor(
    public url: string,
    public routingId: number,
  ) {}
}

let nextId = 1;
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame = new FakeFrame('', this.id);
  readonly sent: { channel: string; message: unknown }[] = [];
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  private destroyed = false;
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  maximized = false;
  focused = 0;
  shown = false;
  constructor(readonly options: Record<string, unknown> & Partial<Rect>) {
    super();
    record.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {
    this.focused += 1;
  }
  show(): void {
    this.shown = true;
  }
  getNormalBounds(): Rect {
    const { x = 0, y = 0, width = 0, height = 0 } = this.options;
    return { x, y, width, height };
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake app.getPath(${name})`);
    return record.userData;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  /** Like Electron: 'will-quit' may be prevented; otherwise the app quits. */
  quit(): void {
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) record.quits += 1;
  }
  exit(code: number): void {
    record.exits.push(code);
  }
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = new EventEmitter();
export const dialog = {
  showMessageBox: async (): Promise<{ response: number }> => ({ response: 0 }),
  showErrorBox: (title: string, content: string): void => void record.errorBoxes.push(`${title}: ${content}`),
};
export const Menu = {
  buildFromTemplate: (template: unknown): unknown => template,
  setApplicationMenu: (menu: unknown): void => void (record.menu = menu),
};
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]): void => void record.privilegedSchemes.push(...schemes),
  handle: (scheme: string, handler: (request: { url: string }) => Promise<Response>): void =>
    void record.protocolHandlers.set(scheme, handler),
};
const display = {
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1050 },
};
export const screen = {
  getAllDisplays: () => [display],
  getPrimaryDisplay: () => display,
  getDisplayMatching: () => display,
};
export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived: (handler: typeof record.headersHandler): void => void (record.headersHandler = handler),
    },
    setPermissionRequestHandler: (handler: typeof record.permissionRequestHandler): void =>
      void (record.permissionRequestHandler = handler),
    setPermissionCheckHandler: (handler: typeof record.permissionCheckHandler): void =>
      void (record.permissionCheckHandler = handler),
  },
};
export const shell = {
  openExternal: async (url: string): Promise<void> => void record.openedExternally.push(url),
};
