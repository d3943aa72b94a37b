import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  centredIn,
  clampToArea,
  displayKey,
  emptyWindowStates,
  loadWindowStates,
  placeWindow,
  rememberWindowState,
  saveWindowStates,
  type DisplayInfo,
} from './window-state.js';

const dir = mkdtempSync(join(tmpdir(), 'netloom-window-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const display = (x: number, y: number, width: number, height: number, panel = 0): DisplayInfo => ({
  bounds: { x, y, width, height },
  workArea: { x, y: y + panel, width, height: height - panel },
});
const LAPTOP = display(0, 0, 1920, 1080, 30);
const MONITOR = display(1920, 0, 2560, 1440);

test('saved states load back unchanged, and the write leaves no temporary file', () => {
  const file = join(dir, 'nested', 'window-state.json');
  const states = rememberWindowState(emptyWindowStates(), MONITOR, {
    bounds: { x: 2000, y: 100, width: 1400, height: 900 },
    maximized: true,
  });
  saveWindowStates(file, states);
  assert.deepEqual(loadWindowStates(file), states);
  assert.deepEqual(readdirSync(join(dir, 'nested')), ['window-state.json']);
  saveWindowStates(
    file,
    rememberWindowState(states, LAPTOP, { bounds: { x: 0, y: 30, width: 800, height: 600 }, maximized: false }),
  );
  const again = loadWindowStates(file);
  assert.equal(again.last, displayKey(LAPTOP));
  assert.equal(Object.keys(again.byDisplay).length, 2);
});

test('a missing, corrupt or foreign file falls back to no saved state', () => {
  assert.deepEqual(loadWindowStates(join(dir, 'absent.json')), emptyWindowStates());
  const file = join(dir, 'corrupt.json');
  for (const text of [
    '{"version":1,"last":null,"byDisplay":{', // cut short by a crash
    '',
    'null',
    '{"version":2,"last":null,"byDisplay":{}}',
    '{"version":1,"last":"a","byDisplay":{"a":{"bounds":{"x":0,"y":0,"width":-5,"height":10},"maximized":false}}}',
    '{"version":1,"last":"a","byDisplay":{"a":{"bounds":{"x":"0","y":0,"width":5,"height":10},"maximized":false}}}',
  ]) {
    writeFileSync(file, text);
    assert.deepEqual(loadWindowStates(file), emptyWindowStates(), text);
  }
  assert.deepEqual(placeWindow(loadWindowStates(file), [LAPTOP], LAPTOP), {
    bounds: centredIn(LAPTOP.workArea),
    maximized: false,
  });
});

test('the window reopens where it was on a display that is still there', () => {
  const bounds = { x: 2100, y: 200, width: 1200, height: 800 };
  const states = rememberWindowState(emptyWindowStates(), MONITOR, { bounds, maximized: false });
  assert.deepEqual(placeWindow(states, [LAPTOP, MONITOR], LAPTOP), { bounds, maximized: false });
});

test('bounds left on an unplugged display come back onto a connected one', () => {
  const states = rememberWindowState(emptyWindowStates(), MONITOR, {
    bounds: { x: 2100, y: 200, width: 1200, height: 800 },
    maximized: true,
  });
  const placed = placeWindow(states, [LAPTOP], LAPTOP);
  assert.deepEqual(placed, { bounds: centredIn(LAPTOP.workArea), maximized: false });
});

test('the primary display state is used when the last display is gone', () => {
  let states = rememberWindowState(emptyWindowStates(), LAPTOP, {
    bounds: { x: 100, y: 100, width: 900, height: 700 },
    maximized: false,
  });
  states = rememberWindowState(states, MONITOR, {
    bounds: { x: 2000, y: 0, width: 900, height: 700 },
    maximized: true,
  });
  assert.deepEqual(placeWindow(states, [LAPTOP], LAPTOP).bounds, { x: 100, y: 100, width: 900, height: 700 });
});

test('partly off-screen or oversized bounds are clamped into the work area', () => {
  const area = LAPTOP.workArea;
  assert.deepEqual(clampToArea({ x: -300, y: -50, width: 800, height: 600 }, area), {
    x: 0,
    y: 30,
    width: 800,
    height: 600,
  });
  assert.deepEqual(clampToArea({ x: 1800, y: 900, width: 800, height: 600 }, area), {
    x: 1120,
    y: 480,
    width: 800,
    height: 600,
  });
  assert.deepEqual(clampToArea({ x: 0, y: 0, width: 5000, height: 4000 }, area), {
    x: 0,
    y: 30,
    width: 1920,
    height: 1050,
  });
  // A window straddling two displays lands on the one that shows most of it.
  const states = rememberWindowState(emptyWindowStates(), LAPTOP, {
    bounds: { x: 1500, y: 100, width: 1000, height: 700 },
    maximized: false,
  });
  assert.deepEqual(placeWindow(states, [LAPTOP, MONITOR], LAPTOP).bounds, {
    x: 1920,
    y: 100,
    width: 1000,
    height: 700,
  });
});

test('a display smaller than the minimum size still gets a window that fits', () => {
  const tiny = display(0, 0, 500, 300);
  assert.deepEqual(clampToArea({ x: 10, y: 10, width: 1200, height: 900 }, tiny.workArea), {
    x: 0,
    y: 0,
    width: 500,
    height: 300,
  });
  assert.deepEqual(centredIn(tiny.workArea), { x: 0, y: 0, width: 500, height: 300 });
});

test('the file is private to the user', () => {
  const file = join(dir, 'mode.json');
  saveWindowStates(file, emptyWindowStates());
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), emptyWindowStates());
});
