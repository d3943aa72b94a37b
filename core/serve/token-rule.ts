/**
 * True for a token we are willing to use: base64url characters only (it goes into a URL
 * and a Set-Cookie header unescaped) and long enough to resist guessing (≥ 128 bits).
 * Kept apart from access-token.ts so the CLI checks `--token` without loading node:crypto.
 */
export const isUsableToken = (token: string): boolean => /^[A-Za-z0-9_-]{22,256}$/.test(token);
