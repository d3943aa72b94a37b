import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import type { Topology } from '../model/types.js';
import { CONTROL_METHODS } from '../protocol/commands.js';
import { inspectOrNull, LABELS, startControlServe, type ControlServe } from '../testkit/control-serve.js';
import { cleanupTestResources, TEST_IMAGE } from '../testkit/test-host.js';
import { repoRoot } from '../util/repo-root.js';

/** Control refused when it is off, and malformed params answered bad-request with nothing changed on the host. */

const P = 'nlc-safe-';
const VALID: Record<(typeof CONTROL_METHODS)[number], unknown> = {
  'network.create': { name: `${P}n`, driver: 'bridge', labels: LABELS },
  'network.remove': { network: `${P}n` },
  'network.prune': { label: 'netloom.test.safety=1' },
  'network.connect': { network: 'bridge', container: `${P}c` },
  'network.disconnect': { network: 'bridge', container: `${P}c` },
  'container.run': { image: TEST_IMAGE, name: `${P}c`, labels: LABELS, dns: ['127.0.0.1'] },
  'container.start': { container: `${P}c` },
  'container.stop': { container: `${P}c` },
  'container.restart': { container: `${P}c` },
  'container.remove': { container: `${P}c` },
  'container.publish': { container: `${P}c`, publish: [{ containerPort: 80, proto: 'tcp' }], confirm: true },
  'action.preview': { method: 'network.create', params: { name: `${P}n`, driver: 'bridge' } },
  'action.log': undefined,
  'action.undo': { id: 'x' },
};

before(() => cleanupTestResources(P));
after(() => cleanupTestResources(P));

async function refusesControl(s: ControlServe, reason: RegExp, live = true): Promise<void> {
  assert.equal(s.client.hello?.control?.enabled, false);
  assert.match(s.client.hello?.control?.reason ?? '', reason);
  for (const method of CONTROL_METHODS) {
    const a = await s.client.request(method, VALID[method]);
    assert.equal(a.error?.code, 'not-permitted', method);
    assert.match(a.error?.message ?? '', reason, method);
  }
  assert.equal(await inspectOrNull('network', `${P}n`), null);
  assert.equal(await inspectOrNull('container', `${P}c`), null);
  assert.ok((await s.client.request('ping')).ok, 'reading still works');
  if (live) assert.ok((await s.client.request('image.list')).ok);
}

describe('control off', { timeout: 90_000 }, () => {
  test('--read-only refuses every control method and says so in hello', async () => {
    const s = await startControlServe({ args: ['--read-only'] });
    try {
      await refusesControl(s, /--read-only/);
    } finally {
      await s.stop();
    }
  });

  test('beyond loopback control is off unless --allow-remote-control is given too', async () => {
    // docker0's address: not loopback, and reached only from this host and its containers.
    const s = await startControlServe({ args: ['--host', '172.17.0.1', '--allow-remote'] });
    try {
      await refusesControl(s, /--allow-remote-control/);
    } finally {
      await s.stop();
    }
    const on = await startControlServe({ args: ['--host', '172.17.0.1', '--allow-remote', '--allow-remote-control'] });
    try {
      assert.deepEqual(on.client.hello?.control, { enabled: true });
      assert.ok((await on.client.request('action.log')).ok);
    } finally {
      await on.stop();
    }
  });

  test('--open FILE has control off', async () => {
    const s = await startControlServe({
      args: ['--open', join(repoRoot(), 'fixtures', 'snapshot', 'small-host.json')],
    });
    try {
      await refusesControl(s, /saved snapshot/, false);
    } finally {
      await s.stop();
    }
  });
});

async function snapshot(): Promise<Topology> {
  const r = await execa(process.execPath, [join(repoRoot(), 'bin', 'netloom.js'), 'snapshot', '--json'], {
    reject: false,
  });
  return JSON.parse(r.stdout) as Topology;
}

