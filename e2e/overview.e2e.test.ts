import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ResultPromise } from 'execa';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startServe, watchProblems } from '../core/testkit/serve-process.js';
import { cleanupTestResources, createNetwork, docker, runContainer } from '../core/testkit/test-host.js';
import { mapLimit } from '../core/util/map-limit.js';
import { repoRoot } from '../core/util/repo-root.js';
import { measureReadability } from './readability.js';

/**
 * A big host (200 containers on 10 networks, 4 of them publishing a port, 2 stopped)
 * opens as an overview: one cluster per network with its counts, the 4 ports beside their
 * clusters, names readable, a minimap; a click opens a cluster, search and the table reach
 * a container inside a closed one, the toolbar opens and closes them all.
 * Screenshots: artifacts/e2e/overview-*.png.
 */

const P = 'nlb-';
const N = 200;
const NETS = 10;
const PUBLISHERS = [0, 51, 102, 153];
const STOPPED = [14, 115];
const ARTIFACTS = join(repoRoot(), 'artifacts', 'e2e');
const name = (i: number): string => `${P}c${String(i).padStart(3, '0')}`;

interface Cy {
  animated(): boolean;
  nodes(s?: string): { toArray(): { id(): string; data(k: string): string; animated(): boolean }[] };
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const cy = (globalThis as unknown as { netloomGraph?: Cy }).netloomGraph;
    const stats = (globalThis as unknown as { netloomGraphStats?: { settling: number } }).netloomGraphStats;
    return (
      cy !== undefined &&
      stats?.settling === 0 &&
      !cy.animated() &&
      !cy
        .nodes()
        .toArray()
        .some((n) => n.animated())
    );
  });
  await page.waitForTimeout(300);
}

const clusters = (page: Page): Promise<{ id: string; label: string; head: string }[]> =>
  page.evaluate(() =>
    (globalThis as unknown as { netloomGraph: Cy }).netloomGraph
      .nodes('[kind = "cluster"]')
      .toArray()
      .map((n) => ({ id: n.id(), label: n.data('label'), head: n.data('head') })),
  );

const containerNames = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    (globalThis as unknown as { netloomGraph: Cy }).netloomGraph
      .nodes('[kind = "container"]')
      .toArray()
      .map((n) => n.data('label')),
  );

