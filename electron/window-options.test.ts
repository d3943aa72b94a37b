import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  appPaths,
  CONTENT_SECURITY_POLICY,
  missingRendererPage,
  webPreferences,
  windowOptions,
} from './window-options.js';

test('the renderer is isolated, sandboxed and has no Node', () => {
  const prefs = webPreferences('/x/preload.cjs');
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.spellcheck, false);
  assert.equal(prefs.preload, '/x/preload.cjs');
  // Nothing that loosens these may sneak in beside them.
  for (const key of ['enableRemoteModule', 'experimentalFeatures', 'enableBlinkFeatures', 'additionalArguments']) {
    assert.equal(key in prefs, false, key);
  }
});

test('window options carry those preferences and the bounds', () => {
  const options = windowOptions('/x/preload.cjs', { x: 10, y: 20, width: 800, height: 600 });
  assert.deepEqual(options.webPreferences, webPreferences('/x/preload.cjs'));
  assert.equal(options.x, 10);
  assert.equal(options.width, 800);
  assert.equal(options.show, false);
});

test('paths point at the compiled preload and the built renderer', () => {
  const paths = appPaths('/app/dist/electron');
  assert.equal(paths.preload, '/app/dist/electron/preload.cjs');
  assert.equal(paths.rendererDir, join('/app/dist/renderer'));
  assert.equal(paths.rendererIndex, '/app/dist/renderer/index.html');
});

test('the CSP allows only the app itself', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  assert.deepEqual(directives.get('default-src'), ["'self'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('connect-src'), ["'self'"]);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /https?:|wss?:|file:|\*/);
  assert.doesNotMatch(directives.get('script-src')?.join(' ') ?? '', /unsafe-inline/);
  assert.equal(
    CONTENT_SECURITY_POLICY,
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  );
});

test('the page for a missing renderer says to build, and escapes the path', () => {
  const url = missingRendererPage('/tmp/<x>/index.html');
  assert.ok(url.startsWith('data:text/html;charset=utf-8,'));
  const html = decodeURIComponent(url.slice(url.indexOf(',') + 1));
  assert.match(html, /npm run build/);
  assert.match(html, /&#60;x&#62;/);
  assert.doesNotMatch(html, /<script/i);
});
