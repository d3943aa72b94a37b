import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTopology } from '../model/build-topology.js';
import type { RawHost } from '../model/raw-host.js';
import type { Topology } from '../model/types.js';
import { applyDelta, applyStreamMessage, emptyStreamState } from '../protocol/apply.js';
import type { DeltaMessage } from '../protocol/messages.js';
import { parseServerMessage } from '../protocol/schema.js';
import { fixtureJson } from '../testkit/fixtures.js';
import { parseDockerEvent } from './docker-events.js';
import { diffTopology, indexElements } from './diff-topology.js';

/** Deltas between captured hosts: applying diff(a, b) to a gives exactly b. */

const raw = (): RawHost => fixtureJson<RawHost>('host/scenario-raw.json');
const sorted = (t: Topology) => ({
  ...t,
  nodes: [...t.nodes].sort((a, b) => a.id.localeCompare(b.id)),
  edges: [...t.edges].sort((a, b) => a.id.localeCompare(b.id)),
});

function roundTrip(before: RawHost, after: RawHost): DeltaMessage {
  const a = buildTopology(before);
  const b = buildTopology(after);
  const { delta } = diffTopology(a, indexElements(a), b);
  assert.ok(delta, 'a delta');
  const msg: DeltaMessage = { type: 'delta', seq: 2, ...delta };
  const parsed = parseServerMessage(JSON.parse(JSON.stringify(msg)));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  assert.deepEqual(sorted(applyDelta(a, msg)), sorted(b));
  return msg;
}

describe('diffTopology', () => {
  test('no change, no delta', () => {
    const a = buildTopology(raw());
    assert.equal(diffTopology(a, indexElements(a), buildTopology(raw())).delta, null);
  });

  test('a container removed: its node, endpoints, netns and interfaces go, nothing else', () => {
    const before = raw();
    const after = raw();
    const victim = after.docker?.containers.find((c) => c.name === 'nlc-b');
    assert.ok(victim);
    after.docker!.containers = after.docker!.containers.filter((c) => c !== victim);
    const inode = after.containerNetns[victim.id];
    delete after.containerNetns[victim.id];
    after.kernel!.dumps = after.kernel!.dumps.filter((d) => d.inode !== inode);
    const d = roundTrip(before, after);
    assert.ok(d.remove.nodes.includes(`container:${victim.id}`));
    assert.ok(d.remove.nodes.includes(`netns:${inode}`));
    assert.equal(d.add.nodes.length, 0);
    // Proportional to the change: a handful of elements, not the host.
    const size = d.remove.nodes.length + d.remove.edges.length + d.update.nodes.length + d.update.edges.length;
    assert.ok(size < 15, `delta touches ${size} elements`);
  });

  test('a firewall facet going down is carried, with its nodes removed', () => {
    const before = raw();
    const after = raw();
    after.firewall = null;
    after.facets.firewall = { ok: false, reason: 'iptables-save: permission denied' };
    const d = roundTrip(before, after);
    assert.deepEqual(d.facets?.firewall, { ok: false, reason: 'iptables-save: permission denied' });
    assert.equal(d.firewall, null);
    assert.ok(d.remove.nodes.some((id) => id.startsWith('nat:')));
  });

  test('a changed field is an update of that element only', () => {
    const before = raw();
    const after = raw();
    const c = after.docker!.containers.find((x) => x.name === 'nlc-a');
    c!.labels = { ...c!.labels, extra: 'yes' };
    const d = roundTrip(before, after);
    assert.deepEqual(
      d.update.nodes.map((n) => n.id),
      [`container:${c!.id}`],
    );
    assert.equal(d.add.nodes.length + d.remove.nodes.length + d.update.edges.length, 0);
  });
});

describe('stream application', () => {
  test('gaps and stale messages are recognised', () => {
    const t = buildTopology(raw());
    let s = applyStreamMessage(emptyStreamState(), { type: 'snapshot', seq: 5, topology: t }).state;
    const delta = (seq: number): DeltaMessage => ({
      type: 'delta',
      seq,
      add: { nodes: [], edges: [] },
      update: { nodes: [], edges: [] },
      remove: { nodes: [], edges: [] },
      capturedAt: t.capturedAt,
    });
    assert.equal(applyStreamMessage(s, delta(7)).outcome, 'gap');
    assert.equal(applyStreamMessage(s, delta(5)).outcome, 'stale');
    const r = applyStreamMessage(s, delta(6));
    assert.equal(r.outcome, 'applied');
    s = r.state;
    assert.equal(s.seq, 6);
    assert.equal(applyStreamMessage(emptyStreamState(), delta(1)).outcome, 'gap');
  });
});

describe('Docker events', () => {
  test('container and network events are kept, exec and health noise dropped', () => {
    const e = parseDockerEvent({
      Type: 'network',
      Action: 'connect',
      Actor: { ID: 'n1', Attributes: { container: 'c1' } },
      timeNano: 5,
    });
    assert.deepEqual(e, { type: 'network', action: 'connect', id: 'n1', container: 'c1', timeNano: 5 });
    assert.equal(parseDockerEvent({ Type: 'container', Action: 'exec_start: sh', Actor: { ID: 'c' } }), null);
    assert.equal(parseDockerEvent({ Type: 'container', Action: 'health_status: healthy', Actor: { ID: 'c' } }), null);
    assert.equal(parseDockerEvent({ Type: 'container', Action: 'start', Actor: { ID: 'c' } })?.action, 'start');
    assert.equal(parseDockerEvent('garbage'), null);
    assert.equal(parseDockerEvent({ Type: 'container' }), null);
  });
});