/** What this file could have made: Docker objects named with its prefix or the names it sent, and their ports. */
function ours(t: Topology, names: Set<string>): string[] {
  const mine = (name: string) => name.startsWith(P) || names.has(name);
  const ids = new Set(
    t.nodes.filter((n) => (n.kind === 'container' || n.kind === 'network') && mine(n.name)).map((n) => n.id),
  );
  return [
    ...ids,
    ...t.nodes.filter((n) => n.kind === 'port' && ids.has(n.container)).map((n) => n.id),
    ...t.edges.filter((e) => e.kind === 'endpoint' && ids.has(e.source)).map((e) => e.id),
  ].sort();
}

describe('malformed params', { timeout: 90_000 }, () => {
  let s: ControlServe;
  before(async () => {
    rmSync('/tmp/x', { force: true });
    s = await startControlServe();
  });
  after(() => s?.stop());

  const long = 'a'.repeat(5000);
  const cases: [string, string, unknown, string][] = [
    ['a name of the wrong type', 'network.create', { name: 5, driver: 'bridge' }, 'name'],
    ['an unknown field', 'network.create', { name: `${P}x`, driver: 'bridge', bogus: 1 }, 'bogus'],
    ['a 5,000-character name', 'network.create', { name: long, driver: 'bridge' }, 'name'],
    ['a command substitution', 'network.create', { name: '$(touch /tmp/x)', driver: 'bridge' }, 'name'],
    ['a command separator', 'container.run', { image: TEST_IMAGE, name: '; reboot' }, 'name'],
    ['unicode', 'container.run', { image: TEST_IMAGE, name: `${P}ünïcødé` }, 'name'],
    ['an emoji', 'network.connect', { network: 'bridge', container: `${P}😀` }, 'container'],
    [
      'port 0',
      'container.run',
      { image: TEST_IMAGE, publish: [{ containerPort: 0, proto: 'tcp' }] },
      'publish.0.containerPort',
    ],
    [
      'port 65536',
      'container.run',
      { image: TEST_IMAGE, publish: [{ containerPort: 80, hostPort: 65536, proto: 'tcp' }] },
      'publish.0.hostPort',
    ],
    ['prefix /33', 'network.create', { name: `${P}p`, driver: 'bridge', subnet: '10.213.41.0/33' }, 'subnet'],
    ['an image with a substitution', 'container.run', { image: '$(touch /tmp/x)' }, 'image'],
    ['a command as one string', 'container.run', { image: TEST_IMAGE, command: 'touch /tmp/x' }, 'command'],
    [
      'a preview of a bad name',
      'action.preview',
      { method: 'container.run', params: { image: TEST_IMAGE, name: '$(touch /tmp/x)' } },
      'name',
    ],
    ['a preview of an unknown method', 'action.preview', { method: 'container.exec', params: {} }, 'method'],
    ['a label filter with a space', 'network.prune', { label: 'a b; reboot' }, 'label'],
    ['no ports to publish', 'container.publish', { container: `${P}c`, publish: [] }, 'publish'],
    ['force as a string', 'network.disconnect', { network: 'bridge', container: `${P}c`, force: 'yes' }, 'force'],
    ['params as a string', 'container.stop', '; reboot', '(params)'],
    ['an empty undo id', 'action.undo', { id: '' }, 'id'],
  ];

  test('each answered bad-request naming the field, with nothing changed on the host', async () => {
    const sent = new Set<string>();
    for (const [, , params] of cases) {
      const p = params as { name?: string; container?: string; params?: { name?: string } };
      for (const n of [p?.name, p?.container, p?.params?.name]) if (typeof n === 'string') sent.add(n.slice(0, 200));
    }
    const beforeSnap = await snapshot();
    for (const [what, method, params, field] of cases) {
      const a = await s.client.request(method as never, params);
      assert.equal(a.error?.code, 'bad-request', `${what}: ${JSON.stringify(a.error ?? a.result)}`);
      assert.equal(a.error?.details?.field, field, `${what}: ${JSON.stringify(a.error)}`);
      assert.equal(typeof a.error?.details?.rule, 'string', what);
    }
    const afterSnap = await snapshot();
    assert.deepEqual(ours(afterSnap, sent), ours(beforeSnap, sent));
    assert.ok(!existsSync('/tmp/x'), 'nothing ran /tmp/x');
    const log = await s.client.request('action.log');
    assert.deepEqual(log.result?.actions, [], 'a request refused by its schema is no action');
  });
});
