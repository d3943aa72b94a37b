import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { cleanupTestResources, sh, vethBetween } from '../testkit/test-host.js';
import { repoRoot } from '../util/repo-root.js';

/**
 * The router exercise on the real kernel: p ↔ r ↔ q, r routing between them, and s off r
 * with no route back to p. Each verdict of `netloom reach` is set beside a ping the test
 * runs itself inside p, and r's ip_forward beside what sysctl says inside r.
 */

const P = 'nlrt-';
const inNs = (ns: string, ...args: string[]) => sh('ip', ['-n', `${P}${ns}`, ...args]);
const sysctl = (ns: string, ...args: string[]) => sh('ip', ['netns', 'exec', `${P}${ns}`, 'sysctl', ...args]);

interface Answer {
  verdict: string;
  deciding: string | null;
  steps: { kind: string; params: Record<string, string> }[];
}
async function netloomReach(src: string, dst: string, ...flags: string[]): Promise<Answer & { exitCode: number }> {
  const r = await execa(
    process.execPath,
    [join(repoRoot(), 'bin', 'netloom.js'), 'reach', src, dst, '--json', ...flags],
    {
      reject: false,
    },
  );
  assert.ok(r.stdout.startsWith('{'), r.stderr);
  return { ...(JSON.parse(r.stdout) as Answer), exitCode: r.exitCode ?? -1 };
}

/** The test's own probe: one busybox ping from inside p, one second. */
async function pingsFromP(address: string): Promise<boolean> {
  const r = await execa('ip', ['netns', 'exec', `${P}p`, 'busybox', 'ping', '-c', '1', '-W', '1', address], {
    reject: false,
  });
  return /1 packets received/.test(r.stdout);
}

describe('a router namespace, on the real kernel', { timeout: 120_000 }, () => {
  before(async () => {
    await cleanupTestResources(P);
    for (const ns of ['p', 'r', 'q', 's']) await sh('ip', ['netns', 'add', `${P}${ns}`]);
    for (const [a, devA, net] of [
      ['p', 'vp', '10.251.10'],
      ['q', 'vq', '10.251.11'],
      ['s', 'vs', '10.251.12'],
    ] as const) {
      const devR = `${P}r${a}`;
      await vethBetween(`${P}${a}`, `${P}${devA}`, `${P}r`, devR);
      await inNs(a, 'addr', 'add', `${net}.2/24`, 'dev', `${P}${devA}`);
      await inNs('r', 'addr', 'add', `${net}.1/24`, 'dev', devR);
      await inNs(a, 'link', 'set', `${P}${devA}`, 'up');
      await inNs('r', 'link', 'set', devR, 'up');
    }
    for (const ns of ['p', 'r', 'q', 's']) await inNs(ns, 'link', 'set', 'lo', 'up');
    await inNs('p', 'route', 'add', 'default', 'via', '10.251.10.1');
    await inNs('q', 'route', 'add', '10.251.10.0/24', 'via', '10.251.11.1');
    await sysctl('r', '-qw', 'net.ipv4.ip_forward=1');
  });
  after(() => cleanupTestResources(P));

  test('r forwarding: p reaches q through r, as p’s own ping does, and the probe agrees', async () => {
    assert.equal((await sysctl('r', '-n', 'net.ipv4.ip_forward')).trim(), '1');
    const r = await netloomReach(`${P}p`, `${P}q`);
    assert.equal(await pingsFromP('10.251.11.2'), true);
    assert.equal(r.verdict, 'reachable', JSON.stringify(r.steps));
    assert.deepEqual(r.steps.find((s) => s.kind === 'forwards')?.params.name, `${P}r`);
    const probed = await execa(
      process.execPath,
      [join(repoRoot(), 'bin', 'netloom.js'), 'reach', `${P}p`, `${P}q`, '--probe'],
      {
        reject: false,
      },
    );
    assert.equal(probed.exitCode, 0, probed.stderr);
    assert.doesNotMatch(probed.stderr, /DISAGREES/);
  });

  test('s has no route back to p: p’s ping gets no answer, and the walk says why', async () => {
    const r = await netloomReach(`${P}p`, `${P}s`);
    assert.equal(await pingsFromP('10.251.12.2'), false);
    assert.equal(r.verdict, 'no-route');
    assert.equal(r.exitCode, 4);
    assert.deepEqual(r.steps.at(-1)?.kind, 'no-route-back');
    assert.equal(r.steps.at(-1)?.params.address, '10.251.10.2');
  });

  test('r not forwarding: p’s ping stops in r, and ip_forward = 0 is the deciding fact', async () => {
    await sysctl('r', '-qw', 'net.ipv4.ip_forward=0');
    try {
      const r = await netloomReach(`${P}p`, `${P}q`);
      assert.equal(await pingsFromP('10.251.11.2'), false);
      assert.equal(r.verdict, 'blocked');
      assert.equal(r.deciding, `net.ipv4.ip_forward = 0 in ${P}r`);
      assert.equal(r.steps.at(-1)?.kind, 'no-forward');
    } finally {
      await sysctl('r', '-qw', 'net.ipv4.ip_forward=1');
    }
  });
});
