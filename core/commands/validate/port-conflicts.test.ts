import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixtureReader } from '../../testkit/fixtures.js';
import { bindingsClash, findSockets, formatBinding, socketClash, type WantedPort } from './port-conflicts.js';
import { parseProcNet } from '../../kernel/proc-net.js';

const proc = fixtureReader('proc');
const sockets = [
  ...parseProcNet(proc('tcp'), 'tcp', 4),
  ...parseProcNet(proc('tcp6'), 'tcp', 6),
  ...parseProcNet(proc('udp'), 'udp', 4),
  ...parseProcNet(proc('udp6'), 'udp', 6),
];
const want = (hostPort: number, hostIp?: string, proto: 'tcp' | 'udp' = 'tcp'): WantedPort => ({
  proto,
  hostIp,
  hostPort,
});
const clashes = (w: WantedPort) => findSockets(w, sockets).map((h) => `${h.clash} ${h.socket.address}`);

describe('published bindings (as measured on the engine: see port-conflicts.ts)', () => {
  const held = { proto: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 };
  test('every address clashes with any address on the same port and protocol', () => {
    assert.equal(bindingsClash(want(8080), held), true);
    assert.equal(bindingsClash(want(8080), { ...held, hostIp: '::' }), true);
    assert.equal(bindingsClash(want(8080, undefined, 'udp'), held), false);
    assert.equal(bindingsClash(want(8081), held), false);
  });
  test('one address clashes with itself and with 0.0.0.0, not another address nor [::]', () => {
    assert.equal(bindingsClash(want(8080, '127.0.0.1'), held), true);
    assert.equal(bindingsClash(want(8080, '127.0.0.2'), held), false);
    assert.equal(bindingsClash(want(8080, '127.0.0.2'), { ...held, hostIp: '0.0.0.0' }), true);
    assert.equal(bindingsClash(want(8080, '127.0.0.2'), { ...held, hostIp: '::' }), false);
  });
});

describe('host sockets captured here (fixtures/proc/README.md)', () => {
  test('a docker-proxy on 127.0.0.1:18951: clashes with it and with every address', () => {
    assert.deepEqual(clashes(want(18951, '127.0.0.1')), ['yes 127.0.0.1']);
    assert.deepEqual(clashes(want(18951)), ['yes 127.0.0.1']);
    assert.deepEqual(clashes(want(18951, '127.0.0.2')), []);
    assert.deepEqual(clashes(want(18951, '127.0.0.1', 'udp')), []);
  });
  test('udp 18952 held on 0.0.0.0 and :: clashes with any IPv4 address', () => {
    assert.deepEqual(clashes(want(18952, '127.0.0.5', 'udp')), ['yes 0.0.0.0', 'maybe ::']);
  });
  test('a [::] listener: sure for every address, a maybe for one IPv4 address (v6only is not shown)', () => {
    assert.deepEqual(clashes(want(18953)), ['yes ::']);
    assert.deepEqual(clashes(want(18953, '127.0.0.1')), ['maybe ::']);
    assert.equal(socketClash(want(18954, '127.0.0.1'), findSockets(want(18954), sockets)[0]!.socket), 'maybe');
  });
  test('an IPv4-mapped listener is its IPv4 address', () => {
    assert.deepEqual(clashes(want(18957, '127.0.0.1')), ['yes ::ffff:127.0.0.1']);
    assert.deepEqual(clashes(want(18957, '127.0.0.2')), []);
  });
  test('a free port clashes with nothing', () => {
    assert.deepEqual(clashes(want(18999)), []);
  });
});

test('formatBinding', () => {
  assert.equal(formatBinding(undefined, 80, 'tcp'), '0.0.0.0:80/tcp');
  assert.equal(formatBinding('::', 80, 'udp'), '[::]:80/udp');
});
