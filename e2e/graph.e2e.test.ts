import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ResultPromise } from 'execa';
import type { Browser, Page } from 'playwright-core';
import {
  cleanupTestResources,
  containerPid,
  createNetwork,
  docker,
  hostLinks,
  inspect,
  netnsInodeOfPid,
  runContainer,
} from '../core/testkit/test-host.js';
import { repoRoot } from '../core/util/repo-root.js';
import { launchChromium, startServe, watchProblems } from '../core/testkit/serve-process.js';

/**
 * The live graph in Debian's Chromium against `netloom serve` and the real engine. A small
 * scenario built with the docker CLI must show up in the graph (read through
 * `(globalThis as Page$).netloomGraph`, whose element ids are the model's ids), follow changes without a
 * reload, and drive the shell: views, search, inspector, language, export. Any page error,
 * console error or failed HTTP request fails the test. Screenshots go to artifacts/e2e/.
 */

const P = 'nlg-';
const ARTIFACTS = join(repoRoot(), 'artifacts', 'e2e');
const HTTPD = ['httpd', '-f', '-p', '80', '-h', '/www'];
const PORT = 18690;

interface Scenario {
  web: string;
  api: string;
  net: string;
  webIp: string;
  webNetns: number;
  bridge: string;
}

/** The slice of cytoscape the tests read; this file compiles without DOM or cytoscape types. */
interface GraphElement {
  animated(): boolean;
  style(name: string): unknown;
  hasClass(c: string): boolean;
  isParent(): boolean;
  position(): { x: number; y: number };
  nonempty(): boolean;
  empty(): boolean;
  selected(): boolean;
  id(): string;
  data(key: string): string;
}
interface Graph {
  animated(): boolean;
  zoom(level?: number): number;
  center(el: GraphElement): void;
  getElementById(id: string): GraphElement;
  nodes(selector?: string): { toArray(): GraphElement[] };
  edges(selector: string): { toArray(): GraphElement[] };
}
type Page$ = { netloomGraph?: Graph };

/** Ids present in the graph right now, of those asked about. */
async function present(page: Page, ids: string[]): Promise<string[]> {
  return page.evaluate(
    (wanted) => wanted.filter((id) => (globalThis as Page$).netloomGraph?.getElementById(id).nonempty() ?? false),
    ids,
  );
}

/** Where every plain node stands now, by id. */
async function positions(page: Page): Promise<Record<string, { x: number; y: number }>> {
  return page.evaluate(() => {
    const out: Record<string, { x: number; y: number }> = {};
    for (const n of (globalThis as Page$).netloomGraph?.nodes().toArray() ?? [])
      if (!n.isParent() && !n.hasClass('removed')) out[n.id()] = { ...n.position() };
    return out;
  });
}

async function hasClass(page: Page, id: string, cls: string): Promise<boolean> {
  return page.evaluate(({ id, cls }) => (globalThis as Page$).netloomGraph?.getElementById(id).hasClass(cls) ?? false, {
    id,
    cls,
  });
}

async function waitForIds(page: Page, ids: string[], state: 'present' | 'absent' = 'present'): Promise<void> {
  await page.waitForFunction(
    ({ wanted, state }) => {
      const cy = (globalThis as Page$).netloomGraph;
      if (!cy) return false;
      return wanted.every((id) => {
        const el = cy.getElementById(id);
        return state === 'present' ? el.nonempty() : el.empty();
      });
    },
    { wanted: ids, state },
    { timeout: 20_000 },
  );
}

