import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

/** Content types of what a Vite build emits; anything else goes out as opaque bytes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

/** Where a request path leads: a file to send, a path refused outright, or nothing. */
export type StaticTarget =
  { kind: 'file'; path: string; size: number; contentType: string } | { kind: 'refused' } | { kind: 'missing' };

/**
 * The root's real path when it holds an index.html, else null (the UI is not built).
 * Resolved once, so the per-request prefix check compares real paths.
 */
export async function staticRoot(dir: string): Promise<string | null> {
  try {
    const root = await realpath(dir);
    return (await stat(join(root, 'index.html'))).isFile() ? root : null;
  } catch {
    return null;
  }
}

/**
 * Maps the raw request path (before any URL normalisation, so `%2e%2e` is seen for what
 * it is) to a regular file under root. `..` segments, encoded or not, NUL and backslashes
 * are refused; dotfiles and symlinks leading out of root are treated as missing.
 */
export async function resolveStatic(root: string, rawPath: string): Promise<StaticTarget> {
  if (rawPath.includes('\0') || /%00/i.test(rawPath)) return { kind: 'refused' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  const segments = decoded.split('/');
  if (segments.includes('..')) return { kind: 'refused' };
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'missing' };
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const full = resolve(root, `.${relative}`);
  if (!full.startsWith(root + sep)) return { kind: 'refused' };
  try {
    const real = await realpath(full);
    if (!real.startsWith(root + sep)) return { kind: 'missing' };
    const info = await stat(real);
    if (!info.isFile()) return { kind: 'missing' };
    return { kind: 'file', path: real, size: info.size, contentType: contentTypeOf(real) };
  } catch {
    return { kind: 'missing' };
  }
}

/** Served at / when dist/renderer has no index.html: the protocol works, the UI is absent. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Netloom: UI not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:4em auto;padding:0 1em}code{background:#eee;padding:0 .25em}</style>
</head>
<body>
<h1>The Netloom UI is not built</h1>
<p>This server is running, and its live protocol is available on the WebSocket at <code>/ws</code>,
but there is no built renderer to show.</p>
<p>Run <code>npm run build</code> in the Netloom checkout, then reload this page.</p>
</body>
</html>
`;