describe('a 200-container host opens as an overview', { timeout: 600_000 }, () => {
  let server: ResultPromise;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const shot = (n: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `overview-${n}.png`) });

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await cleanupTestResources(P);
    for (let n = 0; n < NETS; n++) await createNetwork(`${P}net${n}`);
    await mapLimit(
      Array.from({ length: N }, (_, i) => i),
      4,
      (i) =>
        runContainer(name(i), [
          '--network',
          `${P}net${i % NETS}`,
          ...(PUBLISHERS.includes(i) ? ['-p', `127.0.0.1:${22000 + i}:80`] : []),
        ]),
    );
    for (const i of STOPPED) await docker('stop', '-t', '0', name(i));
    ({ server, url } = await startServe());
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })).newPage();
    watchProblems(page, problems);
    await page.goto(url);
    await page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 30_000 });
  });
  let url = '';

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await cleanupTestResources(P);
  });

  for (const view of ['docker', 'kernel'] as const)
    test(`the ${view} view opens on clusters with counts, readable, with a minimap`, async () => {
      await page.click(`button[data-view="${view}"]`);
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { netloomGraph: Cy }).netloomGraph.nodes('[kind = "cluster"]').toArray().length >=
          10,
        undefined,
        {
          timeout: 30_000,
        },
      );
      await settled(page);
      await shot(`${view}-open`);
      const mine = (await clusters(page)).filter((c) => /^(\d+) containers/.test(c.label));
      const counts = mine.map((c) => Number(/^(\d+)/.exec(c.label)?.[1]));
      // 20 per network; the kernel view counts the running ones (the stopped have no namespace).
      assert.ok(counts.filter((n) => n >= 19 && n <= 20).length >= NETS, JSON.stringify(mine.map((c) => c.label)));
      assert.ok(
        mine.some((c) => /1 port\b/.test(c.label)),
        'a cluster says it publishes a port',
      );
      assert.ok(
        mine.some((c) => /1 stopped/.test(c.label)),
        'a cluster says one of its containers is stopped',
      );
      assert.deepEqual(await containerNames(page).then((n) => n.filter((x) => x.startsWith(P))), []);
      // The four ports stand beside their clusters, saying whose they are.
      const ports = await page.evaluate(() =>
        (globalThis as unknown as { netloomGraph: Cy }).netloomGraph
          .nodes('[kind = "port"]')
          .toArray()
          .map((n) => n.data('label')),
      );
      for (const i of PUBLISHERS)
        assert.ok(
          ports.some((l) => l.includes(`:${22000 + i}→80/tcp · ${P}c${String(i).padStart(3, '0')}`)),
          `port of ${i} in ${JSON.stringify(ports)}`,
        );
      const r = await page.evaluate(measureReadability, []);
      assert.deepEqual(r.small, [], `names under 11 px at zoom ${r.zoom}`);
      assert.deepEqual(r.overlaps, [], 'labels overlap');
      assert.ok(r.counted.names >= 15, `${r.counted.names} names`);
      // The minimap shows when the overview does not fit; if it fits, everything is in view.
      const mapShown = await page.locator('[data-testid="minimap"]').isVisible();
      assert.ok(mapShown || r.clipped.length === 0, 'either all in view or a minimap');
      assert.deepEqual(problems, []);
    });

  test('a click opens a cluster: its containers appear, the others stay closed', async () => {
    await page.click('button[data-view="docker"]');
    await settled(page);
    const before = await clusters(page);
    const target = before.find((c) => c.label.startsWith('20 containers')) as { id: string; head: string };
    const at = await page.evaluate((id) => {
      const n = (
        globalThis as unknown as {
          netloomGraph: { getElementById(i: string): { renderedPosition(): { x: number; y: number } } };
        }
      ).netloomGraph.getElementById(id);
      return n.renderedPosition();
    }, target.id);
    const canvas = await page.locator('[data-testid="graph-canvas"]').boundingBox();
    assert.ok(canvas);
    assert.ok(
      at.x > 0 && at.y > 0 && at.x < canvas.width && at.y < canvas.height,
      `cluster in view at ${JSON.stringify(at)}`,
    );
    await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
    await page.waitForTimeout(500);
    await shot('docker-clicked');
    await page.waitForFunction(
      (id) =>
        !(globalThis as unknown as { netloomGraph: Cy }).netloomGraph
          .nodes('[kind = "cluster"]')
          .toArray()
          .some((n) => n.id() === id),
      target.id,
      { timeout: 10_000 },
    );
    await settled(page);
    const shown = (await containerNames(page)).filter((x) => x.startsWith(P));
    assert.equal(shown.length, 20, 'its 20 containers are drawn');
    assert.equal((await clusters(page)).length, before.length - 1, 'the others stay closed');
    assert.match((await page.locator('[data-testid="inspector"] h2').textContent()) ?? '', new RegExp(`${P}net`));
    await shot('docker-opened');
    assert.deepEqual(problems, []);
  });

  test('search reaches a container inside a closed cluster, and opens it', async () => {
    // A container of a cluster still closed: which cluster the click above opened depends on
    // the order the graph lists them in, so the last container not drawn is taken.
    const drawn = await containerNames(page);
    const hidden = Array.from({ length: N }, (_, i) => name(N - 1 - i)).find((n) => !drawn.includes(n));
    assert.ok(hidden, 'some container is still inside a closed cluster');
    assert.ok(!drawn.includes(hidden));
    await page.fill('[data-testid="search"]', hidden);
    await page.waitForSelector(`[role="option"]`, { timeout: 5_000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (n) =>
        (globalThis as unknown as { netloomGraph: Cy }).netloomGraph
          .nodes('[kind = "container"]')
          .toArray()
          .some((x) => x.data('label') === n),
      hidden,
      {
        timeout: 10_000,
      },
    );
    await page.locator('[data-testid="inspector"] h2', { hasText: hidden }).waitFor({ timeout: 5_000 });
    await settled(page);
    await shot('docker-searched');
    await page.fill('[data-testid="search"]', '');
    assert.deepEqual(problems, []);
  });

  test('the table lists every container, and a row opens its cluster', async () => {
    await page.click('[data-testid="overview"]');
    await page.click('[data-testid="overview"]');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { netloomGraph: Cy }).netloomGraph.nodes('[kind = "cluster"]').toArray().length >= 10,
    );
    await page.click('[data-testid="table-toggle"]');
    const rows = page.locator('[data-testid="table-view"] section[data-table="containers"] tr[data-id]');
    await page.waitForFunction(
      (prefix) =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { textContent: string | null }[] } }
        ).document.querySelectorAll('[data-testid="table-view"] section[data-table="containers"] tr[data-id]').length >=
          200 && prefix !== '',
      P,
    );
    assert.ok((await rows.count()) >= N);
    const row = page.locator(`[data-testid="table-view"] tr[data-id]`, { hasText: name(77) }).first();
    await row.locator('button.row-link').click();
    await page.click('[data-testid="table-toggle"]');
    await page.waitForFunction(
      (n) =>
        (globalThis as unknown as { netloomGraph: Cy }).netloomGraph
          .nodes('[kind = "container"]')
          .toArray()
          .some((x) => x.data('label') === n),
      name(77),
      {
        timeout: 10_000,
      },
    );
    assert.deepEqual(problems, []);
  });

  test('the toolbar opens every cluster and closes them again', async () => {
    const pressed = await page.getAttribute('[data-testid="overview"]', 'aria-pressed');
    assert.equal(pressed, 'true');
    await page.click('[data-testid="overview"]');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { netloomGraph: Cy }).netloomGraph.nodes('[kind = "cluster"]').toArray().length === 0,
      undefined,
      {
        timeout: 15_000,
      },
    );
    await settled(page);
    assert.ok((await containerNames(page)).filter((x) => x.startsWith(P)).length >= N);
    assert.equal(await page.getAttribute('[data-testid="overview"]', 'aria-pressed'), 'false');
    assert.ok(
      await page.locator('[data-testid="minimap"]').isVisible(),
      'the full host does not fit: the minimap shows',
    );
    await shot('docker-all-open');
    await page.click('[data-testid="overview"]');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { netloomGraph: Cy }).netloomGraph.nodes('[kind = "cluster"]').toArray().length >= 10,
      undefined,
      {
        timeout: 15_000,
      },
    );
    assert.deepEqual(problems, []);
  });
});
