import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeWorld, flush } from '../testkit/fake-live-deps.js';
import { captured, fulls, idOf, partials, start, TWO, withExtraRule } from '../testkit/live-harness.js';
import { RECONNECT_MAX_MS, RECONNECT_MIN_MS } from './live-scheduler.js';

/**
 * The scheduler's timing and recovery paths, on a fake clock with fake monitors, a fake
 * engine and fake readers over a host captured from the real engine: what is read, when,
 * and what the stream then says.
 */

describe('live scheduler: ip monitor', () => {
  test('a line re-reads the host namespace 100 ms later, a burst in one read', async () => {
    const w = fakeWorld(captured);
    const { live } = await start(w);
    assert.equal(w.ipMonitors.length, 1);
    for (let i = 0; i < 5; i++) w.ipMonitors[0]?.print();
    await w.clock.advance(99);
    assert.equal(partials(w).length, 0);
    await w.clock.advance(1);
    assert.equal(partials(w).length, 1);
    assert.equal(partials(w)[0]?.work?.host, true);
    await w.clock.advance(1000);
    assert.equal(partials(w).length, 1, 'the burst made one read');
    await live.stop();
  });

  test('when it dies it is restarted 1 s later, and a later kernel change still arrives', async () => {
    const w = fakeWorld(captured);
    const { live, logs } = await start(w);
    w.ipMonitors[0]?.die('ip exited');
    assert.ok(logs.some((l) => /ip monitor stopped \(ip exited\); restarting in 1 s/.test(l)));
    await w.clock.advance(999);
    assert.equal(w.ipMonitors.length, 1);
    await w.clock.advance(1);
    assert.equal(w.ipMonitors.length, 2, 'restarted');
    w.ipMonitors[1]?.print();
    await w.clock.advance(100);
    assert.equal(partials(w).at(-1)?.work?.host, true);
    // Dying again restarts again; after stop, nothing is restarted.
    w.ipMonitors[1]?.die('ip exited');
    await w.clock.advance(1000);
    assert.equal(w.ipMonitors.length, 3);
    await live.stop();
    assert.equal(w.ipMonitors[2]?.stopped, true, 'stop stops the monitor');
    w.ipMonitors[2]?.die('killed');
    await w.clock.advance(5000);
    assert.equal(w.ipMonitors.length, 3);
  });
});

describe('live scheduler: firewall', () => {
  test('with nft monitor, rule changes come from it and engine events do not re-read rules', async () => {
    const w = fakeWorld(captured);
    const { live, deltas } = await start(w);
    assert.equal(w.nftMonitors.length, 1, 'iptables-nft backend: nft monitor started');
    await w.clock.advance(4000);
    assert.equal(w.readers.firewallReads, 0, 'no firewall polling');
    w.engine.emit({ id: 'x'.repeat(64) });
    await flush();
    assert.equal(partials(w).at(-1)?.work?.firewall, false);
    w.readers.onPartial = (_p, work) => ({
      capturedAt: 'later',
      ...(work.firewall ? { firewall: { dump: withExtraRule(captured()).firewall! } } : {}),
    });
    w.nftMonitors[0]?.print();
    w.nftMonitors[0]?.print();
    await w.clock.advance(100);
    assert.deepEqual(partials(w).at(-1)?.work?.firewall, true);
    assert.deepEqual(deltas.at(-1)?.causes, [{ source: 'firewall' }]);
    await live.stop();
  });

  test('when nft monitor dies the firewall falls back to polling', async () => {
    const w = fakeWorld(captured);
    const { live, deltas, logs } = await start(w);
    w.nftMonitors[0]?.die('nft exited');
    assert.ok(logs.some((l) => /nft monitor stopped \(nft exited\); polling the firewall instead/.test(l)));
    await w.clock.advance(2000);
    assert.equal(w.readers.firewallReads, 1, 'polled');
    assert.equal(partials(w).length, 0, 'an unchanged firewall is not re-read');
    const changed = withExtraRule(captured()).firewall!;
    w.readers.firewallNow = () => changed;
    w.readers.onPartial = () => ({ capturedAt: 'later', firewall: { dump: changed } });
    await w.clock.advance(2000);
    assert.equal(partials(w).length, 1);
    assert.equal(partials(w)[0]?.work?.firewall, true);
    assert.deepEqual(deltas.at(-1)?.causes, [{ source: 'firewall' }]);
    assert.ok(deltas.at(-1)?.add.nodes.some((n) => n.kind === 'nat-rule' && n.text.includes('10.249.0.0/24')));
    // Engine events now re-read the rules too, as nothing else announces their changes.
    w.engine.emit({ id: 'y'.repeat(64) });
    await flush();
    assert.equal(partials(w).at(-1)?.work?.firewall, true);
    assert.equal(w.nftMonitors.length, 1, 'not restarted');
    await live.stop();
  });
});

