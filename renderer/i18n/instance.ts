import i18next, { type TFunction, type i18n as I18n } from 'i18next';
import type { Language } from '../store/types.js';
import { RESOURCES } from './resources.js';

/**
 * The one i18next instance: the React app renders with it and the explanations word
 * themselves with it. It needs no DOM, so the pure modules and their Node tests use it
 * as is. Resources are bundled (no backend), so init is synchronous and the first call
 * already has its words.
 */
export const i18n: I18n = i18next.createInstance();

void i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  resources: { en: { translation: RESOURCES.en }, 'zh-CN': { translation: RESOURCES['zh-CN'] } },
  // Nothing here is HTML: React escapes what it renders, and commands must stay verbatim.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

/** A `t` bound to one language, whatever language the app shows at the moment. */
export const translator = (language: Language): TFunction => i18n.getFixedT(language);
