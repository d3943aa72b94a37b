/** The slice of i18next's `t` the pure modules need, so they run in tests without React. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;
