import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { container, hex, sampleTopology } from '../../core/testkit/sample-topology.js';
import type { Topology } from '../../core/model/types.js';
import { FakeScheduler } from './testing/fake-scheduler.js';
import { FakeTransport } from './testing/fake-transport.js';
import { delta, hello, snapshot } from './testing/messages.js';
import { RequestAbortedError, RequestError } from './request-errors.js';
import { TopologyClient, type ConnectionState, type TopologyChange } from './topology-client.js';

const CACHE = container(hex('e'), 'cache');

function setup(options: { requestTimeoutMs?: number } = {}) {
  const transport = new FakeTransport();
  const scheduler = new FakeScheduler();
  const logs: string[] = [];
  const client = new TopologyClient({
    transport,
    scheduler,
    random: () => 0.5,
    log: (m) => logs.push(m),
    ...options,
  });
  const changes: TopologyChange[] = [];
  const states: ConnectionState[] = [];
  client.onTopology((_t, change) => changes.push(change));
  client.onState((s) => states.push(s));
  client.start();
  return { transport, scheduler, client, logs, changes, states };
}

/** Connects and delivers the first snapshot at `seq`. */
function live(seq = 10, topology: Topology = sampleTopology()) {
  const s = setup();
  s.transport.serverOpen();
  s.transport.serverSend(hello());
  s.transport.serverSend(snapshot(seq, topology));
  return s;
}

const containerNames = (t: Topology | null): string[] =>
  (t?.nodes ?? []).flatMap((n) => (n.kind === 'container' ? [n.name] : [])).sort();

describe('TopologyClient stream', () => {
  it('subscribes after a compatible hello and applies the snapshot', () => {
    const s = setup();
    assert.equal(s.client.state, 'connecting');
    s.transport.serverOpen();
    assert.deepEqual(s.transport.sentTypes(), [], 'nothing is sent before hello');
    s.transport.serverSend(hello());
    assert.deepEqual(s.transport.sentTypes(), ['subscribe']);
    assert.equal(s.client.serverVersion, '0.1.0-test');
    s.transport.serverSend(snapshot(7, sampleTopology()));
    assert.equal(s.client.state, 'live');
    assert.equal(s.client.seq, 7);
    assert.deepEqual(containerNames(s.client.topology), ['api', 'old-job', 'sidecar', 'web']);
    assert.deepEqual(s.changes, [{ kind: 'snapshot' }]);
    assert.deepEqual(s.states, ['live']);
  });

  it("keeps where the server's topology comes from: a file when hello says so, else live", () => {
    const s = setup();
    assert.equal(s.client.serverSource, null, 'unknown before hello');
    s.transport.serverOpen();
    s.transport.serverSend({ ...hello(), source: { kind: 'file', name: 'lab.json' } });
    assert.deepEqual(s.client.serverSource, { kind: 'file', name: 'lab.json' });
    assert.deepEqual(s.transport.sentTypes(), ['subscribe']);
    const older = live();
    assert.deepEqual(older.client.serverSource, { kind: 'live' }, 'a hello without source is a live host');
    const bad = setup();
    bad.transport.serverOpen();
    bad.transport.serverSend({ ...hello(), source: { kind: 'file' } });
    assert.equal(bad.client.state, 'incompatible', 'a file source must name its file');
  });

  it('applies deltas in order and hands each delta to the listeners', () => {
    const s = live(10);
    const d11 = delta(11, { add: { nodes: [CACHE], edges: [] } });
    const d12 = delta(12, { remove: { nodes: [`container:${hex('d')}`], edges: [] } });
    s.transport.serverSend(d11);
    s.transport.serverSend(d12);
    assert.equal(s.client.seq, 12);
    assert.deepEqual(containerNames(s.client.topology), ['api', 'cache', 'sidecar', 'web']);
    assert.deepEqual(s.changes, [{ kind: 'snapshot' }, { kind: 'delta', delta: d11 }, { kind: 'delta', delta: d12 }]);
    assert.equal(s.client.topology?.capturedAt, d12.capturedAt);
  });

  it('asks for exactly one resync on a gap and recovers with the next snapshot', () => {
    const s = live(10);
    s.transport.serverSend(delta(12));
    s.transport.serverSend(delta(13));
    s.transport.serverSend({ type: 'delta', seq: 'x' });
    assert.deepEqual(s.transport.sentTypes(), ['subscribe', 'resync']);
    assert.deepEqual(s.transport.sent[1], { type: 'resync', lastSeq: 10 });
    assert.equal(s.client.seq, 10, 'nothing after the gap is applied');

    const after = sampleTopology();
    after.nodes.push(CACHE);
    s.transport.serverSend(snapshot(13, after));
    s.transport.serverSend(delta(14));
    assert.equal(s.client.seq, 14);
    assert.deepEqual(containerNames(s.client.topology), ['api', 'cache', 'old-job', 'sidecar', 'web']);
    assert.deepEqual(
      s.changes.map((c) => c.kind),
      ['snapshot', 'snapshot', 'delta'],
    );

    s.transport.serverSend(delta(16));
    assert.deepEqual(s.transport.sentTypes(), ['subscribe', 'resync', 'resync'], 'a new gap gets its own resync');
  });

  it('ignores stale deltas', () => {
    const s = live(10);
    s.transport.serverSend(delta(9, { add: { nodes: [CACHE], edges: [] } }));
    s.transport.serverSend(delta(10, { add: { nodes: [CACHE], edges: [] } }));
    assert.equal(s.client.seq, 10);
    assert.deepEqual(containerNames(s.client.topology), ['api', 'old-job', 'sidecar', 'web']);
    assert.deepEqual(s.changes, [{ kind: 'snapshot' }]);
    assert.deepEqual(s.transport.sentTypes(), ['subscribe']);
  });

  it('logs an invalid server message and resyncs', () => {
    const s = live(10);
    s.transport.serverSend({ type: 'delta', seq: 11, add: 'everything' });
    s.transport.serverSend('not json at all');
    assert.deepEqual(s.transport.sentTypes(), ['subscribe', 'resync']);
    assert.match(s.logs.join('\n'), /invalid message from the server/);
    assert.equal(s.client.state, 'live', 'the last good topology stays on screen');
  });

  it('ignores stream messages before hello', () => {
    const s = setup();
    s.transport.serverOpen();
    s.transport.serverSend(snapshot(1, sampleTopology()));
    assert.equal(s.client.topology, null);
    assert.equal(s.client.state, 'connecting');
  });
});

