import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ids as modelIds } from '../model/ids.js';
import type { RawHost } from '../model/raw-host.js';
import { applyStreamMessage, emptyStreamState } from '../protocol/apply.js';
import { fakeWorld, flush } from '../testkit/fake-live-deps.js';
import { captured, idOf, partials, start, TWO, withExtraRule } from '../testkit/live-harness.js';
import type { ReinspectedContainer } from './merge-read.js';

/**
 * The stream the scheduler feeds, on a fake clock with fake readers over a host captured
 * from the real engine: coalescing, seq and causes, refresh, and namespaces that must
 * leave the model with their container.
 */

/** nlc-two as a full read can catch it: its sandbox (netns file) made, its process not yet started. */
function caughtStarting(): RawHost {
  const raw = captured();
  const two = raw.docker?.containers.find((c) => c.id.startsWith(TWO));
  assert.ok(two && raw.kernel);
  two.state = 'created';
  two.pid = 0;
  delete raw.containerNetns[two.id];
  return raw;
}

describe('live scheduler: namespaces leave with their container', () => {
  test('a container caught starting by a full read, then started, then removed: its namespace goes', async () => {
    const w = fakeWorld(caughtStarting);
    const { live } = await start(w);
    let client = applyStreamMessage(emptyStreamState(), live.current()).state;
    live.subscribe((m) => (client = applyStreamMessage(client, m).state));
    const real = captured();
    const two = real.docker?.containers.find((c) => c.id.startsWith(TWO));
    assert.ok(two && real.kernel);
    const inode = real.containerNetns[two.id] as number;
    const netnsId = modelIds.netns(inode);
    assert.ok(
      live.current().topology.nodes.some((n) => n.id === netnsId),
      'the full read shows the namespace',
    );
    const dump = real.kernel.dumps.find((d) => d.inode === inode);
    const host = real.kernel.dumps.find((d) => d.inode === real.kernel?.hostInode);
    assert.ok(dump && host);

    // start: inspect says running, its process is in that namespace.
    w.readers.onPartial = () => ({
      capturedAt: 'started',
      containers: new Map<string, ReinspectedContainer | null>([[two.id, { container: two, netns: inode }]]),
      dumps: [host, dump],
    });
    w.engine.emit({ id: two.id, action: 'start' });
    await live.idle();
    assert.ok(client.topology?.nodes.some((n) => n.id === modelIds.container(two.id)));

    // rm -f: the engine no longer has it; its namespace is gone from the kernel.
    w.readers.onPartial = () => ({
      capturedAt: 'removed',
      containers: new Map([[two.id, null]]),
      dumps: [host],
    });
    w.engine.emit({ id: two.id, action: 'destroy' });
    await live.idle();
    assert.equal(
      client.topology?.nodes.some((n) => n.id === modelIds.container(two.id)),
      false,
    );
    assert.deepEqual(
      client.topology?.nodes.filter((n) => n.id === netnsId || n.id.startsWith(`if:${inode}:`)).map((n) => n.id),
      [],
      'no namespace without its container in the model',
    );
    await live.stop();
  });
});

