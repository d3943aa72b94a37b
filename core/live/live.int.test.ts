import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Topology } from '../model/types.js';
import { applyStreamMessage, emptyStreamState, type StreamState } from '../protocol/apply.js';
import type { DeltaMessage, StreamMessage } from '../protocol/messages.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { mapLimit } from '../util/map-limit.js';
import { cleanupTestResources, createNetwork, docker, runContainer, sh } from '../testkit/test-host.js';
import { startLiveTopology, type LiveTopology } from './live-topology.js';

/**
 * The live core against the real engine and kernel: after scripted changes, the model a
 * client builds from snapshot + deltas equals a fresh snapshot, field by field.
 */

const P = 'nll-';
const SETUP = fileURLToPath(new URL('../../../scripts/setup-test-host.sh', import.meta.url));
const RULE = ['POSTROUTING', '-s', '10.249.0.0/24', '-m', 'comment', '--comment', 'netloom.test', '-j', 'MASQUERADE'];

let live: LiveTopology;
let client: StreamState = emptyStreamState();
const deltas: DeltaMessage[] = [];
let lastMessageAt = Date.now();
let gaps = 0;

function receive(m: StreamMessage): void {
  const r = applyStreamMessage(client, m);
  if (r.outcome === 'gap') gaps++;
  client = r.state;
  if (m.type === 'delta') deltas.push(m);
  lastMessageAt = Date.now();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until no delta has arrived for `quietMs` and the core has nothing pending. */
async function settle(quietMs = 2500, maxMs = 60_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < maxMs) {
    await live.idle();
    if (Date.now() - lastMessageAt >= quietMs) return;
    await sleep(200);
  }
}

/** Everything but the capture time, in a form where a difference is easy to read. */
function comparable(t: Topology) {
  const { capturedAt: _c, nodes, edges, ...rest } = t;
  return {
    ...rest,
    nodes: Object.fromEntries([...nodes].sort((a, b) => a.id.localeCompare(b.id)).map((n) => [n.id, n])),
    edges: Object.fromEntries([...edges].sort((a, b) => a.id.localeCompare(b.id)).map((e) => [e.id, e])),
  };
}

/** The client's model equals a fresh snapshot; retried briefly in case the host was still moving. */
async function assertConverged(what: string): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    await settle();
    const fresh = (await takeSnapshot()).topology;
    try {
      assert.ok(client.topology, 'client has a model');
      assert.deepEqual(comparable(client.topology), comparable(fresh), `${what}: client model equals a fresh snapshot`);
      assert.equal(gaps, 0, 'no gaps in seq');
      return;
    } catch (err) {
      lastError = err;
      await sleep(1000);
    }
  }
  throw lastError;
}

const nodeNamed = (name: string) => client.topology?.nodes.find((n) => 'name' in n && n.name === name);

async function dockerdPid(): Promise<number | null> {
  const out = (await sh('pidof', ['dockerd'], { reject: false })).trim();
  return out ? Number(out.split(' ')[0]) : null;
}

