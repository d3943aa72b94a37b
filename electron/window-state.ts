import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The window's bounds and maximized flag, remembered per display so that unplugging a
 * monitor never leaves the window off-screen and plugging it back restores its place.
 * Pure functions plus one atomic save; Electron's `screen` is passed in as plain data.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

/** The part of Electron's Display used here. */
export interface DisplayInfo {
  bounds: Rect;
  workArea: Rect;
}

export interface StoredWindowStates {
  version: 1;
  /** The display the window was last on (a displayKey). */
  last: string | null;
  byDisplay: Record<string, WindowState>;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 800 };
export const MIN_SIZE = { width: 640, height: 400 };

const int = z.number().int().finite();
const rectSchema = z.object({ x: int, y: int, width: int.positive(), height: int.positive() });
const stateSchema = z.object({ bounds: rectSchema, maximized: z.boolean() });
const storedSchema = z.object({
  version: z.literal(1),
  last: z.string().nullable(),
  byDisplay: z.record(z.string(), stateSchema),
});

export const emptyWindowStates = (): StoredWindowStates => ({ version: 1, last: null, byDisplay: {} });

/**
 * Display ids are not stable across sessions on X11, but a monitor's place and size in
 * the desktop are; that is what identifies "the same display" here.
 */
export function displayKey(display: DisplayInfo): string {
  const b = display.bounds;
  return `${b.x},${b.y},${b.width}x${b.height}`;
}

/** The stored states, or none when the file is missing, unreadable or not ours (it is only a convenience). */
export function loadWindowStates(file: string): StoredWindowStates {
  try {
    const parsed = storedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : emptyWindowStates();
  } catch {
    return emptyWindowStates();
  }
}

/** Written beside the target and renamed, so a crash mid-write leaves the old file, never half a new one. */
export function saveWindowStates(file: string, states: StoredWindowStates): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, JSON.stringify(states, null, 2) + '\n', { mode: 0o600 });
    renameSync(temporary, file);
  } catch (err) {
    rmSync(temporary, { force: true });
    throw err;
  }
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Shrinks the rectangle to fit the work area and moves it fully inside. */
export function clampToArea(bounds: Rect, area: Rect): Rect {
  const width = Math.max(Math.min(bounds.width, area.width), Math.min(MIN_SIZE.width, area.width));
  const height = Math.max(Math.min(bounds.height, area.height), Math.min(MIN_SIZE.height, area.height));
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

/** A default-sized window centred in the work area. */
export function centredIn(area: Rect): Rect {
  const width = Math.min(DEFAULT_SIZE.width, area.width);
  const height = Math.min(DEFAULT_SIZE.height, area.height);
  return {
    x: area.x + Math.floor((area.width - width) / 2),
    y: area.y + Math.floor((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where to open the window: the state of the display it was last on when that display
 * is still connected, else the primary display's, else centred on the primary display.
 * The result is always fully visible on a connected display.
 */
export function placeWindow(states: StoredWindowStates, displays: DisplayInfo[], primary: DisplayInfo): WindowState {
  for (const key of [states.last, displayKey(primary)]) {
    const saved = key === null ? undefined : states.byDisplay[key];
    if (!saved) continue;
    // The window may straddle displays; clamp it to whichever shows most of it now.
    let best: DisplayInfo | undefined;
    let bestArea = 0;
    for (const d of displays) {
      const area = overlapArea(saved.bounds, d.workArea);
      if (area > bestArea) [best, bestArea] = [d, area];
    }
    if (!best) continue;
    return { bounds: clampToArea(saved.bounds, best.workArea), maximized: saved.maximized };
  }
  return { bounds: centredIn(primary.workArea), maximized: false };
}

/** The stored states with the window's current state recorded for the display it is on. */
export function rememberWindowState(
  states: StoredWindowStates,
  display: DisplayInfo,
  state: WindowState,
): StoredWindowStates {
  const key = displayKey(display);
  return { version: 1, last: key, byDisplay: { ...states.byDisplay, [key]: state } };
}
