import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa, type ResultPromise } from 'execa';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cleanupTestResources, docker, runContainer } from '../core/testkit/test-host.js';
import { repoRoot } from '../core/util/repo-root.js';

/**
 * The UI in Debian's Chromium against `netloom serve` and the real engine: it connects,
 * shows the engine, and follows containers created and removed with the docker CLI.
 * Any page error, console error or failed HTTP request fails the test.
 */

const P = 'nle-';
const ARTIFACTS = join(repoRoot(), 'artifacts', 'e2e');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('status page in Chromium', { timeout: 120_000 }, () => {
  let server: ResultPromise;
  let browser: Browser;
  let page: Page;
  let url = '';
  const problems: string[] = [];

  before(async () => {
    await cleanupTestResources(P);
    await mkdir(ARTIFACTS, { recursive: true });
    server = execa(process.execPath, [join(repoRoot(), 'bin', 'netloom.js'), 'serve', '--port', '0'], {
      buffer: false,
      reject: false,
      stderr: 'ignore',
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      void server.then(() => reject(new Error(`serve exited before listening: ${out}`)));
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    });
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await cleanupTestResources(P);
  });

  test('connects and shows the engine and the sources', async () => {
    await page.goto(url);
    await page.waitForSelector('body[data-state="live"]', { timeout: 20_000 });
    const version = (await docker('version', '--format', '{{.Server.Version}}')).trim();
    assert.match((await page.textContent('#host')) ?? '', new RegExp(version.replace(/[.+]/g, '\\$&')));
    assert.match((await page.textContent('#facets')) ?? '', /Docker engine/);
    await page.screenshot({ path: join(ARTIFACTS, 'status-live.png') });
    assert.deepEqual(problems, []);
  });

  test('a container created with the docker CLI appears without reload, and goes when removed', async () => {
    const id = await runContainer(`${P}web`, ['-p', '18680:80'], ['httpd', '-f', '-p', '80', '-h', '/www']);
    const row = `#container-rows tr[data-id="container:${id}"]`;
    await page.waitForSelector(row, { timeout: 15_000 });
    assert.match((await page.textContent(row)) ?? '', /running/);
    await page.screenshot({ path: join(ARTIFACTS, 'status-container-added.png') });
    await docker('rm', '-f', `${P}web`);
    await page.waitForSelector(row, { state: 'detached', timeout: 15_000 });
    assert.deepEqual(problems, []);
  });

  test('a wrong token is refused', async () => {
    const bad = new URL(url);
    bad.searchParams.set('token', 'x'.repeat(43));
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    const response = await p.goto(bad.toString());
    assert.equal(response?.status(), 401);
    await ctx.close();
  });
});
