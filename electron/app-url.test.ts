import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { APP_ENTRY_URL, contentTypeFor, isAppUrl, isSafeExternalUrl, resolveAppFile } from './app-url.js';

test('only app://netloom pages are the app', () => {
  assert.ok(isAppUrl(APP_ENTRY_URL));
  assert.ok(isAppUrl('app://netloom/assets/index-abc.js?x=1#y'));
  for (const url of [
    'app://other/index.html',
    'app://netloom.evil.com/index.html',
    'app://user:pw@netloom/index.html',
    'https://netloom/index.html',
    'file:///index.html',
    'data:text/html,<p>',
    'about:blank',
    'not a url',
    '',
  ]) {
    assert.equal(isAppUrl(url), false, url);
  }
});

test('only http(s) links go to the system browser', () => {
  assert.ok(isSafeExternalUrl('https://docs.docker.com/network/'));
  assert.ok(isSafeExternalUrl('http://localhost:8080/'));
  for (const url of [
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://netloom/x',
    'smb://host/share',
    'mailto:a@b',
    'x',
  ]) {
    assert.equal(isSafeExternalUrl(url), false, url);
  }
});

test('app:// requests map to files inside the renderer directory only', () => {
  const root = '/opt/netloom/dist/renderer';
  assert.equal(resolveAppFile(root, 'app://netloom/'), join(root, 'index.html'));
  assert.equal(resolveAppFile(root, 'app://netloom/index.html'), join(root, 'index.html'));
  assert.equal(resolveAppFile(root, 'app://netloom/assets/a%20b.js?v=2'), join(root, 'assets/a b.js'));
  for (const url of [
    'app://netloom/../../etc/passwd',
    'app://netloom/%2e%2e/%2e%2e/etc/passwd',
    'app://netloom/assets/%2e%2e%2f%2e%2e%2fsecret',
    'app://netloom/x%00.js',
    'app://netloom/%E0%A4%A',
    'app://other/index.html',
  ]) {
    const file = resolveAppFile(root, url);
    assert.ok(file === null || file.startsWith(root + '/'), `${url} → ${file}`);
  }
  // The URL parser already folds encoded dot segments; an encoded slash is what could climb out.
  assert.equal(resolveAppFile(root, 'app://netloom/%2e%2e/%2e%2e/etc/passwd'), join(root, 'etc/passwd'));
  assert.equal(resolveAppFile(root, 'app://netloom/assets/%2e%2e%2f%2e%2e%2fsecret'), null);
  assert.equal(resolveAppFile(root, 'app://netloom/x%00.js'), null);
  assert.equal(resolveAppFile(root, 'app://other/index.html'), null);
});

test('scripts are served as JavaScript (module scripts need it)', () => {
  assert.match(contentTypeFor('/a/index-123.js'), /^text\/javascript/);
  assert.match(contentTypeFor('/a/index.HTML'), /^text\/html/);
  assert.equal(contentTypeFor('/a/blob'), 'application/octet-stream');
});
