import assert from 'node:assert/strict';
import { execa } from 'execa';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanupTestResources, createNetwork, runContainer, sh } from '../testkit/test-host.js';
import { repoRoot } from '../util/repo-root.js';
import { NFT_TRACE_TABLE } from './nft-trace.js';
import { removeStaleTraceRules, tracePacket } from './trace.js';

/** The nftables way to the kernel's trace, on the real kernel: the hits, and the marking gone after (also after a kill). */

const P = 'nlrn-';
const tables = async (): Promise<string> => sh('nft', ['list', 'tables']);
const addressOn = async (c: string, net: string): Promise<string> =>
  (
    await sh('docker', ['inspect', '-f', `{{(index .NetworkSettings.Networks "${P}${net}").IPAddress}}`, `${P}${c}`])
  ).trim();

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`never came true: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('nft trace on the real kernel', { timeout: 120_000 }, () => {
  let a = '';
  let b = '';
  let bridgeB = '';
  before(async () => {
    await cleanupTestResources(P);
    await removeStaleTraceRules();
    await createNetwork(`${P}a`, ['--subnet', '10.215.1.0/24']);
    const netB = await createNetwork(`${P}b`, ['--subnet', '10.215.2.0/24']);
    await runContainer(`${P}a1`, ['--network', `${P}a`]);
    await runContainer(`${P}b1`, ['--network', `${P}b`]);
    a = await addressOn('a1', 'a');
    b = await addressOn('b1', 'b');
    bridgeB = `br-${netB.trim().slice(0, 12)}`;
  });
  after(async () => {
    await cleanupTestResources(P);
    await removeStaleTraceRules();
  });

  test('a ping between two user networks: the kernel names the isolation drop; the table is gone after', async () => {
    const { result, trace } = await tracePacket(
      { src: a, dst: b, proto: 'icmp', port: null },
      () => sh('docker', ['exec', `${P}a1`, 'ping', '-c', '1', '-W', '1', b], { reject: false }),
      'nft',
    );
    assert.match(result, /0 packets received/);
    assert.equal(trace.deciding?.chain, 'DOCKER-ISOLATION-STAGE-2', JSON.stringify(trace.hits, null, 1));
    assert.equal(trace.deciding?.verdict, 'DROP');
    assert.equal(trace.deciding?.text, `oifname "${bridgeB}" drop`);
    assert.doesNotMatch(await tables(), new RegExp(NFT_TRACE_TABLE));
  });

  test('killed mid-trace: kill -9 leaves the table for the next run to clean; SIGINT removes it itself', async () => {
    const module = join(repoRoot(), 'dist', 'core', 'reach', 'trace.js');
    const script = `import(${JSON.stringify(module)}).then((m) => m.tracePacket(${JSON.stringify({ src: a, dst: b, proto: 'icmp', port: null })}, () => new Promise(() => {}), 'nft'))`;
    for (const signal of ['SIGKILL', 'SIGINT'] as const) {
      const child = execa(process.execPath, ['-e', script], { reject: false });
      await until('the trace table is made', async () => (await tables()).includes(NFT_TRACE_TABLE));
      child.kill(signal);
      await child;
      if (signal === 'SIGKILL') {
        assert.match(await tables(), new RegExp(NFT_TRACE_TABLE), 'a kill -9 cannot clean up');
        assert.ok((await removeStaleTraceRules()) >= 1);
      }
      assert.doesNotMatch(await tables(), new RegExp(NFT_TRACE_TABLE), signal);
    }
  });
});
