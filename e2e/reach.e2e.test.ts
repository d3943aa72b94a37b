import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { ResultPromise } from 'execa';
import type { Browser, Page } from 'playwright-core';
import { cleanupTestResources, createNetwork, runContainer, sh } from '../core/testkit/test-host.js';
import { removeStaleTraceRules } from '../core/reach/trace.js';
import { repoRoot } from '../core/util/repo-root.js';
import { launchChromium, startServe, watchProblems } from '../core/testkit/serve-process.js';
import { openMenuOn, pickMenu } from './control-helpers.js';

/**
 * Diagnosis in Chromium: pick two containers from the context menu, see the walk drawn on
 * the graph, step back and play it, run the probe and the trace, switch to Chinese, open
 * the matrix and a cell's walk — each verdict checked against the test's own ping or nc
 * from inside the source, and the trace marking checked gone with iptables-save.
 */

const P = 'nlre-';
const ARTIFACTS = join(repoRoot(), 'artifacts', 'e2e');

interface GraphNode {
  data(key: string): unknown;
  hasClass(c: string): boolean;
}
type Page$ = { netloomGraph?: { nodes(selector?: string): { toArray(): GraphNode[] } } };

/** The first label line of every node carrying a class. */
const labelsWith = (page: Page, cls: string): Promise<string[]> =>
  page.evaluate(
    (c) =>
      ((globalThis as Page$).netloomGraph?.nodes(`.${c}`).toArray() ?? []).map(
        (n) => String(n.data('label') ?? '').split('\n')[0] as string,
      ),
    cls,
  );

/** The test's own probe from inside the source. */
const pings = async (src: string, address: string): Promise<boolean> =>
  /1 packets received/.test(
    await sh('docker', ['exec', `${P}${src}`, 'ping', '-c', '1', '-W', '1', address], { reject: false }),
  );
const connects = async (src: string, address: string, port: number): Promise<boolean> => {
  const out = await sh('docker', ['exec', `${P}${src}`, 'sh', '-c', `echo | nc -w 2 ${address} ${port} && echo OPEN`], {
    reject: false,
  });
  return /OPEN/.test(out);
};
const bridgeOf = async (net: string): Promise<string> =>
  `br-${(await sh('docker', ['network', 'inspect', '-f', '{{.Id}}', `${P}${net}`])).trim().slice(0, 12)}`;
const addressOf = async (c: string, net: string): Promise<string> =>
  (
    await sh('docker', ['inspect', '-f', `{{(index .NetworkSettings.Networks "${P}${net}").IPAddress}}`, `${P}${c}`])
  ).trim();

