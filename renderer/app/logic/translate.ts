import type { TFunction } from 'i18next';

/**
 * The `t` the pure modules take: i18next's own, keys typed, so they run in Node tests
 * without React and a misspelt key still fails the build.
 */
export type Translate = TFunction;
