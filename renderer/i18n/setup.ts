import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../store/types.js';
import { RESOURCES } from './resources.js';

/**
 * One i18next instance for the app. Resources are bundled (no HTTP backend), so init is
 * synchronous and the first render already has its words.
 */
export function initI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: RESOURCES.en }, 'zh-CN': { translation: RESOURCES['zh-CN'] } },
    interpolation: { escapeValue: false }, // React escapes already
    initAsync: false,
    returnNull: false,
  });
  applyLanguage(language);
  return i18next;
}

/** Switches the words and tells the browser (screen readers, fonts, hyphenation) via <html lang>. */
export function applyLanguage(language: Language): void {
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
