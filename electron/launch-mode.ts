import { join } from 'node:path';

/**
 * How `npm start` runs Netloom, decided from facts scripts/start.mjs gathers. Pure, so
 * the decision is tested without Electron's binary (which this machine cannot have).
 */

export interface LaunchFacts {
  /** Electron's executable when it is installed, else null. */
  electronBinary: string | null;
  /** Chromium-family browsers found on PATH, best first. */
  browsers: string[];
  /** Running as root (Chromium refuses to start its sandbox as root). */
  root: boolean;
  /** The invoking user under sudo, whom a browser can run as instead of root. */
  sudoUser: { uid: number; gid: number } | null;
  /** NETLOOM_LAUNCH: force 'electron' or 'serve'. */
  forced: string | undefined;
}

export type LaunchPlan =
  | { mode: 'electron'; binary: string; args: string[]; warning?: string }
  | { mode: 'serve'; browser: { path: string; runAs: { uid: number; gid: number } | null } | null; reason: string };

export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

export function chooseLaunch(facts: LaunchFacts, appDir: string): LaunchPlan {
  if (facts.forced !== undefined && facts.forced !== 'electron' && facts.forced !== 'serve') {
    throw new Error(`NETLOOM_LAUNCH must be "electron" or "serve", not "${facts.forced}"`);
  }
  const wantElectron = facts.forced === 'electron' || (facts.forced === undefined && !facts.root);
  if (wantElectron && facts.electronBinary) {
    if (!facts.root) return { mode: 'electron', binary: facts.electronBinary, args: [appDir] };
    return {
      mode: 'electron',
      binary: facts.electronBinary,
      args: ['--no-sandbox', appDir],
      warning:
        "running Electron as root turns off Chromium's sandbox; prefer the docker group and capabilities (electron/README.md)",
    };
  }
  const reason =
    facts.forced === 'electron'
      ? "NETLOOM_LAUNCH=electron, but Electron's binary is not installed (npx install-electron)"
      : facts.forced === 'serve'
        ? 'NETLOOM_LAUNCH=serve'
        : facts.root && facts.electronBinary
          ? 'running as root: the core serves and the UI runs in a browser, which keeps its sandbox'
          : "Electron's binary is not installed (npx install-electron)";
  const path = facts.browsers[0];
  if (!path) return { mode: 'serve', browser: null, reason };
  // A browser as root would need --no-sandbox: run it as the sudo user, or not at all.
  if (facts.root) {
    return { mode: 'serve', browser: facts.sudoUser ? { path, runAs: facts.sudoUser } : null, reason };
  }
  return { mode: 'serve', browser: { path, runAs: null }, reason };
}

/**
 * Electron's executable as its npm package records it (node_modules/electron/path.txt),
 * or null. Reads what `require('electron')` would, without its side effect: when the
 * binary is missing that require starts a download.
 */
export function electronBinaryPath(
  electronPackageDir: string,
  env: NodeJS.ProcessEnv,
  readText: (path: string) => string | null,
  exists: (path: string) => boolean,
): string | null {
  const relative = readText(join(electronPackageDir, 'path.txt'))?.trim();
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  const binary = override
    ? join(override, relative || 'electron')
    : relative
      ? join(electronPackageDir, 'dist', relative)
      : null;
  return binary && exists(binary) ? binary : null;
}

/** Each name's first match on PATH, in the order of `names`. */
export function findOnPath(names: string[], pathVariable: string, isExecutable: (path: string) => boolean): string[] {
  const dirs = pathVariable.split(':').filter((d) => d !== '');
  const found: string[] = [];
  for (const name of names) {
    const hit = dirs.map((d) => join(d, name)).find(isExecutable);
    if (hit) found.push(hit);
  }
  return found;
}

/** The URL in `netloom serve`'s ready line, or null for any other line. */
export function parseListeningLine(line: string): string | null {
  const m = /^netloom: listening on (\S+)\s*$/.exec(line);
  return m?.[1] ?? null;
}

/** A throwaway profile keeps the app window out of the user's browser session (and its extensions). */
export function browserArgs(url: string, userDataDir: string): string[] {
  return [`--app=${url}`, `--user-data-dir=${userDataDir}`, '--no-first-run', '--no-default-browser-check'];
}

/** SUDO_UID/SUDO_GID as numbers, when both are there and not root's. */
export function sudoUser(env: NodeJS.ProcessEnv): { uid: number; gid: number } | null {
  const uid = Number(env['SUDO_UID']);
  const gid = Number(env['SUDO_GID']);
  return Number.isInteger(uid) && Number.isInteger(gid) && uid > 0 && gid >= 0 ? { uid, gid } : null;
}
