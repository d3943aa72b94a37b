import { launchChromium, startServe } from '../core/testkit/serve-process.js';
import {
  cleanupTestResources,
  createNetwork,
  docker,
  runContainer,
  sh,
  TEST_LABEL,
} from '../core/testkit/test-host.js';
import { mapLimit } from '../core/util/map-limit.js';
import type { GraphStats } from '../renderer/graph/graph-stats.js';

/**
 * `npm run bench:render`: the UI in headless Chromium against `netloom serve` with 500
 * containers (~3000 graph elements): time to first full render, time to apply one delta,
 * frame rate while panning and zooming, and the page's JS heap. Prints figures.
 */

const P = 'nlr-';
const N = Number(process.env.NETLOOM_BENCH_CONTAINERS ?? 500);
const ROUNDS = Number(process.env.NETLOOM_BENCH_ROUNDS ?? 10);

type StatsWindow = {
  netloomGraphStats?: GraphStats;
  netloomGraph?: {
    panBy(p: { x: number; y: number }): void;
    zoom(z?: number): number;
    animated(): boolean;
    elements(): { length: number };
    nodes(s?: string): { length: number };
  };
  requestAnimationFrame(cb: (now: number) => void): number;
};

/** Until the graph has no layout change under way and no animation, then one painted frame. */
async function settledAndPainted(page: import('playwright-core').Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = globalThis as unknown as StatsWindow;
      return w.netloomGraphStats?.settling === 0 && w.netloomGraph?.animated() === false;
    },
    undefined,
    { timeout: 120_000 },
  );
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        (globalThis as unknown as StatsWindow).requestAnimationFrame(() =>
          (globalThis as unknown as StatsWindow).requestAnimationFrame(() => resolve()),
        ),
      ),
  );
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench:render needs root');
  const existing = new Set(
    (await sh('docker', ['ps', '-a', '--filter', `label=${TEST_LABEL}`, '--format', '{{.Names}}']))
      .split('\n')
      .filter((n) => n.startsWith(P)),
  );
  if (!process.env.NETLOOM_BENCH_KEEP || existing.size === 0) {
    await cleanupTestResources(P);
    existing.clear();
    for (let n = 0; n < 10; n++) await createNetwork(`${P}net${n}`);
  }
  process.stderr.write(`ensuring ${N} containers…\n`);
  await mapLimit(
    Array.from({ length: N }, (_, i) => i).filter((i) => !existing.has(`${P}c${i}`)),
    4,
    (i) =>
      runContainer(`${P}c${i}`, ['--network', `${P}net${i % 10}`, ...(i % 25 === 0 ? ['-p', `${21000 + i}:80`] : [])]),
  );

  const { server, url } = await startServe();
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  /** One connect or disconnect on the engine, and how long the graph took to apply it. */
  const oneDelta = async (action: string, r: number): Promise<number> => {
    const before = (await page.evaluate(() => (globalThis as unknown as StatsWindow).netloomGraphStats?.patches)) ?? 0;
    // c0, c10, … all sit on net0 (i % 10): net5 is always another network.
    await docker('network', action, `${P}net5`, `${P}c${r * 10}`);
    await page.waitForFunction(
      (b) => ((globalThis as unknown as StatsWindow).netloomGraphStats?.patches ?? 0) > b,
      before,
      { timeout: 10_000 },
    );
    return (await page.evaluate(() => (globalThis as unknown as StatsWindow).netloomGraphStats?.lastPatchMs)) ?? NaN;
  };
  try {
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForFunction(
      () => ((globalThis as unknown as StatsWindow).netloomGraphStats?.firstPaintAt ?? 0) > 0,
      undefined,
      {
        timeout: 120_000,
      },
    );
    const firstRender = Date.now() - t0;
    const stats = (await page.evaluate(() => (globalThis as unknown as StatsWindow).netloomGraphStats)) as GraphStats;
    const opened = await page.evaluate(() => {
      const cy = (globalThis as unknown as StatsWindow).netloomGraph;
      return { elements: cy?.elements().length ?? 0, clusters: cy?.nodes('[kind = "cluster"]').length ?? 0 };
    });
    await settledAndPainted(page);

    // Everything open: the full graph, which the delta and frame-rate targets are about.
    const e0 = Date.now();
    if (opened.clusters > 0) await page.click('[data-testid="overview"]');
    await page.waitForFunction(
      () => ((globalThis as unknown as StatsWindow).netloomGraph?.nodes('[kind = "cluster"]').length ?? 1) === 0,
      undefined,
      { timeout: 120_000 },
    );
    await settledAndPainted(page);
    const expandAll = Date.now() - e0;
    const full = await page.evaluate(() => (globalThis as unknown as StatsWindow).netloomGraph?.elements().length ?? 0);

    const patchMs: number[] = [];
    const units: number[] = [];
    const byAction: Record<string, number[]> = { connect: [], disconnect: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const action of ['connect', 'disconnect']) {
        const ms = await oneDelta(action, r);
        patchMs.push(ms);
        byAction[action]?.push(ms);
        units.push(
          (await page.evaluate(() => (globalThis as unknown as StatsWindow).netloomGraphStats?.lastRebuiltUnits)) ?? 0,
        );
      }
    }

    // Frames the page manages in 3 s while the view pans every frame, then while it also
    // zooms in and out every half second (each zoom step re-renders the labels).
    const framesPerSecond = (zoomEvery: number): Promise<number> =>
      page.evaluate(
        (every) =>
          new Promise<number>((resolve) => {
            const w = globalThis as unknown as StatsWindow;
            const cy = w.netloomGraph;
            let frames = 0;
            const start = performance.now();
            const step = (now: number): void => {
              frames++;
              cy?.panBy({ x: Math.sin(now / 300) * 4, y: 2 });
              if (every > 0 && frames % every === 0 && cy)
                cy.zoom(cy.zoom() * (frames % (2 * every) === 0 ? 1.1 : 0.9));
              if (now - start < 3000) w.requestAnimationFrame(step);
              else resolve((frames * 1000) / (now - start));
            };
            w.requestAnimationFrame(step);
          }),
        zoomEvery,
      );
    // Right after a delta the changed elements pulse for 2 s.
    await docker('network', 'connect', `${P}net5`, `${P}c0`);
    await new Promise((r) => setTimeout(r, 300));
    const fpsFresh = await framesPerSecond(0);
    await docker('network', 'disconnect', `${P}net5`, `${P}c0`);
    await new Promise((r) => setTimeout(r, 11_000));
    const fps = await framesPerSecond(0);
    const fpsZoom = await framesPerSecond(30);
    const heap = await page.evaluate(
      () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
    );

    // Back to the overview: what a delta costs there.
    await page.click('[data-testid="overview"]');
    await page.waitForFunction(
      () => ((globalThis as unknown as StatsWindow).netloomGraph?.nodes('[kind = "cluster"]').length ?? 0) > 0,
    );
    await settledAndPainted(page);
    const overviewMs: number[] = [];
    for (let r = 0; r < Math.min(ROUNDS, 5); r++)
      for (const action of ['connect', 'disconnect']) overviewMs.push(await oneDelta(action, r));

    console.log(
      `netloom bench:render — ${N} containers, ${full} graph elements when all open, headless Chromium (software rendering), 2 cores\n`,
    );
    console.log(
      `first render (navigation → first picture): ${firstRender} ms   (target < 1500 ms)\n` +
        `  it opens as an overview: ${opened.clusters} clusters, ${opened.elements} elements drawn\n` +
        `  of which page load, connection and the host read until the topology arrived: ${stats.firstDataAt.toFixed(0)} ms\n` +
        `  of which the graph (elements, rack layout, canvas): ${stats.firstLayoutMs.toFixed(0)} ms\n` +
        `  of which the browser's first paint of it: ${(stats.firstPaintAt - stats.firstDataAt - stats.firstLayoutMs).toFixed(0)} ms\n` +
        `  (in the page's own clock: topology in at ${stats.firstDataAt.toFixed(0)} ms, first picture at ${stats.firstPaintAt.toFixed(0)} ms)\n` +
        `opening every cluster (the toolbar's Overview), laid out and painted: ${expandAll} ms for ${full} elements`,
    );
    console.log(
      `single delta applied to the full graph: median ${median(patchMs).toFixed(1)} ms (target < 8 ms), max ${Math.max(...patchMs).toFixed(1)} ms (target < 16 ms) over ${patchMs.length}\n` +
        `  units rebuilt per delta: median ${median(units)}, max ${Math.max(...units)} of ${full} elements\n` +
        `  container joins a network (adds an interface, a veth and its cable): median ${median(byAction.connect ?? []).toFixed(1)} ms\n` +
        `  container leaves a network (fades them out): median ${median(byAction.disconnect ?? []).toFixed(1)} ms`,
    );
    console.log(`frame rate while panning the full graph: ${fps.toFixed(1)} fps   (target ≥ 40)`);
    console.log(`  while a change pulses (its 2 s highlight restyles the boxes around it): ${fpsFresh.toFixed(1)} fps`);
    console.log(`frame rate while panning and zooming every 30 frames: ${fpsZoom.toFixed(1)} fps`);
    console.log(`renderer JS heap: ${(heap / 1024 / 1024).toFixed(0)} MiB`);
    console.log(
      `single delta in the overview: median ${median(overviewMs).toFixed(1)} ms, max ${Math.max(...overviewMs).toFixed(1)} ms over ${overviewMs.length}`,
    );
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await server.catch(() => undefined);
    if (!process.env.NETLOOM_BENCH_KEEP) await cleanupTestResources(P);
  }
}

await main();
