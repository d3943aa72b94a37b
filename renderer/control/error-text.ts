import type { TFunction } from 'i18next';
import type { ProtocolError } from '../../core/protocol/messages.js';
import { RESOURCES } from '../i18n/resources.js';
import type { TranslationKey } from '../i18n/typed-keys.js';

/**
 * Words for a refused or failed action. The server's message is specific (it names the
 * value and what it collides with) and English; in another language the rule's own
 * translation leads and the server's words follow, so nothing specific is lost.
 */
export interface ErrorText {
  /** The param at fault, when the server named one (`details.field`). */
  field: string | null;
  message: string;
  /** Docker's own words, verbatim, when the engine refused. */
  engine: string | null;
}

const rules = RESOURCES.en.control.rules as Record<string, string>;
const warnings = RESOURCES.en.control.warnings as Record<string, string>;

export function errorText(t: TFunction, language: string, error: ProtocolError): ErrorText {
  const details = error.details ?? {};
  const field = typeof details.field === 'string' ? details.field : null;
  const engine = typeof details.engine === 'string' ? details.engine : null;
  const rule = typeof details.rule === 'string' ? details.rule : null;
  const known = rule !== null && Object.hasOwn(rules, rule);
  const lead = known ? t(`control.rules.${rule}` as TranslationKey) : t(`control.errors.${codeKey(error.code)}`);
  const message = language === 'en' ? error.message : `${lead}（${error.message}）`;
  return { field, message, engine };
}

type CodeKey = 'badRequest' | 'conflict' | 'notPermitted' | 'unavailable' | 'failed';

function codeKey(code: string): CodeKey {
  switch (code) {
    case 'bad-request':
      return 'badRequest';
    case 'conflict':
      return 'conflict';
    case 'not-permitted':
      return 'notPermitted';
    case 'unavailable':
      return 'unavailable';
    default:
      return 'failed';
  }
}

/** A warning in the UI's language: its code's words lead, the server's specific sentence follows. */
export function warningText(t: TFunction, language: string, w: { code: string; message: string }): string {
  if (language === 'en' || !Object.hasOwn(warnings, w.code)) return w.message;
  return `${t(`control.warnings.${w.code}` as TranslationKey)}（${w.message}）`;
}
