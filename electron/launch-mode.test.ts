import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BROWSER_NAMES,
  browserArgs,
  chooseLaunch,
  electronBinaryPath,
  findOnPath,
  parseListeningLine,
  sudoUser,
  type LaunchFacts,
} from './launch-mode.js';

const facts = (over: Partial<LaunchFacts>): LaunchFacts => ({
  electronBinary: null,
  browsers: [],
  root: false,
  sudoUser: null,
  forced: undefined,
  ...over,
});

test('Electron is used when its binary is installed', () => {
  assert.deepEqual(chooseLaunch(facts({ electronBinary: '/e/electron', browsers: ['/usr/bin/chromium'] }), '/app'), {
    mode: 'electron',
    binary: '/e/electron',
    args: ['/app'],
  });
});

test('without Electron, serve and open a browser app window if there is one', () => {
  const plan = chooseLaunch(facts({ browsers: ['/usr/bin/chromium', '/usr/bin/google-chrome'] }), '/app');
  assert.equal(plan.mode, 'serve');
  assert.deepEqual(plan.mode === 'serve' && plan.browser, { path: '/usr/bin/chromium', runAs: null });
  const bare = chooseLaunch(facts({}), '/app');
  assert.equal(bare.mode === 'serve' && bare.browser, null);
  assert.match(bare.mode === 'serve' ? bare.reason : '', /install-electron/);
});

test('as root, the UI keeps its sandbox: serve, with the browser run as the sudo user', () => {
  const user = { uid: 1000, gid: 1000 };
  const plan = chooseLaunch(
    facts({ electronBinary: '/e/electron', browsers: ['/usr/bin/chromium'], root: true, sudoUser: user }),
    '/app',
  );
  assert.deepEqual(plan.mode === 'serve' && plan.browser, { path: '/usr/bin/chromium', runAs: user });
  const noSudo = chooseLaunch(facts({ browsers: ['/usr/bin/chromium'], root: true }), '/app');
  assert.equal(noSudo.mode === 'serve' && noSudo.browser, null, 'never a browser as root');
});

test('NETLOOM_LAUNCH forces a mode', () => {
  const electronRoot = chooseLaunch(facts({ electronBinary: '/e/electron', root: true, forced: 'electron' }), '/app');
  assert.equal(electronRoot.mode, 'electron');
  assert.deepEqual(electronRoot.mode === 'electron' && electronRoot.args, ['--no-sandbox', '/app']);
  assert.match(electronRoot.mode === 'electron' ? (electronRoot.warning ?? '') : '', /sandbox/);
  assert.equal(chooseLaunch(facts({ electronBinary: '/e/electron', forced: 'serve' }), '/app').mode, 'serve');
  const missing = chooseLaunch(facts({ forced: 'electron' }), '/app');
  assert.equal(missing.mode, 'serve');
  assert.match(missing.mode === 'serve' ? missing.reason : '', /NETLOOM_LAUNCH=electron/);
  assert.throws(() => chooseLaunch(facts({ forced: 'web' }), '/app'), /NETLOOM_LAUNCH/);
});

test("Electron's binary is found from path.txt, without require('electron')", () => {
  const files = new Map([['/nm/electron/path.txt', 'electron']]);
  const read = (p: string): string | null => files.get(p) ?? null;
  assert.equal(
    electronBinaryPath('/nm/electron', {}, read, () => false),
    null,
    'recorded but not downloaded',
  );
  assert.equal(
    electronBinaryPath('/nm/electron', {}, read, (p) => p === '/nm/electron/dist/electron'),
    '/nm/electron/dist/electron',
  );
  assert.equal(
    electronBinaryPath(
      '/nm/electron',
      {},
      () => null,
      () => true,
    ),
    null,
    'no path.txt: never installed',
  );
  assert.equal(
    electronBinaryPath(
      '/nm/electron',
      { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' },
      () => null,
      (p) => p === '/opt/e/electron',
    ),
    '/opt/e/electron',
  );
});

test('browsers are looked up on PATH in order of preference', () => {
  const present = new Set(['/usr/local/bin/google-chrome', '/usr/bin/chromium', '/bin/chromium']);
  assert.deepEqual(
    findOnPath(BROWSER_NAMES, '/usr/local/bin:/usr/bin::/bin', (p) => present.has(p)),
    ['/usr/bin/chromium', '/usr/local/bin/google-chrome'],
  );
  assert.deepEqual(
    findOnPath(BROWSER_NAMES, '', () => true),
    [],
  );
});

test("serve's ready line gives the URL", () => {
  assert.equal(
    parseListeningLine('netloom: listening on http://127.0.0.1:41234/?token=abc'),
    'http://127.0.0.1:41234/?token=abc',
  );
  assert.equal(parseListeningLine('netloom: listening on http://127.0.0.1:1/\r'), 'http://127.0.0.1:1/');
  assert.equal(parseListeningLine('hint: not root'), null);
  assert.equal(parseListeningLine('x netloom: listening on http://a/'), null);
});

test('the browser opens an app window with a throwaway profile', () => {
  assert.deepEqual(browserArgs('http://127.0.0.1:1/?t=x', '/tmp/p'), [
    '--app=http://127.0.0.1:1/?t=x',
    '--user-data-dir=/tmp/p',
    '--no-first-run',
    '--no-default-browser-check',
  ]);
});

test('the sudo user comes from SUDO_UID/SUDO_GID', () => {
  assert.deepEqual(sudoUser({ SUDO_UID: '1000', SUDO_GID: '1001' }), { uid: 1000, gid: 1001 });
  assert.equal(sudoUser({ SUDO_UID: '0', SUDO_GID: '0' }), null);
  assert.equal(sudoUser({ SUDO_UID: '1000' }), null);
  assert.equal(sudoUser({}), null);
  assert.equal(sudoUser({ SUDO_UID: 'x', SUDO_GID: '1' }), null);
});
