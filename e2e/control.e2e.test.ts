import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { ResultPromise } from 'execa';
import { execa } from 'execa';
import type { Browser, Page } from 'playwright-core';
import {
  cleanupTestResources,
  createNetwork,
  docker,
  inspect,
  runContainer,
  TEST_LABEL,
} from '../core/testkit/test-host.js';
import { repoRoot } from '../core/util/repo-root.js';
import { launchChromium, startServe, watchProblems } from '../core/testkit/serve-process.js';
import {
  focusedText,
  focusInside,
  freePort,
  graphPoint,
  openMenuOn,
  pickMenu,
  protocolRequest,
} from './control-helpers.js';

/**
 * Control from the graph in Chromium against `netloom serve` and the real engine: a real
 * mouse drag connects a container, the context menu disconnects it, the forms create a
 * network and run a container on it, publishing recreates it and curl fetches through the
 * port, undo takes the port back, and the exported script replays the session on the host
 * as it was before. Every effect is checked with the docker CLI and curl, never with
 * Netloom's own output. `--read-only` hides the controls and the server refuses them.
 */

const P = 'nlx-';
const ARTIFACTS = join(repoRoot(), 'artifacts', 'e2e');
const HTTPD = 'httpd -f -p 80 -h /www';
const LAB_SUBNET = '10.251.77.0/24';

type Inspected = {
  State: { Running: boolean };
  NetworkSettings: { Networks: Record<string, { Aliases: string[] | null }>; Ports: Record<string, unknown> };
};

const networksOf = async (name: string): Promise<string[]> =>
  Object.keys((await inspect<Inspected>('container', name)).NetworkSettings.Networks).sort();

/** Retries an independent check until it holds: the engine's state, not the UI's word. */
async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`never came true: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const curl = async (port: number): Promise<string> =>
  (await execa('curl', ['-sS', '--max-time', '3', `http://127.0.0.1:${port}/`], { reject: false })).stdout;