describe('live topology', { timeout: 600_000 }, () => {
  before(async () => {
    await cleanupTestResources(P);
    await sh('iptables', ['-t', 'nat', '-D', ...RULE], { reject: false });
    live = await startLiveTopology({ pollMs: 500 });
    receive(live.current());
    live.subscribe(receive);
  });

  after(async () => {
    await live?.stop();
    await sh('iptables', ['-t', 'nat', '-D', ...RULE], { reject: false });
    await cleanupTestResources(P);
  });

  test('starts from a snapshot equal to a fresh one', async () => {
    assert.equal(client.seq, live.current().seq);
    await assertConverged('at start');
  });

  test('a scripted sequence of changes converges', async () => {
    const before = deltas.length;
    await createNetwork(`${P}a`, ['--subnet', '10.248.0.0/24']);
    await createNetwork(`${P}b`);
    await runContainer(`${P}web`, ['--network', `${P}a`, '-p', '18480:80'], ['httpd', '-f', '-p', '80', '-h', '/www']);
    await runContainer(`${P}app`, ['--network', `${P}a`]);
    await runContainer(`${P}tmp`, []);
    await settle(1000);
    assert.ok(nodeNamed(`${P}web`), 'container appears without a fresh snapshot');
    await docker('network', 'connect', `${P}b`, `${P}app`);
    await docker('network', 'disconnect', `${P}a`, `${P}app`);
    await docker('stop', '-t', '0', `${P}tmp`);
    await docker('rm', `${P}tmp`);
    await createNetwork(`${P}gone`);
    await docker('network', 'rm', `${P}gone`);
    await docker('stop', '-t', '0', `${P}web`);
    await docker('start', `${P}web`);
    // By hand, outside Docker: a veth pair in the host namespace and a NAT rule.
    await sh('ip', ['link', 'add', `${P}va`, 'type', 'veth', 'peer', 'name', `${P}vb`]);
    await sh('ip', ['link', 'set', `${P}va`, 'up']);
    await sh('iptables', ['-t', 'nat', '-A', ...RULE]);
    // A plain namespace: created, cabled to the host, then changed inside, where only the poll sees it.
    await sh('ip', ['netns', 'add', `${P}ns`]);
    await sh('ip', ['link', 'add', `${P}na`, 'type', 'veth', 'peer', 'name', `${P}nb`, 'netns', `${P}ns`]);
    await settle(1000);
    await sh('ip', ['-n', `${P}ns`, 'addr', 'add', '10.247.0.2/24', 'dev', `${P}nb`]);
    await assertConverged('after the scripted changes');
    const inner = client.topology?.nodes.find((n) => n.kind === 'interface' && n.name === `${P}nb`);
    assert.ok(
      inner && inner.kind === 'interface' && inner.addresses.includes('10.247.0.2/24'),
      'a change inside an ip netns arrived',
    );
    assert.ok(deltas.length > before, 'deltas were sent');
    const hand = client.topology?.nodes.find((n) => n.kind === 'nat-rule' && n.text.includes('10.249.0.0/24'));
    assert.ok(hand, 'the hand-made rule arrived');
    assert.ok(nodeNamed(`${P}va`) && nodeNamed(`${P}vb`), 'the hand-made veth pair arrived');
    assert.equal(nodeNamed(`${P}tmp`), undefined, 'the removed container is gone');
    assert.equal(nodeNamed(`${P}gone`), undefined, 'the removed network is gone');
    assert.ok(nodeNamed(`${P}b`), 'the new network arrived');
    // Docker-caused deltas carry their cause, for tracing and latency figures.
    assert.ok(deltas.some((d) => d.causes?.some((c) => c.source === 'docker' && c.action === 'connect')));

    await sh('ip', ['link', 'del', `${P}va`]);
    await sh('ip', ['netns', 'del', `${P}ns`]);
    await sh('iptables', ['-t', 'nat', '-D', ...RULE]);
    await assertConverged('after undoing the hand-made changes');
    assert.equal(nodeNamed(`${P}va`), undefined);
  });

  test('a burst of 100 containers created and removed: nothing missed', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `${P}burst${i}`);
    await mapLimit(names, 6, (n, i) => runContainer(n, i % 10 === 0 ? ['--network', `${P}a`] : []));
    await assertConverged('after creating 100');
    assert.equal(
      client.topology?.nodes.filter((n) => n.kind === 'container' && n.name.startsWith(`${P}burst`)).length,
      100,
    );
    for (let i = 0; i < names.length; i += 25) await docker('rm', '-f', ...names.slice(i, i + 25));
    await assertConverged('after removing 100');
    assert.equal(
      client.topology?.nodes.filter((n) => n.kind === 'container' && n.name.startsWith(`${P}burst`)).length,
      0,
    );
  });

  test('engine restart: the stream survives, the docker facet goes down and up, the model converges', async () => {
    const pid = await dockerdPid();
    assert.ok(pid, 'dockerd is running');
    const seqBefore = client.seq;
    process.kill(pid, 'SIGTERM');
    const start = Date.now();
    while (Date.now() - start < 60_000 && client.topology?.facets.docker.ok !== false) await sleep(100);
    assert.equal(client.topology?.facets.docker.ok, false, 'docker facet went down');
    assert.match(client.topology?.facets.docker.reason ?? '', /Docker/);
    assert.equal(client.topology?.facets.kernel.ok, true, 'the kernel view stays live');
    assert.equal(client.topology?.nodes.filter((n) => n.kind === 'container').length, 0);
    while ((await dockerdPid()) !== null && Date.now() - start < 60_000) await sleep(200);
    await execa('bash', [SETUP], { env: { NETLOOM_SETUP_CHROMIUM: '0' } });
    const dockerOk = (): boolean => client.topology?.facets.docker.ok === true;
    while (Date.now() - start < 90_000 && !dockerOk()) await sleep(100);
    assert.equal(client.topology?.facets.docker.ok, true, 'docker facet came back');
    assert.ok((client.seq ?? 0) > (seqBefore ?? 0));
    await assertConverged('after the engine restart');
    assert.ok(nodeNamed(`${P}web`), 'containers are known again');
  });
});
