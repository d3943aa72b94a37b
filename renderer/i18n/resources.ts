import enJson from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };
import { STEP_TEXT, type StepKind } from '../../core/protocol/reach-steps.js';
import type { Language } from '../store/types.js';

/**
 * The English tree is the reference: it holds every key the code may ask for. A walk's
 * steps take their English from core/protocol/reach-steps.ts, the words the CLI prints, so the
 * two never drift; zh-CN.json keeps their Chinese.
 */
const en = { ...enJson, reach: { ...enJson.reach, step: STEP_TEXT as Record<StepKind, string> } };
export type Translations = typeof en;

/**
 * A language's tree: English's keys, except that a plural form may be left out (Chinese
 * has no "one" form, so it keeps only `_other`). i18n.test.ts checks each language has
 * exactly the forms its plural rules use.
 */
export type LanguageTree<T = Translations> = T extends string
  ? string
  : { [K in keyof T as K extends `${string}_one` ? never : K]: LanguageTree<T[K]> } & {
      [K in keyof T as K extends `${string}_one` ? K : never]?: LanguageTree<T[K]>;
    };

/** Both languages' strings: the UI's and the inspector's explanations. */
export const RESOURCES: { en: Translations } & Record<Language, LanguageTree> = { en, 'zh-CN': zhCN };

/** How each language names itself in the switcher, so a reader finds theirs. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '中文' };

export const LANGUAGES = Object.keys(LANGUAGE_NAMES) as Language[];
