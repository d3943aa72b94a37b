import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie that carries the token after the first visit, so assets and the WebSocket need not repeat it. */
export const TOKEN_COOKIE = 'netloom_token';

/** A fresh access token: 32 random bytes, base64url (safe in a URL and a cookie as is). */
export const newAccessToken = (): string => randomBytes(32).toString('base64url');

export { isUsableToken } from './token-rule.js';

/**
 * Compares in constant time. Hashing first gives equal-length buffers for timingSafeEqual,
 * so not even the length of the expected token leaks through timing.
 */
export function sameToken(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Where a request's token came from; a valid query token is what earns the cookie. */
export type TokenSource = 'query' | 'bearer' | 'cookie';

/**
 * The credential a request presents, the first of: `?token=`, `Authorization: Bearer`, the
 * cookie. The first one present decides, so a fresh link works even over a stale cookie.
 */
export function presentedToken(req: IncomingMessage, url: URL): { token: string; source: TokenSource } | null {
  const query = url.searchParams.get('token');
  if (query !== null) return { token: query, source: 'query' };
  const auth = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? '');
  if (auth?.[1]) return { token: auth[1], source: 'bearer' };
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (cookie !== null) return { token: cookie, source: 'cookie' };
  return null;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** HttpOnly keeps it from scripts; SameSite=Strict keeps other sites' pages from riding on it. */
export const tokenCookie = (token: string): string => `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
