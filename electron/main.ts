/**
 * Electron's main process, kept thin: it wires Electron's objects to plain modules that
 * are tested in Node (the relay, window options and state, URL checks, the menu).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import type { WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_LOG_FILE } from '../core/commands/action-log.js';
import { appControl } from '../core/commands/control-policy.js';
import { createCore, type Core } from '../core/commands/core.js';
import type { ServerConnection } from '../core/protocol/transport.js';
import { APP_ENTRY_URL, APP_SCHEME, contentTypeFor, isAppUrl, isSafeExternalUrl, resolveAppFile } from './app-url.js';
import { IpcRelay } from './ipc-relay.js';
import { aboutText, menuTemplate } from './menu.js';
import { describePrivileges, probePrivileges } from './privileges.js';
import { loadReadOnly, saveReadOnly, SETTINGS_FILE } from './read-only-setting.js';
import { appPaths, CONTENT_SECURITY_POLICY, missingRendererPage, windowOptions } from './window-options.js';
import * as windowState from './window-state.js';

const paths = appPaths(dirname(fileURLToPath(import.meta.url)));
const log = (line: string): void => void process.stderr.write(`netloom: ${line}\n`);
let mainWindow: BrowserWindow | null = null;

// Scheme privileges can only be granted before 'ready'.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** Every webContents, ours or not: no navigation away, no new windows, no <webview>. */
function guard(contents: WebContents): void {
  const refuseNavigation = (event: { url: string; preventDefault(): void }): void => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log(`blocked navigation to ${event.url}`);
  };
  contents.on('will-frame-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    else log(`blocked opening ${url}`);
    return { action: 'deny' };
  });
}

/** Serves dist/renderer as app://netloom/. webRequest header hooks never see custom schemes, so the CSP goes here too. */
function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(paths.rendererDir, request.url);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const headers = { 'content-type': contentTypeFor(file), 'content-security-policy': CONTENT_SECURITY_POLICY };
      return new Response(await readFile(file), { headers });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([k]) => k.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied permission ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
}

function createWindow(relay: IpcRelay): BrowserWindow {
  const stateFile = join(app.getPath('userData'), windowState.WINDOW_STATE_FILE);
  let states = windowState.loadWindowStates(stateFile);
  const placed = windowState.placeWindow(states, screen.getAllDisplays(), screen.getPrimaryDisplay());
  const win = new BrowserWindow(windowOptions(paths.preload, placed.bounds));
  if (placed.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    states = windowState.rememberWindowState(states, screen.getDisplayMatching(bounds), {
      bounds,
      maximized: win.isMaximized(),
    });
    try {
      windowState.saveWindowStates(stateFile, states);
    } catch (err) {
      log(`could not save the window state: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  relay.addWindow(win.webContents);
  if (existsSync(paths.rendererIndex)) void win.loadURL(APP_ENTRY_URL);
  else void win.loadURL(missingRendererPage(paths.rendererIndex));
  return win;
}

function showAbout(): void {
  const { message, detail } = aboutText(app.getVersion(), process.versions);
  const options = { type: 'info' as const, title: 'About Netloom', message, detail, buttons: ['OK'] };
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => guard(contents));
  await app.whenReady();
  hardenSession();
  serveRenderer();
  const settingsFile = join(app.getPath('userData'), SETTINGS_FILE);
  const readOnly = loadReadOnly(settingsFile, log);
  log(describePrivileges(await probePrivileges()));

  // The window opens at once; its connection waits for the core's first full read.
  const core: Promise<Core> = createCore({
    version: app.getVersion(),
    source: { kind: 'live', live: { skipDocker: process.argv.includes('--no-docker') } },
    control: appControl(readOnly),
    actionLogFile: join(app.getPath('userData'), ACTION_LOG_FILE),
    log,
  });
  const accept = (conn: ServerConnection): void =>
    void core.then(
      (c) => c.server.accept(conn),
      () => conn.close('the core did not start'),
    );
  const relay = new IpcRelay({ ipcMain, isAppUrl, log, server: { accept } });
  core.catch((err: unknown) => {
    dialog.showErrorBox('Netloom could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
  const setReadOnly = (value: boolean): void => {
    try {
      saveReadOnly(settingsFile, value);
    } catch (err) {
      log(`could not save the read-only setting: ${err instanceof Error ? err.message : String(err)}`);
    }
    void core.then((c) => {
      c.setControl(appControl(value));
      relay.reconnectAll(value ? 'read-only mode on' : 'read-only mode off');
    });
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ packaged: app.isPackaged, showAbout, readOnly, setReadOnly })),
  );

  mainWindow = createWindow(relay);
  mainWindow.on('closed', () => (mainWindow = null));
  app.on('window-all-closed', () => app.quit());

  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    // Stop following the host (event streams, `ip monitor`) before the process goes.
    event.preventDefault();
    stopped = true;
    relay.dispose();
    // A core still in its first read is waited for, but never for long.
    const stopCore = core.then((c) => c.stop()).catch(() => undefined);
    void Promise.race([stopCore, new Promise((resolve) => setTimeout(resolve, 5000))]).finally(() => app.quit());
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  start().catch((err: unknown) => {
    log(`startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    app.exit(1);
  });
}
