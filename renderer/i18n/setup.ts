import { setI18n } from 'react-i18next';
import type { Language } from '../store/types.js';
import { i18n } from './instance.js';

/** Hands the shared instance to react-i18next, so components and explanations use the same words. */
export function initI18n(language: Language): typeof i18n {
  setI18n(i18n);
  applyLanguage(language);
  return i18n;
}

/** Switches the words and tells the browser (screen readers, fonts, hyphenation) via <html lang>. */
export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
