import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ResultPromise } from 'execa';
import type { Browser, Page } from 'playwright-core';
import { createScenario } from '../core/testkit/scenario.js';
import { launchChromium, startServe, watchProblems } from '../core/testkit/serve-process.js';
import { cleanupTestResources } from '../core/testkit/test-host.js';
import { repoRoot } from '../core/util/repo-root.js';
import { measureReadability, type Readability, type Rect } from './readability.js';

/**
 * The opening view a newcomer gets on a laptop (1440×900, inspector open), on a host of
 * a dozen containers in every network mode: the whole host in view, every name at 11 px
 * or more, no label on another, no cable across a box that holds neither of its ends. In
 * both views, after a view switch, a re-layout and a window resize. Screenshots go to
 * artifacts/e2e/readable-*.png.
 */

const P = 'nlq-';
const ARTIFACTS = join(repoRoot(), 'artifacts', 'e2e');

type Cy = { animated(): boolean; nodes(): { toArray(): { animated(): boolean }[] } };

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const cy = (globalThis as unknown as { netloomGraph?: Cy }).netloomGraph;
      const canvas = (
        globalThis as unknown as { document: { querySelector(s: string): { style: { opacity: string } } | null } }
      ).document.querySelector('[data-testid="graph-canvas"]');
      const stats = (globalThis as unknown as { netloomGraphStats?: { settling: number } }).netloomGraphStats;
      return (
        cy !== undefined &&
        stats?.settling === 0 &&
        !cy.animated() &&
        !cy
          .nodes()
          .toArray()
          .some((n) => n.animated()) &&
        (canvas?.style.opacity ?? '1') !== '0'
      );
    },
    undefined,
    { timeout: 15_000 },
  );
  // The resize follower waits 80 ms; a frame more for the canvas to draw.
  await page.waitForTimeout(250);
}

/** Rendered rectangles of UI drawn over the canvas, relative to the canvas. */
async function overlays(page: Page): Promise<Rect[]> {
  const canvas = await page.locator('[data-testid="graph-canvas"]').boundingBox();
  assert.ok(canvas);
  const out: Rect[] = [];
  for (const sel of ['.legend-toggle', '.legend', '[data-testid="minimap"]']) {
    for (const box of await Promise.all((await page.locator(sel).all()).map((l) => l.boundingBox()))) {
      if (box && box.width > 0)
        out.push({
          x1: box.x - canvas.x,
          y1: box.y - canvas.y,
          x2: box.x + box.width - canvas.x,
          y2: box.y + box.height - canvas.y,
        });
    }
  }
  return out;
}

function assertReadable(r: Readability, where: string): void {
  const say = (what: string, list: unknown[]): string => `${where}: ${what}: ${JSON.stringify(list.slice(0, 8))}`;
  assert.ok(r.counted.names >= 20, `${where}: only ${r.counted.names} names measured`);
  assert.ok(r.counted.labels >= 30, `${where}: only ${r.counted.labels} labels compared`);
  assert.ok(r.counted.edges >= 10 && r.counted.boxes >= 3, `${where}: too little drawn`);
  assert.deepEqual(r.clipped, [], say('clipped or covered', r.clipped));
  assert.deepEqual(r.small, [], say(`names under 11 px at zoom ${r.zoom.toFixed(3)}`, r.small));
  assert.deepEqual(r.overlaps, [], say('overlapping labels', r.overlaps));
  assert.deepEqual(r.crossings, [], say('cables across boxes', r.crossings));
}

