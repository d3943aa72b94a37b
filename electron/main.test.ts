import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { IPC_CHANNELS } from '../core/protocol/bridge.js';
import { APP_ENTRY_URL } from './app-url.js';
import { appPaths, CONTENT_SECURITY_POLICY, webPreferences } from './window-options.js';

/**
 * main.ts run for real in Node, against a recording fake of Electron (test-support/):
 * the only way to exercise its wiring on a machine without Electron's binary. node --test
 * runs each file in its own process, so main's top-level side effects stay here.
 */
register('./test-support/fake-hooks.js', import.meta.url);
const fake = await import('./test-support/fake-electron.js');
const { liveRecord } = await import('./test-support/fake-live.js');
await import('./main.js');

after(() => rmSync(fake.record.userData, { recursive: true, force: true }));

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(check(), 'timed out');
};
await until(() => fake.record.windows.length === 1);
const win = fake.record.windows[0] as InstanceType<typeof fake.FakeBrowserWindow>;
const contents = win.webContents;
const paths = appPaths(new URL('.', import.meta.url).pathname);
const appEvent = (frame = contents.mainFrame) => ({ sender: contents, senderFrame: frame });
const received = () => contents.sent.filter((s) => s.channel === IPC_CHANNELS.fromCore).map((s) => s.message);

test('one window with the secure preferences and the compiled preload', () => {
  assert.deepEqual(win.options['webPreferences'], webPreferences(paths.preload));
  assert.ok(existsSync(paths.preload), 'dist/electron/preload.cjs is built');
  assert.deepEqual(fake.record.privilegedSchemes, [
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  const expected = existsSync(paths.rendererIndex) ? APP_ENTRY_URL : 'data:';
  assert.ok(win.loadedUrl?.startsWith(expected), win.loadedUrl ?? '');
  win.emit('ready-to-show');
  assert.ok(win.shown);
  assert.deepEqual(liveRecord.options.length, 1);
});

test('the renderer talks to the core over the relay', async () => {
  contents.mainFrame.url = APP_ENTRY_URL;
  fake.ipcMain.emit(IPC_CHANNELS.connect, appEvent());
  await until(() => received().length === 1);
  assert.deepEqual(received()[0], {
    type: 'hello',
    protocol: 1,
    version: '0.0.0-test',
    source: { kind: 'live' },
    control: { enabled: true },
  });
  fake.ipcMain.emit(IPC_CHANNELS.toCore, appEvent(), { type: 'subscribe' });
  assert.equal((received()[1] as { type: string }).type, 'snapshot');
  assert.equal(liveRecord.listeners.size, 1);
  // The same window showing a foreign page gets nothing.
  const foreign = new fake.FakeFrame('https://example.com/', contents.mainFrame.routingId);
  fake.ipcMain.emit(IPC_CHANNELS.toCore, appEvent(foreign), { type: 'request', id: 1, method: 'ping' });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(received().length, 2);
});

test('navigation away and new windows are refused; web links go to the system browser', () => {
  let prevented = 0;
  contents.emit('will-frame-navigate', { url: 'https://example.com/', preventDefault: () => (prevented += 1) });
  contents.emit('will-redirect', { url: 'file:///etc/passwd', preventDefault: () => (prevented += 1) });
  contents.emit('will-frame-navigate', { url: 'app://netloom/index.html', preventDefault: () => (prevented += 1) });
  assert.equal(prevented, 2);
  let webview = 0;
  contents.emit('will-attach-webview', { preventDefault: () => (webview += 1) });
  assert.equal(webview, 1);
  assert.deepEqual(contents.openHandler?.({ url: 'https://docs.docker.com/' }), { action: 'deny' });
  assert.deepEqual(contents.openHandler?.({ url: 'file:///etc/passwd' }), { action: 'deny' });
  assert.deepEqual(fake.record.openedExternally, ['https://docs.docker.com/']);
});

test('the session sets the CSP and denies every permission', () => {
  let headers: unknown;
  fake.record.headersHandler?.(
    { responseHeaders: { 'content-security-policy': ["script-src 'unsafe-eval'"], 'x-other': ['1'] } },
    (r) => (headers = r),
  );
  assert.deepEqual(headers, {
    responseHeaders: { 'x-other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
  });
  let granted: boolean | undefined;
  fake.record.permissionRequestHandler?.(contents, 'media', (ok) => (granted = ok));
  assert.equal(granted, false);
  assert.equal(fake.record.permissionCheckHandler?.(), false);
});

test('app:// serves only the renderer directory, with the CSP', async () => {
  const handler = fake.record.protocolHandlers.get('app');
  assert.ok(handler);
  for (const url of ['app://netloom/assets/%2e%2e%2f%2e%2e%2fpackage.json', 'app://other/index.html']) {
    assert.equal((await handler({ url })).status, 404, url);
  }
  if (existsSync(paths.rendererIndex)) {
    const response = await handler({ url: APP_ENTRY_URL });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  } else {
    assert.equal((await handler({ url: APP_ENTRY_URL })).status, 404);
  }
});

test('Read-only mode: toggling it saves the setting and greets the window again with control off', async () => {
  const view = (
    fake.record.menu as { label?: string; submenu?: { label?: string; click?: (i: unknown) => void }[] }[]
  )[1];
  const item = view?.submenu?.find((i) => i.label === 'Read-only mode');
  assert.ok(item?.click);
  item.click({ checked: true });
  await until(() => received().filter((m) => (m as { type: string }).type === 'hello').length === 2);
  const hello = received().filter((m) => (m as { type: string }).type === 'hello')[1] as {
    control: { enabled: boolean };
  };
  assert.equal(hello.control.enabled, false);
  const saved = JSON.parse(readFileSync(join(fake.record.userData, 'settings.json'), 'utf8'));
  assert.deepEqual(saved, { readOnly: true });
  fake.ipcMain.emit(IPC_CHANNELS.toCore, appEvent(), { type: 'request', id: 9, method: 'network.prune', params: {} });
  await until(() => received().some((m) => (m as { id?: number }).id === 9));
  const refused = received().find((m) => (m as { id?: number }).id === 9) as { ok: boolean; error: { code: string } };
  assert.equal(refused.error.code, 'not-permitted');
});

test('the menu has DevTools in development, and a second instance focuses the window', () => {
  const labels = JSON.stringify(fake.record.menu);
  assert.match(labels, /toggleDevTools/);
  fake.app.emit('second-instance', {}, [], '/');
  assert.equal(win.focused, 1);
});

test('closing saves the window state; quitting stops the core', async () => {
  win.emit('close');
  const saved = JSON.parse(readFileSync(join(fake.record.userData, 'window-state.json'), 'utf8'));
  assert.equal(saved.version, 1);
  assert.equal(Object.keys(saved.byDisplay).length, 1);
  contents.destroy();
  assert.equal(liveRecord.listeners.size, 0, 'the window’s stream ended with it');
  fake.app.quit();
  await until(() => fake.record.quits === 1);
  assert.equal(liveRecord.stopped, 1);
  assert.deepEqual(fake.record.exits, []);
  assert.deepEqual(fake.record.errorBoxes, []);
});