describe('live scheduler: coalescing, refresh and the stream', () => {
  test('events during a read are taken by the next one; seq counts deltas, causes name events', async () => {
    const w = fakeWorld(captured);
    const { live, deltas } = await start(w);
    const seq0 = live.current().seq;
    let release!: () => void;
    w.readers.gate = new Promise((r) => (release = r));
    const ids = ['a', 'b', 'c'].map((c) => c.repeat(64));
    w.engine.emit({ id: ids[0] as string, action: 'start', timeNano: 1 });
    await flush();
    w.engine.emit({ id: ids[1] as string, action: 'die', timeNano: 2 });
    w.engine.emit({ id: ids[2] as string, action: 'destroy', timeNano: 3 });
    w.readers.onPartial = (_p, work) => ({
      capturedAt: 'later',
      firewall: {
        dump: work.containers.has(ids[0] as string) ? withExtraRule(captured()).firewall! : captured().firewall!,
      },
    });
    w.readers.gate = null;
    release();
    await live.idle();
    assert.equal(partials(w).length, 2, 'two reads for three events');
    assert.deepEqual([...(partials(w)[1]?.work?.containers ?? [])], [ids[1], ids[2]]);
    assert.deepEqual(
      deltas.map((d) => [d.seq, d.causes?.map((c) => c.action)]),
      [
        [seq0 + 1, ['start']],
        [seq0 + 2, ['die', 'destroy']],
      ],
    );
    // A read that changes nothing sends nothing and uses no seq.
    w.engine.emit({ id: 'd'.repeat(64), action: 'update' });
    await live.idle();
    assert.equal(partials(w).length, 3);
    assert.equal(deltas.length, 2);
    assert.equal(live.current().seq, seq0 + 2);
    await live.stop();
  });

  test('refresh: resolves once a read covering it is published; at once when there is nothing to read', async () => {
    const w = fakeWorld(captured);
    const { live, deltas } = await start(w);
    await live.refresh({});
    assert.equal(partials(w).length, 0);
    w.readers.onPartial = () => ({ capturedAt: 'later', firewall: { dump: withExtraRule(captured()).firewall! } });
    const id = idOf(captured(), TWO);
    await live.refresh({ containers: [id], networks: true, host: true, firewall: true });
    assert.equal(deltas.length, 1, 'published before refresh resolved');
    assert.equal(deltas[0]?.causes, undefined, 'a refresh is not an event');
    const work = partials(w)[0]?.work;
    assert.deepEqual([work?.containers.has(id), work?.networks, work?.host, work?.firewall], [true, true, true, true]);
    await live.stop();
  });

  test('refresh queued behind a running read waits for the next read', async () => {
    const w = fakeWorld(captured);
    const { live } = await start(w);
    let release!: () => void;
    w.readers.gate = new Promise((r) => (release = r));
    w.engine.emit({ id: 'a'.repeat(64) });
    await flush();
    let done = false;
    const refreshed = live.refresh({ host: true }).then(() => (done = true));
    await flush();
    assert.equal(done, false);
    w.readers.gate = null;
    release();
    await refreshed;
    assert.equal(partials(w).length, 2);
    assert.equal(partials(w)[1]?.work?.host, true);
    await live.stop();
  });

  test('refresh never hangs: not on a failed read, not on stop', async () => {
    const w = fakeWorld(captured);
    const { live, logs } = await start(w);
    w.readers.onPartial = () => {
      throw new Error('helper crashed');
    };
    const fullRaw = w.readers.fullRaw;
    w.readers.fullRaw = () => {
      throw new Error('kernel unreadable');
    };
    await live.refresh({ host: true });
    assert.ok(logs.some((l) => /re-read failed \(helper crashed\); reading everything/.test(l)));
    assert.ok(logs.some((l) => /re-read failed \(kernel unreadable\)/.test(l)));
    w.readers.fullRaw = fullRaw;

    let release!: () => void;
    w.readers.gate = new Promise((r) => (release = r));
    w.readers.onPartial = () => ({ capturedAt: 'later' });
    w.engine.emit({ id: 'a'.repeat(64) });
    await flush();
    const pending = live.refresh({ containers: ['b'.repeat(64)] });
    const stopped = live.stop();
    release();
    await Promise.all([pending, stopped]);
    assert.equal(partials(w).length, 2, 'the refresh queued at stop was released without a read');
    await live.refresh({ host: true });
    assert.equal(partials(w).length, 2, 'refresh after stop resolves at once');
  });

  test('a kernel trigger pending when a read of the host starts adds no read of its own', async () => {
    const w = fakeWorld(captured);
    const { live } = await start(w);
    w.ipMonitors[0]?.print();
    w.engine.emit({ id: 'a'.repeat(64) });
    await flush();
    assert.equal(partials(w).length, 1);
    await w.clock.advance(1000);
    assert.equal(partials(w).length, 1);
    await live.stop();
  });
});
