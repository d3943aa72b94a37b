import type { KeyValueStore } from '../store/prefs.js';
import type { ViewName } from '../store/types.js';

export type Positions = Record<string, { x: number; y: number }>;

/** One saved layout per host and view: the same ids mean different things elsewhere. */
export function positionsKey(hostname: string, view: ViewName): string {
  return `netloom.positions.${encodeURIComponent(hostname)}.${view}`;
}

/** Rounded to a pixel: sub-pixel drags are noise and bloat storage. */
export function serializePositions(positions: Positions): string {
  const out: Positions = {};
  for (const id of Object.keys(positions).sort()) {
    const p = positions[id];
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) out[id] = { x: Math.round(p.x), y: Math.round(p.y) };
  }
  return JSON.stringify(out);
}

/** Reads saved positions, dropping anything malformed instead of failing the whole set. */
export function parsePositions(text: string | null): Positions {
  if (text === null) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Positions = {};
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'object' || v === null) continue;
    const { x, y } = v as { x?: unknown; y?: unknown };
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) out[id] = { x, y };
  }
  return out;
}

export function loadPositions(storage: KeyValueStore | null, hostname: string, view: ViewName): Positions {
  try {
    return parsePositions(storage?.getItem(positionsKey(hostname, view)) ?? null);
  } catch {
    return {};
  }
}

export function savePositions(storage: KeyValueStore | null, hostname: string, view: ViewName, p: Positions): void {
  try {
    storage?.setItem(positionsKey(hostname, view), serializePositions(p));
  } catch {
    // Losing a drag on a full storage is acceptable.
  }
}

/** Merges one drag into the saved set (the dragged nodes' new places win). */
export function mergePositions(saved: Positions, moved: Positions): Positions {
  return { ...saved, ...moved };
}
