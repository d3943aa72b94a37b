import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../util/repo-root.js';

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface StartServeOptions {
  /** More arguments for `netloom serve`, e.g. `['--open', file]`. */
  args?: string[];
  /** Added to the environment (e.g. XDG_STATE_HOME, so the action log goes to a test directory). */
  env?: NodeJS.ProcessEnv;
  /** Where serve's stderr goes; collected in `logs` when 'pipe'. */
  stderr?: 'ignore' | 'pipe';
}

/**
 * Starts `netloom serve --port 0` and resolves with its URL (token included) once it
 * prints its "listening" line; rejects if it exits first.
 */
export async function startServe(
  options: StartServeOptions = {},
): Promise<{ server: ResultPromise; url: string; logs: string[] }> {
  const bin = join(repoRoot(), 'bin', 'netloom.js');
  const server = execa(process.execPath, [bin, 'serve', '--port', '0', ...(options.args ?? [])], {
    buffer: false,
    reject: false,
    stderr: options.stderr ?? 'ignore',
    env: options.env,
  });
  const logs: string[] = [];
  server.stderr?.on('data', (c: Buffer) => logs.push(...c.toString().split('\n').filter(Boolean)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    void server.then(() => reject(new Error(`netloom serve exited before listening: ${out}`)));
  });
  return { server, url, logs };
}

/**
 * Collects what must fail an e2e test into `problems`: page errors, console errors and
 * HTTP errors of the page's requests.
 */
export function watchProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
}
