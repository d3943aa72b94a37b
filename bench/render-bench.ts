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
  netloomGraph?: { panBy(p: { x: number; y: number }): void; zoom(z?: number): number };
  requestAnimationFrame(cb: (now: number) => void): number;
};

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

    const patchMs: number[] = [];
    const byAction: Record<string, number[]> = { connect: [], disconnect: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const action of ['connect', 'disconnect']) {
        const before =
          (await page.evaluate(() => (globalThis as unknown as StatsWindow).netloomGraphStats?.patches)) ?? 0;
        // c0, c10, … all sit on net0 (i % 10): net5 is always another network.
        await docker('network', action, `${P}net5`, `${P}c${r * 10}`);
        await page.waitForFunction(
          (b) => ((globalThis as unknown as StatsWindow).netloomGraphStats?.patches ?? 0) > b,
          before,
          {
            timeout: 10_000,
          },
        );
        const ms =
          (await page.evaluate(() => (globalThis as unknown as StatsWindow).netloomGraphStats?.lastPatchMs)) ?? NaN;
        patchMs.push(ms);
        byAction[action]?.push(ms);
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

    console.log(
      `netloom bench:render — ${N} containers, ${stats.elements} graph elements, headless Chromium (software rendering), 2 cores\n`,
    );
    console.log(
      `first full render (navigation → laid out): ${firstRender} ms   (target < 2000 ms)\n` +
        `  of which page load, connection and the host read until the topology arrived: ${stats.firstDataAt.toFixed(0)} ms\n` +
        `  of which the graph (elements, rack layout, canvas): ${stats.firstLayoutMs.toFixed(0)} ms\n` +
        `  of which the browser's first paint of it: ${(stats.firstPaintAt - stats.firstDataAt - stats.firstLayoutMs).toFixed(0)} ms\n` +
        `  (in the page's own clock: topology in at ${stats.firstDataAt.toFixed(0)} ms, first picture at ${stats.firstPaintAt.toFixed(0)} ms)`,
    );
    console.log(
      `single delta applied to the graph: median ${median(patchMs).toFixed(1)} ms, max ${Math.max(...patchMs).toFixed(1)} ms over ${patchMs.length}   (target < 16 ms)\n` +
        `  container joins a network (adds an interface, a veth and its cable): median ${median(byAction.connect ?? []).toFixed(1)} ms\n` +
        `  container leaves a network (fades them out): median ${median(byAction.disconnect ?? []).toFixed(1)} ms`,
    );
    console.log(`frame rate while panning: ${fps.toFixed(1)} fps   (target ≥ 30)`);
    console.log(`  while a change pulses (its 2 s highlight restyles the boxes around it): ${fpsFresh.toFixed(1)} fps`);
    console.log(`frame rate while panning and zooming every 30 frames: ${fpsZoom.toFixed(1)} fps`);
    console.log(`renderer JS heap: ${(heap / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await server.catch(() => undefined);
    if (!process.env.NETLOOM_BENCH_KEEP) await cleanupTestResources(P);
  }
}

await main();
