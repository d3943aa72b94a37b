import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applyStreamMessage, emptyStreamState, type StreamState } from '../protocol/apply.js';
import type { DeltaMessage, StreamMessage } from '../protocol/messages.js';
import { ids } from '../model/ids.js';
import { cleanupTestResources, createNetwork, docker, sh, TEST_IMAGE, TEST_LABEL } from '../testkit/test-host.js';
import { startLiveTopology, type LiveTopology } from './live-topology.js';

/**
 * The live core's monitors on the real kernel: kill the real `ip monitor` and a later
 * kernel change still arrives, announced by the restarted monitor; kill `nft monitor`
 * and a rule added by hand still arrives, by the poll. Processes are found with pgrep.
 * And a stopped container connected to a network (no event announces it) shows the
 * endpoint, by the poll.
 */

const P = 'nls-rec-';
const RULE = ['POSTROUTING', '-s', '10.245.77.0/24', '-m', 'comment', '--comment', `${P}rule`, '-j', 'MASQUERADE'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let live: LiveTopology;
let client: StreamState = emptyStreamState();
const deltas: DeltaMessage[] = [];
const logs: string[] = [];

function receive(m: StreamMessage): void {
  client = applyStreamMessage(client, m).state;
  if (m.type === 'delta') deltas.push(m);
}

/** Pids of this process's children running `tool` with these first arguments. */
async function children(pattern: string): Promise<number[]> {
  const out = await sh('pgrep', ['-P', String(process.pid), '-f', pattern], { reject: false });
  return out.split('\n').filter(Boolean).map(Number);
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await ok())) {
    if (Date.now() - start > ms) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('live core recovery on the real kernel', { timeout: 120_000 }, () => {
  before(async () => {
    await cleanupTestResources(P);
    await sh('iptables', ['-t', 'nat', '-D', ...RULE], { reject: false });
    live = await startLiveTopology({ pollMs: 500, log: (l) => logs.push(l) });
    receive(live.current());
    live.subscribe(receive);
  });

  after(async () => {
    await live?.stop();
    await sh('iptables', ['-t', 'nat', '-D', ...RULE], { reject: false });
    await cleanupTestResources(P);
  });

  test('ip monitor killed: restarted, and a later kernel change arrives through it', async () => {
    const [first] = await children('^ip -o monitor');
    assert.ok(first, 'ip monitor runs');
    process.kill(first, 'SIGKILL');
    await until('ip monitor to restart', async () => (await children('^ip -o monitor')).some((p) => p !== first));
    assert.ok(logs.some((l) => l.startsWith('ip monitor stopped')));
    const from = deltas.length;
    await sh('ip', ['link', 'add', `${P}a`, 'type', 'veth', 'peer', 'name', `${P}b`]);
    const arrived = () =>
      deltas
        .slice(from)
        .some(
          (d) =>
            d.causes?.some((c) => c.source === 'kernel') &&
            d.add.nodes.some((n) => n.kind === 'interface' && n.name === `${P}a`),
        );
    await until('the veth pair, caused by the kernel', arrived);
  });

  test('nft monitor killed: not restarted, and a rule added by hand arrives by the poll', async (t) => {
    const [nft] = await children('^nft monitor');
    if (!nft) return t.skip('no nf_tables backend here: the firewall is polled already');
    process.kill(nft, 'SIGKILL');
    await until('the fallback to polling', () => logs.some((l) => /nft monitor stopped.*polling/.test(l)));
    await sh('iptables', ['-t', 'nat', '-A', ...RULE]);
    const has = () => client.topology?.nodes.some((n) => n.kind === 'nat-rule' && n.text.includes('10.245.77.0/24'));
    await until('the hand-made rule', () => has() === true);
    assert.deepEqual(await children('^nft monitor'), [], 'the poll took over; no monitor');
    await sh('iptables', ['-t', 'nat', '-D', ...RULE]);
    await until('the rule to leave', () => has() === false);
  });

  test('a stopped container connected to a network: the endpoint arrives without an event', async () => {
    const netId = await createNetwork(`${P}net`);
    const id = (
      await docker('create', '--name', `${P}off`, '--label', TEST_LABEL, '--dns', '127.0.0.1', TEST_IMAGE)
    ).trim();
    const edge = ids.endpoint(id, ids.network(netId));
    await until('the container', () => client.topology?.nodes.some((n) => n.id === ids.container(id)) === true);
    await docker('network', 'connect', `${P}net`, `${P}off`);
    await until('its endpoint', () => client.topology?.edges.some((e) => e.id === edge) === true);
    assert.ok(deltas.some((d) => d.causes?.some((c) => c.action === 'poll' && c.id === id)));
    await docker('network', 'disconnect', `${P}net`, `${P}off`);
    await until('the endpoint to leave', () => client.topology?.edges.some((e) => e.id === edge) === false);
  });
});
