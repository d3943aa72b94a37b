import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  API,
  NET_APP,
  NET_BRIDGE,
  OLD,
  WEB,
  container,
  endpoint,
  hex,
  network,
  sampleTopology,
} from '../../core/testkit/sample-topology.js';
import { delta } from '../client/testing/messages.js';
import { describeTally, emptyTally, tallyDelta } from './change-summary.js';
import { ContainerIndex } from './container-index.js';
import { countByKind } from './node-counts.js';

const CACHE = hex('e');
const cid = (id: string): string => `container:${id}`;

describe('ContainerIndex', () => {
  it('lists containers by name with their IPs per network', () => {
    const index = new ContainerIndex();
    index.reset(sampleTopology());
    assert.deepEqual(
      index.rows().map((r) => r.name),
      ['api', 'old-job', 'sidecar', 'web'],
    );
    assert.deepEqual(index.row(cid(API))?.addresses, [
      { network: 'appnet', ipv4: '172.20.0.2/16' },
      { network: 'bridge', ipv4: '172.17.0.3/16' },
    ]);
    assert.deepEqual(index.row(cid(OLD))?.addresses, [{ network: 'bridge', ipv4: null }]);
  });

  it('reports exactly the rows a delta touched', () => {
    const index = new ContainerIndex();
    index.reset(sampleTopology());
    const added = index.apply(
      delta(1, {
        add: {
          nodes: [container(CACHE, 'cache')],
          edges: [endpoint(CACHE, NET_APP, null, '172.20.0.9/16', null)],
        },
      }),
    );
    assert.deepEqual([...added], [cid(CACHE)]);
    assert.deepEqual(index.row(cid(CACHE))?.addresses, [{ network: 'appnet', ipv4: '172.20.0.9/16' }]);

    const removedEdge = index.apply(delta(2, { remove: { nodes: [], edges: [`endpoint:${WEB}:${NET_BRIDGE}`] } }));
    assert.deepEqual([...removedEdge], [cid(WEB)]);
    assert.deepEqual(index.row(cid(WEB))?.addresses, []);

    const renamed = index.apply(delta(3, { update: { nodes: [network(NET_APP, 'frontend')], edges: [] } }));
    assert.deepEqual([...renamed].sort(), [cid(API), cid(CACHE)]);
    assert.equal(index.row(cid(CACHE))?.addresses[0]?.network, 'frontend');

    const gone = index.apply(delta(4, { remove: { nodes: [cid(OLD)], edges: [] } }));
    assert.deepEqual([...gone], [cid(OLD)]);
    assert.equal(index.row(cid(OLD)), null);
    assert.equal(index.size, 4);
  });

  it('sorts numbers inside names as numbers', () => {
    const index = new ContainerIndex();
    const t = sampleTopology();
    t.nodes.push(container(hex('e'), 'web-10'), container(hex('f'), 'web-2'));
    index.reset(t);
    assert.deepEqual(
      index.rows().map((r) => r.name),
      ['api', 'old-job', 'sidecar', 'web', 'web-2', 'web-10'],
    );
  });
});

describe('change summary', () => {
  it('counts a batch of deltas into one sentence about the kinds people care about', () => {
    const t = sampleTopology();
    const tally = emptyTally();
    tallyDelta(
      tally,
      delta(1, { add: { nodes: [container(CACHE, 'cache'), container(hex('f'), 'db')], edges: [] } }),
      t.facets,
    );
    tallyDelta(
      tally,
      delta(2, {
        remove: { nodes: [`network:${NET_APP}`, 'if:4026532200:6'], edges: [] },
        facets: { ...t.facets, kernel: { ok: false, reason: 'not permitted' } },
      }),
      t.facets,
    );
    assert.equal(describeTally(tally), '2 containers added, 1 network removed, Kernel no longer readable');
    assert.equal(describeTally(emptyTally()), '');
  });

  it('says nothing twice about one container in one batch', () => {
    const tally = emptyTally();
    const cache = container(CACHE, 'cache');
    const db = container(hex('f'), 'db');
    tallyDelta(tally, delta(1, { add: { nodes: [cache, db], edges: [] } }), null);
    tallyDelta(tally, delta(2, { update: { nodes: [cache, container(WEB, 'web')], edges: [] } }), null);
    tallyDelta(tally, delta(3, { update: { nodes: [container(API, 'api')], edges: [] } }), null);
    tallyDelta(tally, delta(4, { remove: { nodes: [db.id, cid(API)], edges: [] } }), null);
    assert.equal(describeTally(tally), '1 container added, 1 container removed, 1 container changed');
  });

  it('counts nodes by kind', () => {
    const counts = countByKind(sampleTopology());
    assert.equal(counts.get('container'), 4);
    assert.equal(counts.get('network'), 2);
    assert.equal(counts.get('port'), 2);
  });
});
