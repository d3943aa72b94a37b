// `npm start`: Netloom in Electron when Electron's binary is installed; otherwise the same
// core behind `netloom serve`, shown in a Chromium app window (or at a printed URL).
// The decision is a pure function in electron/launch-mode.ts, tested in Node.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`start: ${line}\n`);
const children = new Set();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function exitLike(code, signal) {
  process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
}

function ensureBuilt() {
  const needed = ['dist/electron/main.js', 'dist/electron/launch-mode.js', 'dist/core/cli/main.js'];
  if (needed.every((file) => existsSync(join(root, file)))) return;
  say('dist/ is not built yet: running npm run build');
  // Under `npm start`, npm_execpath is the npm that launched us; run the build with the same one.
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli ? [process.execPath, [npmCli, 'run', 'build']] : ['npm', ['run', 'build']];
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) say(`could not run the build: ${result.error.message}`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function electronPackageDir() {
  try {
    // package.json, not the package: requiring 'electron' downloads the binary when it is missing.
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

ensureBuilt();
const launch = await import('../dist/electron/launch-mode.js');
const electronDir = electronPackageDir();
const plan = launch.chooseLaunch(
  {
    electronBinary: electronDir
      ? launch.electronBinaryPath(electronDir, process.env, readText, isExecutableFile)
      : null,
    browsers: launch.findOnPath(launch.BROWSER_NAMES, process.env.PATH ?? '', isExecutableFile),
    root: process.getuid?.() === 0,
    sudoUser: launch.sudoUser(process.env),
    forced: process.env.NETLOOM_LAUNCH || undefined,
  },
  root,
);

if (plan.mode === 'electron') {
  if (plan.warning) say(`warning: ${plan.warning}`);
  const electron = track(spawn(plan.binary, [...plan.args, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
  electron.on('error', (err) => {
    say(`could not start Electron: ${err.message}`);
    process.exit(1);
  });
  electron.on('exit', exitLike);
} else {
  say(`serving in a browser: ${plan.reason}`);
  runServe();
}

function runServe() {
  const serve = track(
    spawn(process.execPath, [join(root, 'bin', 'netloom.js'), 'serve', ...process.argv.slice(2)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  let profile = null;
  let opened = false;
  createInterface({ input: serve.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    const url = launch.parseListeningLine(line);
    if (!url || opened) return;
    opened = true;
    if (!plan.browser) {
      say(`open ${url} in a browser`);
      return;
    }
    profile = mkdtempSync(join(tmpdir(), 'netloom-browser-'));
    const { path, runAs } = plan.browser;
    const options = { stdio: 'ignore' };
    if (runAs) {
      // The browser runs as the user who ran sudo, never as root; its profile is theirs too.
      chownSync(profile, runAs.uid, runAs.gid);
      Object.assign(options, { uid: runAs.uid, gid: runAs.gid, env: { ...process.env, HOME: profile } });
    }
    const browser = track(spawn(path, launch.browserArgs(url, profile), options));
    browser.on('error', (err) => say(`could not start ${path} (${err.message}); open ${url} yourself`));
    // Closing the app window ends the session, as closing the Electron window would.
    browser.on('exit', () => {
      if (serve.exitCode === null && serve.signalCode === null) serve.kill('SIGTERM');
    });
  });
  serve.on('error', (err) => {
    say(`could not start netloom serve: ${err.message}`);
    process.exit(1);
  });
  serve.on('exit', (code, signal) => {
    for (const child of children) child.kill('SIGTERM');
    if (profile) rmSync(profile, { recursive: true, force: true });
    exitLike(code, signal);
  });
}
