import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { join } from 'node:path';

/**
 * Only the app's own files: no inline or eval'd script, no remote anything. Inline styles
 * stay allowed because cytoscape and React set style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Where the built pieces sit relative to dist/electron/ (the compiled main.js). */
export interface AppPaths {
  preload: string;
  rendererDir: string;
  rendererIndex: string;
}

export function appPaths(distElectronDir: string): AppPaths {
  const rendererDir = join(distElectronDir, '..', 'renderer');
  return { preload: join(distElectronDir, 'preload.cjs'), rendererDir, rendererIndex: join(rendererDir, 'index.html') };
}

/** The renderer gets no Node, runs in Chromium's sandbox, and sees the preload's API only through contextBridge. */
export function webPreferences(preload: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    preload,
    spellcheck: false,
  };
}

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export function windowOptions(preload: string, bounds: WindowBounds): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 640,
    minHeight: 400,
    title: 'Netloom',
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#1e1e1e',
    webPreferences: webPreferences(preload),
  };
}

/** What the window shows when the renderer was never built: a page, not a blank window. */
export function missingRendererPage(rendererIndex: string): string {
  const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html =
    '<!doctype html><meta charset="utf-8"><title>Netloom</title>' +
    '<body style="font:14px system-ui,sans-serif;padding:2em">' +
    '<h1>The Netloom UI is not built</h1>' +
    `<p>${escape(rendererIndex)} is missing. Run <code>npm run build</code> and start Netloom again.</p>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
