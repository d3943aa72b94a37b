import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };
import type { Language } from '../store/types.js';

/** Both languages' UI strings; i18n.test.ts checks they have exactly the same keys. */
export const RESOURCES: Record<Language, typeof en> = { en, 'zh-CN': zhCN };

/** How each language names itself in the switcher, so a reader finds theirs. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '中文' };

export const LANGUAGES = Object.keys(LANGUAGE_NAMES) as Language[];