describe('live scheduler: the engine', () => {
  test('reconnect backoff: 250 ms doubling to 5 s while it fails, from 250 ms again after a success', async () => {
    const w = fakeWorld(captured);
    w.engine.up = false;
    const { live, deltas } = await start(w);
    assert.equal(fulls(w)[0]?.conn, null);
    assert.match(fulls(w)[0]?.dockerDown ?? '', /refused/, 'the first read does not dial again; the facet says why');
    assert.equal(live.current().topology.facets.docker.ok, false);
    await w.clock.advance(30_000);
    const gaps = w.engine.dials.slice(1).map((d, i) => d.at - (w.engine.dials[i]?.at ?? 0));
    assert.deepEqual(gaps.slice(0, 8), [250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    assert.equal(RECONNECT_MIN_MS, 250);
    assert.equal(RECONNECT_MAX_MS, 5000);
    assert.equal(fulls(w).length, 1, 'failed dials read nothing');

    w.engine.up = true;
    await w.clock.advance(5000);
    assert.equal(w.engine.dials.at(-1)?.ok, true);
    assert.equal(fulls(w).length, 2, 'a full read once the engine is back');
    assert.equal(fulls(w)[1]?.conn, w.engine.conn);
    assert.equal(live.current().topology.facets.docker.ok, true);
    assert.deepEqual(deltas.at(-1)?.causes, [{ source: 'resync' }]);
    assert.ok(deltas.at(-1)?.add.nodes.some((n) => n.kind === 'container'));

    const backAt = w.clock.now();
    w.engine.stopEngine();
    await flush();
    assert.equal(fulls(w).length, 3, 'the engine going away re-reads everything');
    assert.equal(fulls(w)[2]?.conn, null, 'without dialling the engine');
    assert.match(fulls(w)[2]?.dockerDown ?? '', /went away \(the engine closed its event stream\)/);
    assert.equal(live.current().topology.facets.docker.ok, false);
    assert.match(live.current().topology.facets.docker.reason ?? '', /Docker engine at .* went away/);
    assert.ok(!live.current().topology.nodes.some((n) => n.kind === 'container'));
    await w.clock.advance(3000);
    const after = w.engine.dials.filter((d) => d.at > backAt).map((d) => d.at - backAt);
    assert.deepEqual(after, [250, 750, 1750], 'the backoff starts again at 250 ms');
    // The resync while the engine is down reads the kernel and firewall, not the engine.
    await w.clock.advance(300_000);
    assert.ok(fulls(w).length > 3);
    assert.ok(
      fulls(w)
        .slice(3)
        .every((r) => r.conn === null && /refused/.test(r.dockerDown ?? '')),
    );
    await live.stop();
  });

  test('an engine that goes away in the middle of a partial read: a full read without dialling', async () => {
    const w = fakeWorld(captured);
    const { live, logs } = await start(w);
    w.readers.onPartial = () => {
      w.engine.up = false;
      throw Object.assign(new Error('Docker engine at unix:///fake closed the connection'), {
        name: 'DockerUnavailableError',
      });
    };
    w.engine.emit({ id: idOf(captured(), TWO), action: 'restart' });
    await live.idle();
    assert.ok(fulls(w).length >= 2);
    assert.equal(fulls(w)[1]?.conn, null);
    assert.match(fulls(w)[1]?.dockerDown ?? '', /closed the connection/);
    assert.ok(logs.includes('Docker engine at unix:///fake closed the connection'));
    await live.stop();
  });

  test('the periodic resync re-reads everything and says so', async () => {
    const w = fakeWorld(captured);
    const { live, deltas } = await start(w, { resyncMs: 60_000 });
    await w.clock.advance(59_999);
    assert.equal(fulls(w).length, 1);
    await w.clock.advance(1);
    assert.equal(fulls(w).length, 2, 'resync');
    assert.equal(deltas.length, 0, 'an unchanged host sends nothing');
    // Something no event announced (e.g. an address added with docker exec) arrives at the next resync.
    w.readers.fullRaw = () => withExtraRule(captured());
    await w.clock.advance(60_000);
    assert.equal(fulls(w).length, 3);
    assert.equal(deltas.length, 1);
    assert.deepEqual(deltas[0]?.causes, [{ source: 'resync' }]);
    await live.stop();
  });
});

describe('live scheduler: stopped containers', () => {
  test('the poll re-reads a stopped container whose networks changed (the engine sends no event)', async () => {
    const w = fakeWorld(captured);
    const { live } = await start(w);
    const stopped = captured().docker?.containers.find((c) => c.name === 'nlc-stopped');
    assert.ok(stopped && stopped.pid === 0);
    await w.clock.advance(2000);
    assert.equal(w.readers.stoppedReads, 1);
    assert.equal(partials(w).length, 0, 'as the model holds them: nothing to read');
    const networks = [...stopped.endpoints.map((e) => e.networkName), 'nlc-noicc'].sort();
    w.readers.stoppedNow = () => new Map([[stopped.id, networks]]);
    await w.clock.advance(2000);
    assert.equal(partials(w).length, 1);
    assert.deepEqual([...(partials(w)[0]?.work?.containers ?? [])], [stopped.id]);
    w.engine.stopEngine();
    await live.idle();
    const reads = w.readers.stoppedReads;
    await w.clock.advance(4000);
    assert.equal(w.readers.stoppedReads, reads, 'not while the engine is down');
    await live.stop();
  });
});

describe('live scheduler: the poll under load', () => {
  test('a read always running does not starve the poll', async () => {
    const w = fakeWorld(captured);
    const { live } = await start(w);
    let release!: () => void;
    w.readers.gate = new Promise((r) => (release = r));
    w.engine.emit({ id: 'a'.repeat(64) });
    await flush();
    await w.clock.advance(4000);
    assert.equal(w.readers.stoppedReads, 0, 'skipped while the read runs');
    await w.clock.advance(2000);
    assert.equal(w.readers.stoppedReads, 1, 'the third round runs anyway');
    w.readers.gate = null;
    release();
    await live.stop();
  });
});