describe('TopologyClient compatibility', () => {
  it("refuses a server that speaks another protocol and doesn't retry", () => {
    const s = setup();
    s.transport.serverOpen();
    s.transport.serverSend(hello(99));
    assert.equal(s.client.state, 'incompatible');
    assert.match(s.client.stateDetail ?? '', /protocol 99.*protocol 1/);
    assert.equal(s.transport.isOpen, false);
    assert.deepEqual(s.transport.sentTypes(), []);
    s.scheduler.advance(60_000);
    assert.equal(s.transport.opens, 1);
  });

  it('treats a malformed hello as incompatible', () => {
    const s = setup();
    s.transport.serverOpen();
    s.transport.serverSend({ type: 'hello', protocol: '1' });
    assert.equal(s.client.state, 'incompatible');
    assert.match(s.client.stateDetail ?? '', /did not greet/);
  });
});

describe('TopologyClient reconnect', () => {
  it('reconnects with backoff 250, 500, 1000 … capped at 5000 ms and resubscribes', () => {
    const s = live(10);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      s.transport.serverClose(`drop ${i}`);
      assert.equal(s.client.state, 'reconnecting');
      assert.equal(s.client.stateDetail, `drop ${i}`);
      const delay = s.scheduler.pending()[0] as number;
      delays.push(delay);
      const opens = s.transport.opens;
      s.scheduler.advance(delay - 1);
      assert.equal(s.transport.opens, opens, 'not before the delay');
      s.scheduler.advance(1);
      assert.equal(s.transport.opens, opens + 1);
      s.transport.serverOpen();
    }
    assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 5000, 5000]);

    s.transport.serverSend(hello());
    assert.equal(s.transport.sent.at(-1)?.type, 'subscribe', 'resubscribes on the new connection');
    assert.equal(s.client.topology?.nodes.length, sampleTopology().nodes.length, 'old topology kept meanwhile');
    s.transport.serverSend(snapshot(3, sampleTopology()));
    assert.equal(s.client.state, 'live');
    assert.equal(s.client.seq, 3, 'a new server may number from anywhere');

    s.transport.serverClose();
    assert.deepEqual(s.scheduler.pending(), [250], 'a good snapshot resets the backoff');
    const reconnecting = Array<ConnectionState>(7).fill('reconnecting');
    assert.deepEqual(s.states, ['live', ...reconnecting, 'live', 'reconnecting'], 'each new reason is reported');
  });

  it('reconnects when an open connection never says hello', () => {
    const s = setup();
    s.transport.serverOpen();
    s.scheduler.advance(5000);
    assert.equal(s.client.state, 'reconnecting');
    assert.match(s.client.stateDetail ?? '', /no hello/);
    assert.equal(s.transport.closes, 1);
    s.scheduler.advance(250);
    assert.equal(s.transport.opens, 2);
  });

  it('does not time out a hello that came before the transport reported open', () => {
    const s = setup();
    s.transport.serverSend(hello());
    s.transport.serverOpen();
    s.scheduler.advance(60_000);
    assert.equal(s.transport.opens, 1);
    assert.deepEqual(s.transport.sentTypes(), ['subscribe']);
  });

  it('stops for good on close()', () => {
    const s = live(10);
    s.client.close();
    assert.equal(s.client.state, 'closed');
    assert.equal(s.transport.isOpen, false);
    s.scheduler.advance(60_000);
    assert.equal(s.transport.opens, 1);
  });
});

