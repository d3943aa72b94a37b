import type { ParseKeys } from 'i18next';
import type { Translations } from './resources.js';

/**
 * Types i18next's `t` with the English tree, so a missing or misspelt key fails the build
 * in the React components and in the pure modules alike. Both the app's and the tests'
 * tsconfig include this file; an augmentation applies only where its file is compiled.
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translations };
    // `t` returns a string, never null or a subtree, so its result goes straight into text.
    returnNull: false;
    returnObjects: false;
    // A default value must not let an unknown key through either.
    strictKeyChecks: true;
  }
}

/** Any leaf key of the tree ("explain.facts.kind"); plural keys without their suffix. */
export type TranslationKey = ParseKeys;

/** Stops compiling if the augmentation above is ever lost and keys fall back to `string`. */
type Typed<T extends true> = T;
export type KeysAreTyped = Typed<string extends TranslationKey ? false : true>;
