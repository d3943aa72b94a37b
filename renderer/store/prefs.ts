import type { DisplayName, Language, ThemeName, ViewName } from './types.js';

/** The choices kept across sessions. */
export interface Prefs {
  view: ViewName;
  theme: ThemeName;
  language: Language;
  display: DisplayName;
}

export const PREFS_KEY = 'netloom.prefs';

/** Minimal Storage shape, so tests pass a Map-backed fake and Node runs without one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** localStorage when the page has one and may use it (private modes throw on access). */
export function browserStorage(): KeyValueStore | null {
  try {
    const ls = (globalThis as { localStorage?: KeyValueStore }).localStorage;
    return ls ?? null;
  } catch {
    return null;
  }
}

function prefersDark(): boolean {
  try {
    return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  } catch {
    return false;
  }
}

export function defaultPrefs(): Prefs {
  return { view: 'kernel', theme: prefersDark() ? 'dark' : 'light', language: 'en', display: 'graph' };
}

/** Reads saved prefs, keeping defaults for anything missing or unknown. */
export function parsePrefs(text: string | null, defaults: Prefs): Prefs {
  if (text === null) return defaults;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return defaults;
  }
  if (typeof raw !== 'object' || raw === null) return defaults;
  const r = raw as Record<string, unknown>;
  return {
    view: r.view === 'docker' || r.view === 'kernel' ? r.view : defaults.view,
    theme: r.theme === 'light' || r.theme === 'dark' ? r.theme : defaults.theme,
    language: r.language === 'en' || r.language === 'zh-CN' ? r.language : defaults.language,
    display: r.display === 'graph' || r.display === 'table' ? r.display : defaults.display,
  };
}

export function loadPrefs(storage: KeyValueStore | null): Prefs {
  try {
    return parsePrefs(storage?.getItem(PREFS_KEY) ?? null, defaultPrefs());
  } catch {
    return defaultPrefs();
  }
}

export function savePrefs(storage: KeyValueStore | null, prefs: Prefs): void {
  try {
    storage?.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // A full or forbidden storage only costs remembering the choice.
  }
}
