import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { aboutText, menuTemplate } from './menu.js';

const roles = (items: MenuItemConstructorOptions[]): unknown[] =>
  items.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu.map((i) => i.role ?? i.label ?? i.type) : []));

test('DevTools only in development', () => {
  const dev = menuTemplate({ packaged: false, showAbout: () => undefined });
  const packaged = menuTemplate({ packaged: true, showAbout: () => undefined });
  assert.ok(roles(dev).includes('toggleDevTools'));
  assert.ok(!roles(packaged).includes('toggleDevTools'));
  assert.deepEqual(
    packaged.map((m) => m.label),
    ['File', 'View', 'Help'],
  );
  for (const role of ['quit', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'About Netloom']) {
    assert.ok(roles(packaged).includes(role), role);
  }
});

test('About shows the version', () => {
  let shown = 0;
  const help = menuTemplate({ packaged: true, showAbout: () => (shown += 1) })[2];
  const about = Array.isArray(help?.submenu) ? help.submenu[0] : undefined;
  (about?.click as (() => void) | undefined)?.();
  assert.equal(shown, 1);
  const text = aboutText('1.2.3', { ...process.versions, electron: '45.5.0', chrome: '140.0' });
  assert.equal(text.message, 'Netloom 1.2.3');
  assert.match(text.detail, /Electron 45\.5\.0/);
});