describe('TopologyClient requests', () => {
  it('resolves with the result', async () => {
    const s = live();
    const p = s.client.request('ping');
    assert.deepEqual(s.transport.sent.at(-1), { type: 'request', id: 1, method: 'ping' });
    s.transport.serverSend({ type: 'response', id: 1, ok: true, result: { now: '2026-11-23T19:30:00Z' } });
    assert.deepEqual(await p, { now: '2026-11-23T19:30:00Z' });
  });

  it("rejects with the server's typed error", async () => {
    const s = live();
    const p = s.client.request('topology.get');
    const error = { code: 'conflict', message: 'already connected', details: { field: 'network' } };
    s.transport.serverSend({ type: 'response', id: 1, ok: false, error });
    await assert.rejects(p, (err: unknown) => {
      assert.ok(err instanceof RequestError);
      assert.equal(err.code, 'conflict');
      assert.equal(err.method, 'topology.get');
      assert.deepEqual(err.error, error);
      return true;
    });
  });

  it('rejects an answer that cannot be read', async () => {
    const s = live();
    const p = s.client.request('ping');
    s.transport.serverSend({ type: 'response', id: 1, ok: false, error: 'nope' });
    await assert.rejects(p, (err: unknown) => err instanceof RequestError && err.code === 'failed');
    assert.deepEqual(s.transport.sentTypes(), ['subscribe', 'request'], 'a bad answer is not a lost stream');
  });

  it('times out', async () => {
    const s = setup({ requestTimeoutMs: 2000 });
    s.transport.serverOpen();
    s.transport.serverSend(hello());
    const p = s.client.request('ping');
    s.scheduler.advance(1999);
    s.scheduler.advance(1);
    await assert.rejects(p, (err: unknown) => err instanceof RequestAbortedError && err.reason === 'timeout');
    s.transport.serverSend({ type: 'response', id: 1, ok: true, result: {} });
    assert.match(s.logs.join('\n'), /unknown request 1/);
  });

  it('rejects pending requests on disconnect, and new ones until reconnected', async () => {
    const s = live();
    const a = s.client.request('ping');
    const b = s.client.request('topology.get');
    s.transport.serverClose('server restarted');
    for (const p of [a, b]) {
      await assert.rejects(p, (err: unknown) => {
        assert.ok(err instanceof RequestAbortedError);
        assert.equal(err.reason, 'disconnected');
        assert.match(err.message, /server restarted/);
        return true;
      });
    }
    await assert.rejects(s.client.request('ping'), /not connected/);
    assert.deepEqual(s.scheduler.pending(), [250], 'request timers are cleared');
  });
});
