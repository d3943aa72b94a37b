import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { aboutText, menuTemplate } from './menu.js';

const roles = (items: MenuItemConstructorOptions[]): unknown[] =>
  items.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu.map((i) => i.role ?? i.label ?? i.type) : []));

const base = { packaged: true, showAbout: () => undefined, readOnly: false, setReadOnly: () => undefined };

test('DevTools only in development', () => {
  const dev = menuTemplate({ ...base, packaged: false });
  const packaged = menuTemplate(base);
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
  const help = menuTemplate({ ...base, showAbout: () => (shown += 1) })[2];
  const about = Array.isArray(help?.submenu) ? help.submenu[0] : undefined;
  (about?.click as (() => void) | undefined)?.();
  assert.equal(shown, 1);
  const text = aboutText('1.2.3', { ...process.versions, electron: '45.5.0', chrome: '140.0' });
  assert.equal(text.message, 'Netloom 1.2.3');
  assert.match(text.detail, /Electron 45\.5\.0/);
});

test('Read-only mode: a checkbox showing the setting, reporting each toggle', () => {
  const set: boolean[] = [];
  const find = (readOnly: boolean) => {
    const view = menuTemplate({ ...base, readOnly, setReadOnly: (v) => set.push(v) })[1];
    return (Array.isArray(view?.submenu) ? view.submenu : []).find((i) => i.label === 'Read-only mode');
  };
  const item = find(true);
  assert.equal(item?.type, 'checkbox');
  assert.equal(item?.checked, true);
  assert.equal(find(false)?.checked, false);
  (item?.click as ((i: { checked: boolean }) => void) | undefined)?.({ checked: false });
  assert.deepEqual(set, [false]);
});
