import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NetnsNode, NetworkNode } from '../../model/types.js';
import { fixtureJson } from '../../testkit/fixtures.js';
import { findOverlap, inDefaultPools, reservedRole, subnetGiven, subnetHolding } from './subnet-overlap.js';

interface Doc {
  nodes: (NetnsNode | NetworkNode | { kind: string })[];
}
/** A snapshot captured on this host: docker0, a user network 10.236.0.0/24 and eth0's route. */
const doc = fixtureJson<Doc>('snapshot/small-host.json');
const networks = doc.nodes.filter((n): n is NetworkNode => n.kind === 'network');
const host = doc.nodes.find((n): n is NetnsNode => n.kind === 'netns' && (n as NetnsNode).host);
const routes = (host?.routes ?? []).map((r) => ({ dst: r.dst, devName: r.devName }));
const bridges = new Set(networks.map((n) => n.bridgeName).filter((b): b is string => b !== null));

describe('findOverlap on a captured host', () => {
  test('another network’s subnet is named first', () => {
    const hit = findOverlap('10.236.0.128/25', networks, routes, bridges);
    assert.equal(hit?.kind, 'network');
    assert.ok(hit?.kind === 'network' && hit.network.startsWith('nlo-fx-'));
  });
  test('a host route that is no Docker bridge’s is named; the default route is not', () => {
    const eth = routes.find((r) => r.dst !== 'default' && r.devName !== null && !bridges.has(r.devName));
    assert.ok(eth, 'the capture has a route of the host’s own');
    const hit = findOverlap(eth.dst, [], routes, bridges);
    assert.deepEqual(hit, { kind: 'route', dst: eth.dst, dev: eth.devName });
    assert.equal(findOverlap('10.99.0.0/24', networks, routes, bridges), null);
  });
  test('a bridge’s own route is its network, not a host route', () => {
    const hit = findOverlap('172.17.5.0/24', networks, routes, bridges);
    assert.equal(hit?.kind, 'network');
  });
});

test('addresses inside subnets', () => {
  assert.equal(subnetHolding('10.1.2.3', [{ subnet: '10.1.0.0/16' }]), '10.1.0.0/16');
  assert.equal(subnetHolding('10.2.0.1', [{ subnet: '10.1.0.0/16' }]), null);
  assert.equal(reservedRole('10.1.0.0', '10.1.0.0/16'), 'network');
  assert.equal(reservedRole('10.1.255.255', '10.1.0.0/16'), 'broadcast');
  assert.equal(reservedRole('10.1.0.9', '10.1.0.0/16'), null);
});

test('subnets given by a person, as the engine lists them', () => {
  assert.equal(subnetGiven([]), false);
  assert.equal(subnetGiven([{ subnet: '10.250.6.0/24', gateway: null }]), true);
  assert.equal(subnetGiven([{ subnet: '10.250.5.0/24', gateway: '10.250.5.1' }]), true);
  assert.equal(subnetGiven([{ subnet: '172.27.0.0/16', gateway: '172.27.0.1' }]), false);
  assert.equal(subnetGiven([{ subnet: '172.27.0.0/16', gateway: '172.27.0.1' }], true), true);
  assert.equal(subnetGiven([{ subnet: '172.27.0.0/16', gateway: '172.27.0.254' }]), true);
  assert.equal(subnetGiven([{ subnet: '192.168.16.0/20', gateway: '192.168.16.1' }]), false);
  assert.equal(inDefaultPools('172.16.0.0/16'), false);
  assert.equal(inDefaultPools('192.168.0.0/24'), false);
});
