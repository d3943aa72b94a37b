import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ResultPromise } from 'execa';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Topology } from '../core/model/types.js';
import { launchChromium, startServe, watchProblems } from '../core/testkit/serve-process.js';
import { cleanupTestResources, runContainer } from '../core/testkit/test-host.js';
import { repoRoot } from '../core/util/repo-root.js';

/**
 * Opening a saved snapshot in Debian's Chromium: served by `netloom serve --open`, picked
 * with Open snapshot… and dropped on the window while a live host is shown, and Back to
 * live. The banner must say whose snapshot it is and when it was taken, the graph must
 * draw the file (read through `window.netloomGraph`, whose ids are model ids) and not the
 * live host, and a bad file must leave the picture as it was. Any page error, console error
 * or failed HTTP request fails the test. Screenshots (1440×900) go to artifacts/e2e/.
 */

const P = 'nlo-';
const ARTIFACTS = join(repoRoot(), 'artifacts', 'e2e');
const FIXTURE = join(repoRoot(), 'fixtures', 'snapshot', 'small-host.json');

/** The slice of cytoscape and the DOM the page functions use; this file compiles without DOM types. */
interface GraphElement {
  nonempty(): boolean;
  empty(): boolean;
  id(): string;
  hasClass(c: string): boolean;
}
interface Graph {
  getElementById(id: string): GraphElement;
  nodes(selector?: string): { toArray(): GraphElement[] };
}
interface PageGlobals {
  netloomGraph?: Graph;
  document: { querySelector(s: string): { dispatchEvent(e: unknown): boolean } | null };
  DataTransfer: new () => { items: { add(f: unknown): void } };
  File: new (parts: string[], name: string, o: { type: string }) => unknown;
  DragEvent: new (type: string, init: { bubbles: boolean; cancelable: boolean; dataTransfer: unknown }) => unknown;
  nloDrag?: unknown;
}

async function waitForIds(page: Page, ids: string[], state: 'present' | 'absent' = 'present'): Promise<void> {
  await page.waitForFunction(
    ({ wanted, state }) => {
      const cy = (globalThis as unknown as PageGlobals).netloomGraph;
      if (!cy) return false;
      return wanted.every((id) => {
        const el = cy.getElementById(id);
        // A removed element fades out for a few seconds: it counts as gone.
        return state === 'present' ? el.nonempty() && !el.hasClass('removed') : el.empty() || el.hasClass('removed');
      });
    },
    { wanted: ids, state },
    { timeout: 30_000 },
  );
}

async function present(page: Page, ids: string[]): Promise<string[]> {
  return page.evaluate(
    (wanted) =>
      wanted.filter((id) => (globalThis as unknown as PageGlobals).netloomGraph?.getElementById(id).nonempty()),
    ids,
  );
}

/** Starts dragging a file over the graph (dragenter, dragover), as a file manager would. */
async function dragOver(page: Page, name: string, body: string): Promise<void> {
  await page.evaluate(
    ({ name, body }) => {
      const g = globalThis as unknown as PageGlobals;
      const dt = new g.DataTransfer();
      dt.items.add(new g.File([body], name, { type: 'application/json' }));
      g.nloDrag = dt;
      const target = g.document.querySelector('[data-testid="graph-canvas"]');
      for (const type of ['dragenter', 'dragover'])
        target?.dispatchEvent(new g.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    { name, body },
  );
}

async function drop(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const target = g.document.querySelector('[data-testid="graph-canvas"]');
    target?.dispatchEvent(new g.DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: g.nloDrag }));
  });
}

/** How the banner words the capture time in UTC (the context's zone), as the app formats it. */
function captured(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
}