describe('a dozen containers read at a glance on a laptop', { timeout: 240_000 }, () => {
  let server: ResultPromise;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const results: Record<string, Readability> = {};

  const measure = async (name: string): Promise<Readability> => {
    await settled(page);
    const r = await page.evaluate(measureReadability, await overlays(page));
    results[name] = r;
    await page.screenshot({ path: join(ARTIFACTS, `readable-${name}.png`) });
    return r;
  };

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await createScenario(P);
    ({ server, url: pageUrl } = await startServe());
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    watchProblems(page, problems);
    await page.goto(pageUrl);
    await page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 20_000 });
    // The scenario's last container must be on the canvas before anything is measured.
    await page.waitForFunction(
      (prefix) =>
        (
          (
            globalThis as unknown as {
              netloomGraph?: { nodes(s: string): { toArray(): { data(k: string): string }[] } };
            }
          ).netloomGraph
            ?.nodes('[kind = "container"]')
            .toArray() ?? []
        ).filter((n) => String(n.data('label')).startsWith(prefix)).length >= 11,
      P,
      { timeout: 20_000 },
    );
  });
  let pageUrl = '';

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await cleanupTestResources(P);
  });

  test('the kernel view opens readable', async () => {
    assert.equal(await page.getAttribute('button[data-view="kernel"]', 'aria-pressed'), 'true');
    assertReadable(await measure('kernel-open'), 'kernel view on open');
  });

  test('the Docker view, after a view switch, and back', async () => {
    await page.click('button[data-view="docker"]');
    assertReadable(await measure('docker-switch'), 'Docker view after a switch');
    await page.click('button[data-view="kernel"]');
    assertReadable(await measure('kernel-switch'), 'kernel view after switching back');
  });

  test('after a re-layout', async () => {
    await page.click('[data-testid="relayout"]');
    assertReadable(await measure('kernel-relayout'), 'kernel view after re-layout');
  });

  test('after the window is resized, in both views', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    assertReadable(await measure('kernel-1366'), 'kernel view at 1366×768');
    await page.click('button[data-view="docker"]');
    assertReadable(await measure('docker-1366'), 'Docker view at 1366×768');
    await page.setViewportSize({ width: 1440, height: 900 });
    assertReadable(await measure('docker-1440'), 'Docker view resized back to 1440×900');
    assert.deepEqual(problems, []);
  });

  test('the toolbar and the inspector fit the window at laptop sizes, in English and Chinese', async () => {
    for (const language of ['en', 'zh-CN']) {
      await page.selectOption('[data-testid="language"]', language);
      for (const [width, height] of [
        [1280, 800],
        [1366, 768],
        [1440, 900],
      ] as const) {
        await page.setViewportSize({ width, height });
        // A string: these e2e files compile without the DOM's types.
        const fit = (await page.evaluate(`(() => {
          const out = [];
          const w = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth > w) out.push('page ' + document.documentElement.scrollWidth + ' wide');
          for (const el of document.querySelectorAll('.toolbar button, .toolbar select, .inspector')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && (r.left < 0 || r.right > w + 0.5))
              out.push((el.getAttribute('aria-label') || el.textContent || el.className) + ' ends at ' + Math.round(r.right));
          }
          return out;
        })()`)) as string[];
        assert.deepEqual(fit, [], `${language} at ${width}×${height}`);
      }
    }
    await page.selectOption('[data-testid="language"]', 'en');
    assert.deepEqual(problems, []);
  });

  test('selecting a container shows its way: cables, bridge, ports and rules, the NIC out; the rest dims', async () => {
    await page.click('button[data-view="kernel"]');
    await settled(page);
    await page.fill('[data-testid="search"]', `${P}a`);
    await page.waitForSelector('[role="option"]', { timeout: 5_000 });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="inspector"] h2', { hasText: `${P}a` }).waitFor({ timeout: 5_000 });
    const seen = await page.evaluate((prefix) => {
      interface E {
        id(): string;
        data(k: string): string;
        hasClass(c: string): boolean;
        connectedEdges(s?: string): { toArray(): E[] };
        connectedNodes(): { toArray(): E[] };
        children(): { toArray(): E[] };
        parent(): { id(): string };
      }
      const cy = (globalThis as unknown as { netloomGraph: { nodes(s?: string): { toArray(): E[] } } }).netloomGraph;
      const byLabel = (l: string): E | undefined =>
        cy
          .nodes('[kind = "container"]')
          .toArray()
          .find((n) => n.data('label') === l);
      const a = byLabel(`${prefix}a`) as E;
      const box = cy
        .nodes()
        .toArray()
        .find((n) => n.id() === a.parent().id()) as E;
      const ifaces = box
        .children()
        .toArray()
        .filter((n) => n.data('kind') === 'interface');
      const cables = ifaces.flatMap((i) => i.connectedEdges('[kind = "veth"]').toArray());
      const peers = cables.flatMap((e) => e.connectedNodes().toArray());
      const bridges = peers
        .flatMap((p) => p.connectedEdges('[kind = "bridge-port"]').toArray())
        .flatMap((e) => e.connectedNodes().toArray());
      const ports = ifaces
        .flatMap((i) => i.connectedEdges('[kind = "publishes"]').toArray())
        .flatMap((e) => e.connectedNodes().toArray());
      const rules = ports
        .flatMap((p) => p.connectedEdges('[kind = "dnat"]').toArray())
        .flatMap((e) => e.connectedNodes().toArray());
      const masq = bridges
        .flatMap((b) => b.connectedEdges('[kind = "masquerade"]').toArray())
        .flatMap((e) => e.connectedNodes().toArray());
      const nic = cy.nodes('[role = "nic"]').toArray();
      const bright = [a, ...ifaces, ...cables, ...peers, ...bridges, ...ports, ...rules, ...masq, ...nic];
      return {
        counts: {
          ifaces: ifaces.length,
          peers: peers.length,
          bridges: bridges.length,
          ports: ports.length,
          rules: rules.length,
          masq: masq.length,
        },
        dimmedOnPath: bright.filter((e) => e.hasClass('hover-dim')).map((e) => e.id()),
        otherDims: byLabel(`${prefix}b`)?.hasClass('hover-dim') ?? false,
      };
    }, P);
    assert.ok(
      seen.counts.ifaces >= 1 && seen.counts.peers >= 2 && seen.counts.bridges >= 1,
      JSON.stringify(seen.counts),
    );
    assert.ok(seen.counts.ports >= 1 && seen.counts.rules >= 1 && seen.counts.masq >= 1, JSON.stringify(seen.counts));
    assert.deepEqual(seen.dimmedOnPath, [], 'the way stays at full strength');
    assert.ok(seen.otherDims, 'another container dims');
    await page.screenshot({ path: join(ARTIFACTS, 'readable-selected-path.png') });
    await page.keyboard.press('Escape');
    assert.deepEqual(problems, []);
  });

  test('the figures, for the record', () => {
    for (const [name, r] of Object.entries(results))
      process.stdout.write(
        `# ${name}: canvas ${r.canvas.width}×${r.canvas.height}, zoom ${r.zoom.toFixed(3)}, ${r.counted.names} names ` +
          `(smallest ${r.smallestName} px), ${r.counted.labels} labels, ${r.counted.edges} cables, ${r.counted.boxes} boxes\n`,
      );
  });
});
