import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixtureReader } from '../testkit/fixtures.js';
import { containerIdOfCgroup, parseProcNet, type HostSocket } from './proc-net.js';

const proc = fixtureReader('proc');
const tcp = parseProcNet(proc('tcp'), 'tcp', 4);
const tcp6 = parseProcNet(proc('tcp6'), 'tcp', 6);
const udp = parseProcNet(proc('udp'), 'udp', 4);
const udp6 = parseProcNet(proc('udp6'), 'udp', 6);
const at = (list: HostSocket[], port: number) => list.filter((s) => s.port === port);

describe('parseProcNet on tables captured from this host (fixtures/proc/README.md)', () => {
  test('IPv4 listeners: address bytes in host order, port in hex', () => {
    assert.deepEqual(
      at(tcp, 18951).map((s) => [s.address, s.proto, s.family]),
      [['127.0.0.1', 'tcp', 4]],
    );
    assert.deepEqual(at(tcp, 18956)[0]?.address, '127.0.0.1');
    assert.ok(
      tcp.some((s) => s.address === '0.0.0.0'),
      'a wildcard listener is in the capture',
    );
  });

  test('only listening TCP sockets count: established connections share their listener’s port', () => {
    const raw = proc('tcp')
      .split('\n')
      .slice(1)
      .filter((l) => l.trim()).length;
    assert.ok(raw > tcp.length, 'the capture holds non-listening sockets too');
    assert.ok(tcp.every((s) => s.inode > 0));
  });

  test('IPv6: the wildcard, and an IPv4-mapped address written as ::ffff:a.b.c.d', () => {
    assert.deepEqual(
      at(tcp6, 18953).map((s) => s.address),
      ['::'],
    );
    assert.deepEqual(
      at(tcp6, 18954).map((s) => s.address),
      ['::'],
    );
    assert.deepEqual(
      at(tcp6, 18957).map((s) => s.address),
      ['::ffff:127.0.0.1'],
    );
  });

  test('every UDP socket holds its port; a 0.0.0.0 publish is bound in both families', () => {
    assert.deepEqual(
      at(udp, 18952).map((s) => s.address),
      ['0.0.0.0'],
    );
    assert.deepEqual(
      at(udp6, 18952).map((s) => s.address),
      ['::'],
    );
    assert.deepEqual(
      at(udp, 18955).map((s) => s.address),
      ['127.0.0.1'],
    );
  });

  test('an empty or unreadable table gives no sockets', () => {
    assert.deepEqual(parseProcNet('', 'tcp', 4), []);
    assert.deepEqual(parseProcNet(proc('tcp').split('\n')[0] ?? '', 'tcp', 4), []);
  });
});

describe('containerIdOfCgroup', () => {
  const id = 'a'.repeat(64);
  test('cgroup v2 systemd scope and cgroupfs paths', () => {
    assert.equal(containerIdOfCgroup(`0::/system.slice/docker-${id}.scope\n`), id);
    assert.equal(containerIdOfCgroup(`0::/docker/${id}\n`), id);
    assert.equal(containerIdOfCgroup('0::/init.scope\n'), null);
  });
});