describe('diagnosis in Chromium', { timeout: 300_000 }, () => {
  let server: ResultPromise;
  let readOnly: ResultPromise;
  let browser: Browser;
  let page: Page;
  let roUrl = '';
  const problems: string[] = [];
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const panel = () => page.getByTestId('reach-panel');
  const verdict = () => page.getByTestId('reach-verdict');
  const hop = async (): Promise<string> => (await page.getByTestId('reach-hop').textContent()) ?? '';

  afterEach(async (t) => {
    if ((t as { passed?: boolean }).passed === false)
      await shot(`reach-failed-${t.name.slice(0, 24).replace(/\W+/g, '-')}`).catch(() => null);
  });

  before(async () => {
    await cleanupTestResources(P);
    await removeStaleTraceRules();
    await mkdir(ARTIFACTS, { recursive: true });
    await createNetwork(`${P}a`, ['--subnet', '10.216.1.0/24']);
    await createNetwork(`${P}b`, ['--subnet', '10.216.2.0/24']);
    await runContainer(`${P}a1`, ['--network', `${P}a`]);
    await runContainer(`${P}a2`, ['--network', `${P}a`], ['httpd', '-f', '-p', '80', '-h', '/']);
    await runContainer(`${P}b1`, ['--network', `${P}b`]);
    ({ server } = await startServe({}).then(async (live) => {
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      watchProblems(page, problems);
      await page.goto(live.url);
      return live;
    }));
    const ro = await startServe({ args: ['--read-only'] });
    readOnly = ro.server;
    roUrl = ro.url;
  });
  after(async () => {
    await browser?.close();
    server?.kill();
    readOnly?.kill();
    await cleanupTestResources(P);
    await removeStaleTraceRules();
  });

  test('the context menu asks; the walk between two networks is drawn and stops at their bridge', async () => {
    await page.getByRole('button', { name: 'Docker', exact: true }).click();
    await openMenuOn(page, { kind: 'container', label: `${P}a1` });
    await pickMenu(page, 'Can this reach…?');
    await panel().waitFor();
    // Every hop is drawn in the kernel view.
    assert.equal(await page.getByRole('button', { name: 'Kernel', exact: true }).getAttribute('aria-pressed'), 'true');
    await page.getByTestId('reach-dst').fill(`${P}b1`);
    await verdict().waitFor();
    assert.equal(await verdict().getAttribute('data-verdict'), 'blocked');
    const deciding = (await page.getByTestId('reach-deciding').textContent()) ?? '';
    const [bridgeA, bridgeB] = [await bridgeOf('a'), await bridgeOf('b')];
    assert.match(deciding, new RegExp(`DOCKER-ISOLATION-STAGE-2 -o ${bridgeB} -j DROP`));
    assert.equal(await pings('a1', await addressOf('b1', 'b')), false, 'the test’s own ping is blocked too');
    // The way: a1's eth0, its veth, bridge A; it stops at bridge B.
    await page.waitForFunction(
      () => ((globalThis as Page$).netloomGraph?.nodes('.reach-stop').toArray().length ?? 0) > 0,
    );
    const walked = await labelsWith(page, 'reach-hop');
    assert.ok(walked.includes('eth0') && walked.includes(bridgeA), walked.join(', '));
    assert.deepEqual(await labelsWith(page, 'reach-stop'), [bridgeB]);
    const dim = await labelsWith(page, 'reach-dim');
    assert.ok(dim.length > 0, 'what is off the way dims');
    // The source's box keeps its name readable: its container badge does not dim.
    assert.ok(!dim.includes(`${P}a1`), dim.join(', '));
    await shot('reach-blocked');
    assert.deepEqual(problems, []);
  });

  test('Back, Step and Play walk the hops one by one', async () => {
    const total = Number(/of (\d+)/.exec(await hop())?.[1]);
    assert.ok(total >= 5, await hop());
    assert.equal(await hop(), `Hop ${total} of ${total}`);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    assert.equal(await hop(), `Hop ${total - 2} of ${total}`);
    // Short of the last hop, nothing is marked as the stop yet.
    assert.deepEqual(await labelsWith(page, 'reach-stop'), []);
    assert.equal(await page.locator('.hop[aria-current="step"]').count(), 1);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    assert.equal(await hop(), `Hop ${total - 1} of ${total}`);
    const back = page.getByRole('button', { name: 'Back', exact: true });
    while (!(await back.isDisabled())) await back.click();
    assert.equal(await hop(), `Hop 1 of ${total}`);
    // The first hop is the source's own way out: its eth0, not yet the bridge.
    const first = await labelsWith(page, 'reach-hop');
    assert.ok(first.includes('eth0') && !first.includes(await bridgeOf('a')), first.join(', '));
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page
      .locator('[data-testid="reach-hop"]', { hasText: `Hop ${total} of ${total}` })
      .waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    assert.ok((await labelsWith(page, 'reach-stop')).length === 1);
  });

  test('Test it and Trace: the probe agrees, the kernel names the same rule, the marking is gone', async () => {
    await page.getByRole('button', { name: 'Test it', exact: true }).click();
    await page.getByTestId('reach-probe').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('reach-probe').getAttribute('data-verdict'), 'blocked');
    assert.match((await page.getByTestId('reach-beside').textContent()) ?? '', /agrees/);
    await page.getByRole('button', { name: 'Trace', exact: true }).click();
    await page.getByTestId('reach-trace').waitFor({ timeout: 30_000 });
    const kernel = (await page.getByTestId('reach-trace-deciding').textContent()) ?? '';
    assert.equal(kernel, (await page.getByTestId('reach-deciding').textContent()) ?? '');
    assert.doesNotMatch(await sh('iptables-save', ['-t', 'raw']), /netloom-trace/);
    assert.equal(await page.getByTestId('reach-disagrees').count(), 0);
    await page.getByTestId('reach-trace').scrollIntoViewIfNeeded();
    await shot('reach-trace');
    assert.deepEqual(problems, []);
  });

  test('tcp: a listening port is reachable, a closed one refused, as nc from inside says', async () => {
    await page.getByTestId('reach-dst').fill(`${P}a2`);
    await page.getByTestId('reach-proto').selectOption('tcp');
    await page.getByTestId('reach-port').fill('80');
    await page.locator('[data-testid="reach-verdict"][data-verdict="reachable"]').waitFor();
    const a2 = await addressOf('a2', 'a');
    assert.equal(await connects('a1', a2, 80), true);
    const walked = await labelsWith(page, 'reach-hop');
    assert.equal(walked.filter((l) => l === 'eth0').length, 2, `both ends' eth0: ${walked.join(', ')}`);
    await shot('reach-reachable');
    await page.getByTestId('reach-port').fill('81');
    await page.locator('[data-testid="reach-verdict"][data-verdict="refused"]').waitFor();
    assert.equal(await connects('a1', a2, 81), false);
  });

  test('to outside: the way out by the host NIC is drawn, and the probe refuses to send anything there', async () => {
    await page.getByTestId('reach-proto').selectOption('icmp');
    await page.getByTestId('reach-dst').fill('outside');
    await page.locator('[data-testid="reach-verdict"][data-verdict="reachable"]').waitFor();
    const hops = (await page.getByTestId('reach-hops').textContent()) ?? '';
    assert.match(hops, /MASQUERADE/);
    assert.match(hops, /leaves the host by/);
    await page.waitForFunction(() =>
      ((globalThis as Page$).netloomGraph?.nodes('.reach-hop').toArray() ?? []).some((n) => n.data('id') === 'outside'),
    );
    await shot('reach-outside');
    await page.getByRole('button', { name: 'Test it', exact: true }).click();
    await page.getByText(/never sends anything outside this host/).waitFor();
    assert.equal(await page.getByTestId('reach-probe').count(), 0);
  });

  test('in Chinese: the verdict, the hops and the buttons', async () => {
    await page.getByTestId('reach-proto').selectOption('icmp');
    await page.getByTestId('reach-dst').fill(`${P}b1`);
    await page.locator('[data-testid="reach-verdict"][data-verdict="blocked"]').waitFor();
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await page.getByText('被拦截', { exact: true }).waitFor();
    await page.getByRole('button', { name: '下一步' }).waitFor();
    const hops = (await page.getByTestId('reach-hops').textContent()) ?? '';
    assert.match(hops, /按路由/);
    assert.match(hops, /DOCKER-ISOLATION-STAGE-2 链/);
    await shot('reach-zh');
    await page.selectOption('[data-testid="language"]', 'en');
  });

  test('the matrix: who reaches whom, and a cell opens its walk', async () => {
    await page.getByRole('button', { name: 'Matrix', exact: true }).click();
    await page.getByTestId('matrix-addresses').waitFor();
    const cell = page.locator(`.matrix .cell[data-src="${P}a1"][data-dst="${P}b1"]`);
    assert.equal(await cell.getAttribute('data-verdict'), 'blocked');
    assert.equal(
      await page.locator(`.matrix .cell[data-src="${P}a1"][data-dst="${P}a2"]`).getAttribute('data-verdict'),
      'reachable',
    );
    await shot('reach-matrix');
    await page.getByRole('tab', { name: 'By name' }).click();
    await page.getByTestId('matrix-names').waitFor();
    // The names a1 resolves: a2 on the network they share; b1 on none it shares.
    const names = (await page.getByTestId('matrix-names').textContent()) ?? '';
    assert.match(names, /embedded DNS/);
    assert.match(names, /no answer/);
    await shot('reach-matrix-names');
    await page.getByRole('tab', { name: 'By address' }).click();
    await cell.click();
    await page.getByTestId('matrix-view').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('reach-dst').inputValue(), await addressOf('b1', 'b'));
    await page.locator('[data-testid="reach-verdict"][data-verdict="blocked"]').waitFor();
    assert.deepEqual(problems, []);
  });

  test('read-only: the question is there, the probe is not', async () => {
    const ro = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await ro.goto(roUrl);
    await openMenuOn(ro, { kind: 'container', label: `${P}a1` });
    await pickMenu(ro, 'Can this reach…?');
    await ro.getByTestId('reach-dst').fill(`${P}a2`);
    await ro.getByTestId('reach-verdict').waitFor();
    assert.equal(await ro.getByRole('button', { name: 'Test it', exact: true }).isDisabled(), true);
    await ro
      .getByText(/read-only/)
      .first()
      .waitFor();
    await ro.close();
  });
});