describe('opening a saved snapshot in Chromium', { timeout: 300_000 }, () => {
  let live: ResultPromise;
  let served: ResultPromise;
  let liveUrl = '';
  let servedUrl = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let doc: Topology;
  let body = '';
  let fileContainers: string[] = [];
  let fileNetworks: string[] = [];
  let fileBridges: string[] = [];
  let liveContainer = '';
  const problems: string[] = [];
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  before(async () => {
    await cleanupTestResources(P);
    await mkdir(ARTIFACTS, { recursive: true });
    body = await readFile(FIXTURE, 'utf8');
    doc = JSON.parse(body) as Topology;
    fileContainers = doc.nodes.filter((n) => n.kind === 'container').map((n) => n.id);
    fileNetworks = doc.nodes.filter((n) => n.kind === 'network').map((n) => n.id);
    fileBridges = doc.nodes.flatMap((n) => (n.kind === 'network' && n.bridge !== null ? [n.bridge] : []));
    liveContainer = `container:${await runContainer(`${P}live`, [])}`;
    ({ server: live, url: liveUrl } = await startServe());
    ({ server: served, url: servedUrl } = await startServe({ args: ['--open', FIXTURE] }));
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: 'light',
      timezoneId: 'UTC',
      locale: 'en-US',
    });
    page = await context.newPage();
    watchProblems(page, problems);
  });

  after(async () => {
    await browser?.close();
    live?.kill('SIGTERM');
    served?.kill('SIGTERM');
    await cleanupTestResources(P);
  });

  test('serve --open: the banner names the host and capture time, the graph draws the file, no Back to live', async () => {
    await page.goto(servedUrl);
    const banner = page.locator('[data-testid="snapshot-banner"]');
    await banner.waitFor({ timeout: 20_000 });
    const title = `Snapshot of ${doc.host.hostname}, captured ${captured(doc.capturedAt, 'en')} — read-only`;
    assert.equal(await banner.locator('.snapshot-title').textContent(), title);
    assert.match((await banner.textContent()) ?? '', /File: small-host\.json/);
    assert.match((await banner.textContent()) ?? '', /netloom serve --open/);
    assert.equal(await page.locator('[data-testid="back-to-live"]').count(), 0, 'no live host to go back to');
    assert.equal(
      await page.locator('[data-testid="snapshot-status"]').textContent(),
      `Snapshot of ${doc.host.hostname} · read-only`,
    );
    assert.equal(await page.locator('[data-testid="connection"]').textContent(), 'File');

    await page.click('button[data-view="kernel"]');
    await waitForIds(page, [...fileContainers, ...fileBridges]);
    await page.click('button[data-view="docker"]');
    await waitForIds(page, [...fileContainers, ...fileNetworks]);
    const containers = await page.evaluate(
      () => (globalThis as unknown as PageGlobals).netloomGraph?.nodes('[kind = "container"]').toArray().length,
    );
    assert.equal(containers, fileContainers.length, "only the file's containers, nothing of this host");
    await page.waitForTimeout(400);
    await shot('snapshot-served-en');

    await page.selectOption('[data-testid="language"]', 'zh-CN');
    // The words hide at laptop widths (icons only); the button's name follows the language.
    await page.getByRole('button', { name: '打开快照…', exact: true }).waitFor();
    const zh = `${doc.host.hostname} 的快照，采集于 ${captured(doc.capturedAt, 'zh-CN')} — 只读`;
    assert.equal(await banner.locator('.snapshot-title').textContent(), zh);
    assert.match((await banner.textContent()) ?? '', /文件：small-host\.json/);
    await shot('snapshot-served-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    await page.getByRole('button', { name: 'Open snapshot…', exact: true }).waitFor();
    assert.deepEqual(problems, []);
  });

  test('live host: Open snapshot… picks a file, live changes are not drawn, Back to live returns', async () => {
    await page.goto(liveUrl);
    await page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 30_000 });
    await page.click('button[data-view="docker"]');
    await waitForIds(page, [liveContainer]);
    assert.equal(await page.locator('[data-testid="snapshot-banner"]').count(), 0, 'a live host is no snapshot');

    const button = page.getByRole('button', { name: 'Open snapshot…', exact: true });
    assert.equal(await button.count(), 1, 'the button is named "Open snapshot…"');
    assert.equal(await page.getAttribute('[data-testid="open-snapshot-input"]', 'accept'), '.json,application/json');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
    await chooser.setFiles(FIXTURE);
    const banner = page.locator('[data-testid="snapshot-banner"]');
    await banner.waitFor({ timeout: 10_000 });
    assert.equal(
      await banner.locator('.snapshot-title').textContent(),
      `Snapshot of ${doc.host.hostname}, captured ${captured(doc.capturedAt, 'en')} — read-only`,
    );
    assert.match((await banner.textContent()) ?? '', /File: small-host\.json/);
    await waitForIds(page, [...fileContainers, ...fileNetworks]);
    assert.deepEqual(await present(page, [liveContainer]), [], 'the live host is not drawn under the file');
    assert.equal(
      await page.locator('[data-testid="connection"]').textContent(),
      'Live',
      'the connection itself is live',
    );

    // The live host changes while the file is shown: the file stays what is drawn.
    const late = `container:${await runContainer(`${P}late`, [])}`;
    await page.waitForTimeout(3_000);
    assert.deepEqual(await present(page, [late, liveContainer]), []);
    await page.waitForTimeout(300);
    await shot('snapshot-picked');

    await page.click('[data-testid="back-to-live"]');
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    await waitForIds(page, [liveContainer, late]);
    assert.deepEqual(await present(page, fileContainers), [], "the file's containers are gone");
    assert.equal(await page.locator('[data-testid="snapshot-status"]').count(), 0);
    assert.deepEqual(problems, []);
  });

  test('a dropped file opens (with a hint while dragging); a bad one is refused and the picture stays', async () => {
    await dragOver(page, 'small-host.json', body);
    const hint = page.locator('[data-testid="drop-hint"]');
    await hint.waitFor({ timeout: 5_000 });
    assert.match((await hint.textContent()) ?? '', /Drop a Netloom snapshot/);
    await shot('snapshot-drop-hint');
    await drop(page);
    await hint.waitFor({ state: 'detached', timeout: 5_000 });
    await page.locator('[data-testid="snapshot-banner"]').waitFor({ timeout: 10_000 });
    await waitForIds(page, [...fileContainers, ...fileNetworks]);

    // An element broken in the file: the error names where, and nothing on screen changes.
    const broken = JSON.parse(body) as Topology;
    const i = broken.nodes.findIndex((n) => n.kind === 'container');
    (broken.nodes[i] as { state: unknown }).state = 7;
    const before = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).netloomGraph
        ?.nodes()
        .toArray()
        .map((n) => n.id())
        .sort(),
    );
    await dragOver(page, 'broken.json', JSON.stringify(broken));
    await drop(page);
    const error = page.locator('[data-testid="snapshot-error"]');
    await error.waitFor({ timeout: 5_000 });
    const text = (await error.textContent()) ?? '';
    assert.match(
      text,
      new RegExp(`^Could not open broken\\.json: nodes\\[${i}\\]\\.state \\(${broken.nodes[i]?.id}\\): `),
    );
    assert.match(text, /What was shown before is unchanged\./);
    const after = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).netloomGraph
        ?.nodes()
        .toArray()
        .map((n) => n.id())
        .sort(),
    );
    assert.deepEqual(after, before, 'the graph is untouched');
    assert.match((await page.locator('[data-testid="snapshot-banner"]').textContent()) ?? '', /small-host\.json/);
    await shot('snapshot-bad-file-en');

    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await page.waitForSelector('text=返回实时');
    assert.match((await error.textContent()) ?? '', /^无法打开 broken\.json：nodes\[\d+\]\.state/);
    assert.match((await error.textContent()) ?? '', /之前显示的内容保持不变。/);
    await shot('snapshot-bad-file-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    await page.waitForSelector('text=Back to live');

    // Not JSON at all, and a JSON file that is no topology, say so.
    await dragOver(page, 'notes.txt', 'just some notes');
    await drop(page);
    await page.locator('[data-testid="snapshot-error"]', { hasText: 'notes.txt: it is not JSON' }).waitFor();
    await dragOver(page, 'package.json', '{"name":"netloom"}');
    await drop(page);
    await page
      .locator('[data-testid="snapshot-error"]', { hasText: 'package.json: it is not a Netloom topology' })
      .waitFor();
    await page.click('[data-testid="snapshot-error"] button');
    await page.locator('[data-testid="snapshot-error"]').waitFor({ state: 'detached' });
    await waitForIds(page, [...fileContainers, ...fileNetworks]);

    await page.click('[data-testid="back-to-live"]');
    await waitForIds(page, [liveContainer]);
    assert.deepEqual(problems, []);
  });
});