describe('control from the graph in Chromium', { timeout: 300_000 }, () => {
  let server: ResultPromise;
  let browser: Browser;
  let page: Page;
  let url = '';
  let state = '';
  let port = 0;
  const problems: string[] = [];
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const dialog = () => page.getByRole('dialog');

  // A failed step leaves a picture of the page beside the others.
  afterEach(async (t) => {
    if ((t as { passed?: boolean }).passed === false)
      await shot(`control-failed-${t.name.slice(0, 24).replace(/\W+/g, '-')}`).catch(() => null);
  });

  before(async () => {
    await cleanupTestResources(P);
    await mkdir(ARTIFACTS, { recursive: true });
    state = await mkdtemp(join(tmpdir(), 'netloom-control-e2e-'));
    await createNetwork(`${P}net`);
    await runContainer(`${P}web`, [], ['sleep', '1d']);
    port = await freePort();
    ({ server, url } = await startServe({ env: { XDG_STATE_HOME: state } }));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    watchProblems(page, problems);
    await page.goto(url);
    await page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 20_000 });
    await page.click('button[data-view="docker"]');
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    await cleanupTestResources(P);
    await rm(state, { recursive: true, force: true });
  });

  test('a real drag drops a container on a network: the dialog shows the command and Connect connects it', async () => {
    const from = await graphPoint(page, { kind: 'container', label: `${P}web` });
    const to = await graphPoint(page, { kind: 'network', label: `${P}net` });
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++)
      await page.mouse.move(from.x + ((to.x - from.x) * i) / 12, from.y + ((to.y - from.y) * i) / 12);
    await page.mouse.up();
    await dialog().waitFor();
    await page.getByTestId('preview-cli').getByText(`docker network connect ${P}net ${P}web`).waitFor();
    await shot('control-connect-dialog');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    assert.ok((await networksOf(`${P}web`)).includes(`${P}net`), 'docker inspect shows the new network');
    // The answer came after its delta: the effect card lists the new veth pair at once.
    const effect = page.getByTestId('effect-card');
    await effect.waitFor();
    assert.match((await effect.textContent()) ?? '', /veth/);
    await shot('control-connect-effect');
    // The dragged container went back where it was: the drop was a gesture, not a move.
    const back = await graphPoint(page, { kind: 'container', label: `${P}web` });
    assert.ok(Math.hypot(back.x - from.x, back.y - from.y) < 2, 'the container is where it was before the drag');
    assert.deepEqual(problems, []);
  });

  test('the context menu disconnects it', async () => {
    await openMenuOn(page, { kind: 'container', label: `${P}web` });
    await pickMenu(page, `Disconnect from ${P}net…`);
    await dialog().waitFor();
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    assert.deepEqual(await networksOf(`${P}web`), ['bridge']);
    assert.deepEqual(problems, []);
  });

  test('from the keyboard: the inspector Actions menu stops and starts a container, Shift+F10 opens the menu', async () => {
    const search = page.getByPlaceholder('Name, IP, MAC or port');
    await search.fill(`${P}web`);
    await search.press('Enter');
    const actions = page.getByTestId('element-actions');
    await actions.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('context-menu').waitFor();
    // The menu takes the focus on its first entry, the question; the first action, a running container's, is Stop.
    assert.equal(await focusedText(page), 'Can this reach…?');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedText(page), 'Stop');
    await page.keyboard.press('Enter');
    await eventually('stopped', async () => !(await inspect<Inspected>('container', `${P}web`)).State.Running, 20_000);
    await actions.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedText(page), 'Start');
    await page.keyboard.press('Enter');
    await eventually('running again', async () => (await inspect<Inspected>('container', `${P}web`)).State.Running);
    // The graph's keyboard tree opens the same menu in place with Shift+F10, and Escape gives the focus back.
    await page.focus('[data-testid="keyboard-tree"] [tabindex="0"]');
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('context-menu').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('context-menu').waitFor({ state: 'detached' });
    assert.equal(await focusInside(page, '[data-testid="keyboard-tree"]'), true);
    assert.deepEqual(problems, []);
  });

  test('the New network form creates a network, refusing a bad gateway by field first', async () => {
    await page.getByRole('button', { name: 'New network', exact: true }).click();
    await dialog().waitFor();
    await dialog().getByLabel('Name').fill(`${P}lab`);
    await dialog().getByLabel('Subnet').fill(LAB_SUBNET);
    await dialog().getByLabel('Gateway').fill('10.251.78.1');
    await page.getByTestId('field-error').getByText('is not inside').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create', exact: true }).isDisabled(), true);
    await dialog().getByLabel('Gateway').fill('10.251.77.1');
    await dialog()
      .getByLabel(/Labels/)
      .fill(TEST_LABEL);
    await page.getByTestId('preview-cli').getByText(`--subnet ${LAB_SUBNET}`, { exact: false }).waitFor();
    await shot('control-network-form');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    const net = await inspect<{
      IPAM: { Config: { Subnet: string; Gateway: string }[] };
      Labels: Record<string, string>;
    }>('network', `${P}lab`);
    assert.deepEqual(
      net.IPAM.Config.map((c) => [c.Subnet, c.Gateway]),
      [[LAB_SUBNET, '10.251.77.1']],
    );
    assert.equal(net.Labels['netloom.test'], '1');
    assert.deepEqual(problems, []);
  });

  test('Run a container here… runs one on that network', async () => {
    await openMenuOn(page, { kind: 'network', label: `${P}lab` });
    await pickMenu(page, 'Run a container here…');
    await dialog().waitFor();
    await dialog().getByLabel('Name', { exact: true }).fill(`${P}run`);
    await dialog().getByLabel('DNS servers').fill('127.0.0.1');
    await dialog().getByLabel('Command', { exact: true }).fill(HTTPD);
    await dialog()
      .getByLabel(/Labels/)
      .fill(TEST_LABEL);
    await page.getByTestId('preview-cli').getByText(`--network ${P}lab`, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await dialog().waitFor({ state: 'detached', timeout: 20_000 });
    const c = await inspect<Inspected>('container', `${P}run`);
    assert.equal(c.State.Running, true);
    assert.deepEqual(Object.keys(c.NetworkSettings.Networks), [`${P}lab`]);
    assert.deepEqual(problems, []);
  });

  test('Publish recreates the container with the port, and curl fetches through it on 127.0.0.1', async () => {
    await openMenuOn(page, { kind: 'container', label: `${P}run` });
    await pickMenu(page, 'Publish a port…');
    await dialog().waitFor();
    await dialog().getByLabel('Host port').fill(String(port));
    await dialog().getByLabel('Container port').fill('80');
    await page.getByTestId('preview-lost').waitFor();
    await shot('control-publish-dialog');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog().waitFor({ state: 'detached', timeout: 30_000 });
    await eventually('curl through the published port', async () => /netloom test page/.test(await curl(port)));
    assert.deepEqual(await networksOf(`${P}run`), [`${P}lab`], 'the recreated container kept its network');
    assert.deepEqual(problems, []);
  });

  test('Undo takes the port back', async () => {
    await page.getByRole('button', { name: 'Action log', exact: true }).click();
    const log = page.getByTestId('action-log');
    await log.waitFor();
    await log.locator('.log-entry').first().getByRole('button', { name: 'Undo', exact: true }).click();
    await dialog().waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Undo', exact: true }).click();
    await dialog().waitFor({ state: 'detached', timeout: 30_000 });
    await eventually('the port is gone', async () => (await curl(port)) === '');
    assert.equal((await inspect<Inspected>('container', `${P}run`)).State.Running, true);
    await shot('control-action-log');
    assert.deepEqual(problems, []);
  });

  test('the exported script replays the session on the host as it was before', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-script').click();
    const file = join(state, 'replay.sh');
    await (await download).saveAs(file);
    const script = await readFile(file, 'utf8');
    assert.match(script, /^#!\/bin\/sh\n/);
    // Back to the host before the session: what it created goes, web is on bridge alone.
    await docker('rm', '-f', `${P}run`);
    await docker('network', 'rm', `${P}lab`);
    const replay = await execa('sh', [file], { reject: false });
    assert.equal(replay.exitCode, 0, replay.stderr);
    assert.deepEqual(await networksOf(`${P}web`), ['bridge']);
    assert.deepEqual(await networksOf(`${P}run`), [`${P}lab`]);
    assert.equal((await inspect<Inspected>('container', `${P}run`)).State.Running, true);
    assert.equal(await curl(port), '', 'the undone port stays undone');
  });

  test('--read-only hides every control and the server refuses them', async () => {
    const ro = await startServe({ args: ['--read-only'], env: { XDG_STATE_HOME: state } });
    try {
      const p2 = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const p2problems: string[] = [];
      watchProblems(p2, p2problems);
      await p2.goto(ro.url);
      await p2.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 20_000 });
      await p2.getByTestId('read-only').waitFor();
      assert.equal(await p2.getByRole('button', { name: 'New network' }).count(), 0);
      assert.equal(await p2.getByRole('button', { name: 'New container' }).count(), 0);
      await p2.click('button[data-view="docker"]');
      const at = await graphPoint(p2, { kind: 'container', label: `${P}web` });
      await p2.mouse.click(at.x, at.y, { button: 'right' });
      // The menu keeps only the question, which changes nothing.
      await p2.getByTestId('context-menu').waitFor();
      assert.deepEqual(await p2.getByRole('menuitem').allTextContents(), ['Can this reach…?']);
      await p2.keyboard.press('Escape');
      await p2.screenshot({ path: join(ARTIFACTS, 'control-read-only.png') });
      await p2.close();
      assert.deepEqual(p2problems, []);
      const answer = await protocolRequest(ro.url, 'network.create', { name: `${P}ro`, driver: 'bridge' });
      assert.equal(answer.ok, false);
      assert.equal(!answer.ok && answer.error.code, 'not-permitted');
      const exists = await execa('docker', ['network', 'inspect', `${P}ro`], { reject: false });
      assert.notEqual(exists.exitCode, 0, 'nothing was created');
    } finally {
      ro.server.kill('SIGTERM');
    }
  });
});
