import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startControlServe, type ControlServe } from '../testkit/control-serve.js';
import { cleanupTestResources, createNetwork, runContainer, sh } from '../testkit/test-host.js';
import { removeStaleTraceRules } from '../reach/trace.js';

/** reach.check, reach.probe and reach.matrix through a real `netloom serve`, checked against the test's own pings. */

const P = 'nlrp-';
let s: ControlServe;
let ro: ControlServe;

const pings = async (src: string, address: string): Promise<boolean> =>
  /1 packets received/.test(
    await sh('docker', ['exec', `${P}${src}`, 'ping', '-c', '1', '-W', '1', address], { reject: false }),
  );

describe('the diagnosis methods', { timeout: 120_000 }, () => {
  before(async () => {
    await cleanupTestResources(P);
    await removeStaleTraceRules();
    await createNetwork(`${P}a`, ['--subnet', '10.218.1.0/24']);
    await createNetwork(`${P}b`, ['--subnet', '10.218.2.0/24']);
    await runContainer(`${P}a1`, ['--network', `${P}a`]);
    await runContainer(`${P}a2`, ['--network', `${P}a`]);
    await runContainer(`${P}b1`, ['--network', `${P}b`]);
    s = await startControlServe();
    ro = await startControlServe({ args: ['--read-only'] });
    // The containers were made before serve started: its first snapshot holds them.
    await s.client.until(() =>
      s.client.model.nodes.some((n) => n.id.startsWith('container:') && 'name' in n && n.name === `${P}b1`),
    );
  });
  after(async () => {
    await s?.stop();
    await ro?.stop();
    await cleanupTestResources(P);
    await removeStaleTraceRules();
  });

  test('reach.check: the verdicts the test’s own pings give, with steps a UI can draw', async () => {
    const same = await s.client.request('reach.check', { src: `${P}a1`, dst: `${P}a2`, proto: 'icmp' });
    assert.ok(same.ok, JSON.stringify(same.error));
    assert.equal(same.result.verdict, 'reachable');
    assert.equal(await pings('a1', same.result.address ?? ''), true);
    const ids = new Set(same.model.nodes.map((n) => n.id));
    const drawn = same.result.steps.filter((x) => x.element !== null);
    assert.ok(drawn.length >= 3, JSON.stringify(same.result.steps));
    for (const x of drawn)
      assert.ok(ids.has(x.element as string) || x.kind === 'rule' || x.kind === 'decides', x.element as string);
    for (const x of same.result.steps) assert.ok(Object.keys(x.params).length > 0 || x.kind === 'policy', x.kind);

    const apart = await s.client.request('reach.check', { src: `${P}a1`, dst: `${P}b1`, proto: 'icmp' });
    assert.ok(apart.ok);
    assert.equal(apart.result.verdict, 'blocked');
    assert.match(apart.result.deciding ?? '', /DROP/);
    assert.equal(await pings('a1', apart.result.address ?? ''), false);
  });

  test('reach.probe with trace: the probe agrees, the kernel names the predicted rule, the marking is gone', async () => {
    const r = await s.client.request('reach.probe', { src: `${P}a1`, dst: `${P}b1`, proto: 'icmp', trace: true });
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(r.result.tested.probe.verdict, 'blocked');
    assert.equal(r.result.tested.agrees, true);
    assert.ok(r.result.tested.trace);
    assert.equal(r.result.tested.trace.deciding?.text, r.result.tested.predictedRule);
    assert.equal(r.result.tested.traceAgrees, true);
    assert.doesNotMatch(await sh('iptables-save', ['-t', 'raw']), /netloom-trace/);
  });

  test('reach.matrix: every pair, and the names each container resolves', async () => {
    const m = await s.client.request('reach.matrix', {});
    assert.ok(m.ok);
    const pair = (a: string, b: string) => m.result.pairs.find((p) => p.src === `${P}${a}` && p.dst === `${P}${b}`);
    assert.equal(pair('a1', 'a2')?.verdict, 'reachable');
    assert.equal(pair('a1', 'b1')?.verdict, 'blocked');
    const name = m.result.names.find((n) => n.src === `${P}a1` && n.name === `${P}a2`);
    assert.equal(name?.via, 'embedded-dns');
  });

  test('bad questions get a clear error naming the field', async () => {
    const noPort = await s.client.request('reach.check', { src: `${P}a1`, dst: `${P}a2`, proto: 'tcp' });
    assert.equal(noPort.error?.code, 'bad-request');
    assert.equal(noPort.error?.details?.field, 'port');
    const shell = await s.client.request('reach.check', { src: '$(rm -rf /)', dst: `${P}a2`, proto: 'icmp' });
    assert.equal(shell.error?.code, 'bad-request');
    assert.equal(shell.error?.details?.field, 'src');
    const missing = await s.client.request('reach.check', { src: `${P}nobody`, dst: `${P}a2`, proto: 'icmp' });
    assert.equal(missing.error?.code, 'bad-request');
    assert.match(missing.error?.message ?? '', /no container/);
    assert.equal(missing.error?.details?.field, 'src');
    const nowhere = await s.client.request('reach.check', { src: `${P}a1`, dst: `${P}nobody`, proto: 'icmp' });
    assert.equal(nowhere.error?.code, 'bad-request');
    assert.equal(nowhere.error?.details?.field, 'dst');
    const outsider = await s.client.request('reach.probe', { src: `${P}a1`, dst: '192.0.2.1', proto: 'icmp' });
    assert.equal(outsider.error?.code, 'bad-request');
    assert.equal(outsider.error?.details?.rule, 'not-probeable');
  });

  test('read-only: reach.check and reach.matrix answer, reach.probe is refused', async () => {
    const check = await ro.client.request('reach.check', { src: `${P}a1`, dst: `${P}a2`, proto: 'icmp' });
    assert.ok(check.ok);
    const probe = await ro.client.request('reach.probe', { src: `${P}a1`, dst: `${P}a2`, proto: 'icmp' });
    assert.equal(probe.error?.code, 'not-permitted');
    assert.match(probe.error?.message ?? '', /read-only/);
  });
});
