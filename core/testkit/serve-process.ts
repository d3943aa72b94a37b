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
  /** More environment for the server (e.g. XDG_STATE_HOME, where serve keeps its action log). */
  env?: NodeJS.ProcessEnv;
  /** Each line the server logs (otherwise its log is dropped). */
  onStderr?: (line: string) => void;
}

/**
 * Starts `netloom serve --port 0` and resolves with its URL (token included) once it
 * prints its "listening" line; rejects if it exits first.
 */
export async function startServe(options: StartServeOptions = {}): Promise<{ server: ResultPromise; url: string }> {
  const bin = join(repoRoot(), 'bin', 'netloom.js');
  const server = execa(process.execPath, [bin, 'serve', '--port', '0', ...(options.args ?? [])], {
    buffer: false,
    reject: false,
    stderr: options.onStderr ? 'pipe' : 'ignore',
    ...(options.env ? { env: options.env, extendEnv: true } : {}),
  });
  const onStderr = options.onStderr;
  if (onStderr) {
    let pending = '';
    server.stderr?.on('data', (c: Buffer) => {
      pending += c.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) onStderr(l);
    });
  }
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    void server.then(() => reject(new Error(`netloom serve exited before listening: ${out}`)));
  });
  return { server, url };
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
