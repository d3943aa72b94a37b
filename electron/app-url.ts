import { extname, join, normalize, sep } from 'node:path';

/**
 * The renderer is served from our own privileged scheme rather than file:// (Electron's
 * security checklist, item 18): 'self' in the CSP then means only the app's files, and
 * sender and navigation checks compare against one origin no web page can have.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'netloom';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for any page of the app itself (app://netloom/…); the only place our IPC and navigation are allowed. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  // Node's URL reports origin "null" for custom schemes, so compare the parts instead.
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** Links the renderer may hand to the system browser: plain web pages only, never file:, javascript: or custom schemes. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && (u.protocol === 'https:' || u.protocol === 'http:');
}

/**
 * The file under `rendererDir` an app:// request names, or null when it names anything
 * else: another host, or a path that climbs out of the directory.
 */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  const u = parse(url);
  if (!u || !isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = normalize(rendererDir);
  const file = normalize(join(root, path));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/** Chromium refuses module scripts served without a JavaScript MIME type, so guess from the extension. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