describe('live graph in Chromium', { timeout: 180_000 }, () => {
  let server: ResultPromise;
  let browser: Browser;
  let page: Page;
  let url = '';
  let s: Scenario;
  const problems: string[] = [];
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  before(async () => {
    await cleanupTestResources(P);
    await mkdir(ARTIFACTS, { recursive: true });
    const net = await createNetwork(`${P}net`);
    const web = await runContainer(`${P}web`, ['-p', `${PORT}:80`], HTTPD);
    const api = await runContainer(`${P}api`, ['--network', `${P}net`]);
    const info = await inspect<{ NetworkSettings: { IPAddress: string } }>('container', `${P}web`);
    const bridgeName = `br-${net.slice(0, 12)}`;
    const hostInode = await netnsInodeOfPid(process.pid);
    const bridge = (await hostLinks()).find((l) => l.ifname === bridgeName);
    assert.ok(bridge, `no bridge ${bridgeName}`);
    s = {
      web,
      api,
      net,
      webIp: info.NetworkSettings.IPAddress,
      webNetns: await netnsInodeOfPid(await containerPid(`${P}web`)),
      bridge: `if:${hostInode}:${bridge.ifindex}`,
    };

    ({ server, url } = await startServe());
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
      acceptDownloads: true,
    });
    page = await context.newPage();
    watchProblems(page, problems);
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await cleanupTestResources(P);
  });

  test('the kernel view shows the scenario: containers, bridges, veths and ports', async () => {
    await page.goto(url);
    await page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 20_000 });
    await page.click('button[data-view="kernel"]');
    const ids = [`container:${s.web}`, `container:${s.api}`, s.bridge, `port:tcp:0.0.0.0:${PORT}`];
    await waitForIds(page, ids);
    const veths = await page.evaluate((inode) => {
      const cy = (globalThis as Page$).netloomGraph;
      return (cy?.edges('[kind = "veth"]').toArray() ?? [])
        .filter((e) => [e.data('source'), e.data('target')].some((id) => id.startsWith(`if:${inode}:`)))
        .map((e) => e.id());
    }, s.webNetns);
    assert.equal(veths.length, 1, 'one veth pair into nlg-web');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.waitForTimeout(400);
    await shot('graph-kernel');
    assert.deepEqual(problems, []);
  });

  test('the Docker view shows networks, containers and endpoints', async () => {
    await page.click('button[data-view="docker"]');
    await waitForIds(page, [`network:${s.net}`, `container:${s.web}`, `container:${s.api}`]);
    assert.deepEqual(await present(page, [`endpoint:${s.api}:${s.net}`]), [`endpoint:${s.api}:${s.net}`]);
    await page.waitForTimeout(400);
    await shot('graph-docker');
    assert.deepEqual(problems, []);
  });

  test('a container created with the docker CLI appears without reload, and goes when removed', async () => {
    const before = await positions(page);
    const late = await runContainer(`${P}late`, ['--network', `${P}net`]);
    const id = `container:${late}`;
    await waitForIds(page, [id]);
    await page.locator('[data-testid="announcer"]', { hasText: 'added' }).waitFor({ timeout: 10_000 });
    // Highlighted as new (the 10 s dot), placed on a free spot, and nothing else moved.
    assert.ok(await hasClass(page, id, 'recent'), 'the new container carries the changed dot');
    const after = await positions(page);
    for (const [k, p] of Object.entries(before))
      if (after[k]) assert.deepEqual(after[k], p, `${k} stayed where it was`);
    const mine = after[id];
    assert.ok(mine);
    for (const [k, p] of Object.entries(after))
      if (k !== id && !k.includes(late))
        assert.ok(Math.abs(p.x - mine.x) >= 16 || Math.abs(p.y - mine.y) >= 16, `${id} lands on ${k}`);
    await shot('graph-container-added');
    await docker('rm', '-f', `${P}late`);
    // Removed: it fades and stays tagged for 3 s, then goes.
    await page.waitForFunction(
      (i) => (globalThis as Page$).netloomGraph?.getElementById(i).hasClass('removed') ?? false,
      id,
      { timeout: 10_000 },
    );
    await shot('graph-container-removed');
    const gone = Date.now();
    await waitForIds(page, [id], 'absent');
    assert.ok(Date.now() - gone >= 1_500, 'the removed container lingers before it goes');
    assert.deepEqual(problems, []);
  });

  test('search finds a container by IP; the inspector explains it; the selection survives a view switch', async () => {
    await page.fill('[data-testid="search"]', s.webIp);
    const option = `[role="option"][data-id="container:${s.web}"]`;
    await page.waitForSelector(option, { timeout: 10_000 });
    await shot('search-by-ip');
    // The owning container comes first for an address search: Enter selects it and centres the graph.
    await page.keyboard.press('Enter');
    const inspector = page.locator('[data-testid="inspector"]');
    await inspector.locator('h2', { hasText: `${P}web` }).waitFor({ timeout: 5_000 });
    assert.match((await inspector.textContent()) ?? '', new RegExp(`docker inspect ${P}web`));
    assert.match((await inspector.textContent()) ?? '', new RegExp(`docker port ${P}web`));
    await shot('inspector-docker');
    await page.click('button[data-view="kernel"]');
    await waitForIds(page, [`container:${s.web}`]);
    await page.waitForFunction(
      (id) => (globalThis as Page$).netloomGraph?.getElementById(id).selected() ?? false,
      `container:${s.web}`,
      {
        timeout: 10_000,
      },
    );
    assert.match((await inspector.locator('h2').textContent()) ?? '', new RegExp(`${P}web`));
    await page.waitForTimeout(400);
    await shot('inspector-kernel');
    assert.deepEqual(problems, []);
  });

  test('switching to 中文 changes the toolbar and the explanation', async () => {
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await page.waitForSelector('text=筛选');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.match((await page.locator('[data-testid="inspector"] h2').textContent()) ?? '', /容器/);
    // The canvas's own words follow too.
    await page.waitForFunction(
      () => String((globalThis as Page$).netloomGraph?.getElementById('outside').style('label')) === '外部网络',
    );
    await shot('language-zh');
    await page.click('[data-testid="theme"]');
    await page.waitForTimeout(400);
    await shot('theme-dark-zh');
    await page.click('[data-testid="theme"]');
    await page.selectOption('[data-testid="language"]', 'en');
    await page.waitForSelector('text=Filters');
    assert.deepEqual(problems, []);
  });

  test('the table view lists the same facts, and a row selects for the inspector', async () => {
    await page.click('[data-testid="table-toggle"]');
    const table = page.locator('[data-testid="table-view"]');
    await table.waitFor({ timeout: 5_000 });
    assert.equal(await page.getAttribute('[data-testid="table-toggle"]', 'aria-pressed'), 'true');
    // The kernel view is on: namespaces, interfaces, rules and ports.
    await page.click('button[data-view="kernel"]');
    await table.locator('section[data-table="interfaces"]').waitFor();
    await page.click('button[data-view="docker"]');
    const row = table.locator(`section[data-table="containers"] tr[data-id="container:${s.web}"]`);
    await row.waitFor({ timeout: 5_000 });
    assert.match((await row.textContent()) ?? '', new RegExp(s.webIp.replace(/\./g, '\\.')));
    assert.match((await row.textContent()) ?? '', new RegExp(`0\\.0\\.0\\.0:${PORT}→80/tcp`));
    await row.locator('button.row-link').click();
    await page.locator('[data-testid="inspector"] h2', { hasText: `${P}web` }).waitFor({ timeout: 5_000 });
    assert.equal(await row.getAttribute('aria-selected'), 'true');
    await shot('table-docker');
    await page.click('[data-testid="table-toggle"]');
    await table.waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
  });

  test('keyboard users walk the graph through the tree, with a focus ring drawn on the canvas', async () => {
    await page.click('button[data-view="kernel"]');
    await page.focus('[data-testid="keyboard-tree"] [tabindex="0"]');
    await page.waitForFunction(
      () => ((globalThis as Page$).netloomGraph?.nodes('.kb-focus').toArray().length ?? 0) === 1,
    );
    const first = await page.evaluate(() => (globalThis as Page$).netloomGraph?.nodes('.kb-focus').toArray()[0]?.id());
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((was) => {
      const on = (globalThis as Page$).netloomGraph?.nodes('.kb-focus').toArray() ?? [];
      return on.length === 1 && on[0]?.id() !== was;
    }, first);
    await page.waitForFunction(() => !(globalThis as Page$).netloomGraph?.animated());
    await page.waitForTimeout(300);
    await shot('keyboard-focus');
    await page.keyboard.press('Escape');
    await page.focus('[data-testid="search"]');
    await page.waitForFunction(
      () => ((globalThis as Page$).netloomGraph?.nodes('.kb-focus').toArray().length ?? 1) === 0,
    );
    assert.deepEqual(problems, []);
  });

  test("zooming in past 100% adds a network's gateway under its name and subnet", async () => {
    await page.click('button[data-view="docker"]');
    const id = `network:${s.net}`;
    await waitForIds(page, [id]);
    // A view switch animates the viewport for 300 ms: let it finish before zooming by hand.
    await page.waitForFunction(
      () => {
        const cy = (globalThis as Page$).netloomGraph;
        return (
          cy !== undefined &&
          !cy.animated() &&
          !cy
            .nodes()
            .toArray()
            .some((n) => n.animated())
        );
      },
      undefined,
      { timeout: 5_000 },
    );
    const label = (): Promise<string> =>
      page.evaluate((i) => String((globalThis as Page$).netloomGraph?.getElementById(i).style('label') ?? ''), id);
    await page.evaluate((i) => {
      const cy = (globalThis as Page$).netloomGraph;
      cy?.zoom(0.7);
      cy?.center(cy.getElementById(i));
    }, id);
    await page.waitForFunction(
      (i) => String((globalThis as Page$).netloomGraph?.getElementById(i).style('label')).split('\n').length === 2,
      id,
      { timeout: 5_000 },
    );
    assert.match(await label(), new RegExp(`^${P}net\\n\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$`));
    await page.evaluate((i) => {
      const cy = (globalThis as Page$).netloomGraph;
      cy?.zoom(1.6);
      cy?.center(cy.getElementById(i));
    }, id);
    await page.waitForFunction(
      (i) => String((globalThis as Page$).netloomGraph?.getElementById(i).style('label')).split('\n').length === 3,
      id,
      { timeout: 5_000 },
    );
    assert.match(await label(), /\ngw \d+\.\d+\.\d+\.\d+$/);
    await page.waitForTimeout(300);
    await shot('zoom-detail');
    assert.deepEqual(problems, []);
  });

  test('a dragged node keeps its place across a reload; re-layout puts it back in the rack', async () => {
    await page.click('button[data-view="kernel"]');
    const id = `container:${s.api}`;
    await waitForIds(page, [id]);
    await page.waitForFunction(() => !(globalThis as Page$).netloomGraph?.animated());
    const rack = (await positions(page))[id];
    assert.ok(rack);
    const dragged = { x: Math.round(rack.x + 230), y: Math.round(rack.y + 170) };
    // What a mouse drag ends with: the node at its new place, then cytoscape's dragfree.
    await page.evaluate(
      ({ id, to }) => {
        const n = (globalThis as Page$).netloomGraph?.getElementById(id) as unknown as {
          position(p: { x: number; y: number }): void;
          emit(ev: string): void;
        };
        n.position(to);
        n.emit('dragfree');
      },
      { id, to: dragged },
    );
    await page.reload();
    await page.waitForFunction(() => (globalThis as Page$).netloomGraph?.nodes().toArray().length !== 0);
    await waitForIds(page, [id]);
    await page.waitForFunction(() => !(globalThis as Page$).netloomGraph?.animated());
    assert.deepEqual((await positions(page))[id], dragged, 'the drag survived the reload');
    await page.click('[data-testid="relayout"]');
    await page.waitForFunction(
      ({ id, x }) => Math.abs(((globalThis as Page$).netloomGraph?.getElementById(id).position().x ?? x) - x) > 100,
      { id, x: dragged.x },
    );
    await page.waitForFunction(
      () =>
        !(globalThis as Page$).netloomGraph?.animated() &&
        !(globalThis as Page$).netloomGraph
          ?.nodes()
          .toArray()
          .some((n) => n.animated()),
    );
    const relaidOut = (await positions(page))[id];
    // The rack of the host as it is now: what a fresh load, with no drags saved, draws.
    await page.reload();
    await waitForIds(page, [id]);
    await page.waitForFunction(() => !(globalThis as Page$).netloomGraph?.animated());
    assert.deepEqual((await positions(page))[id], relaidOut, 're-layout puts it back in the rack');
    assert.notDeepEqual(relaidOut, dragged);
    assert.deepEqual(problems, []);
  });

  test('export JSON downloads the visible model', async () => {
    await page.click('details.export summary');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="json"]')]);
    assert.match(download.suggestedFilename(), /^netloom-.*\.json$/);
    const path = await download.path();
    const doc = JSON.parse(await readFile(path, 'utf8')) as { nodes: { id: string }[] };
    assert.ok(doc.nodes.some((n) => n.id === `container:${s.web}`));
    assert.deepEqual(problems, []);
  });

  test('export SVG draws the boxes, labels and cable-end addresses; PNG is an image', async () => {
    await page.click('button[data-view="kernel"]');
    await waitForIds(page, [`container:${s.web}`]);
    await page.click('details.export summary');
    const [svgFile] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="svg"]')]);
    assert.match(svgFile.suggestedFilename(), /^netloom-.*\.svg$/);
    const svg = await readFile(await svgFile.path(), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, new RegExp(`>${P}web<`), 'the container is named');
    assert.match(
      svg,
      new RegExp(`>eth0</tspan><tspan [^>]*>${s.webIp.replace(/\./g, '\\.')}<`),
      'the interface at the cable end shows eth0 and its address',
    );
    assert.match(svg, /<polyline points="[^"]+ [^"]+ [^"]+"/, 'routed cables keep their bends');
    assert.match(svg, /marker-end="url\(#arrow-\d+\)"/, 'DNAT and MASQUERADE keep their arrows');
    assert.match(svg, /<title>/);
    if (!(await page.$eval('details.export', (d) => (d as unknown as { open: boolean }).open)))
      await page.click('details.export summary');
    const [pngFile] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="png"]')]);
    const png = await readFile(await pngFile.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 10_000);
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
