import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseParams } from './commands.js';

const run = { image: 'netloom-busybox:test' };
const port = (hostPort: number, hostIp?: string, proto: 'tcp' | 'udp' = 'tcp') => ({
  containerPort: 80,
  hostPort,
  proto,
  ...(hostIp ? { hostIp } : {}),
});

test('one host port asked for twice where the addresses meet is refused, naming the second', () => {
  const r = parseParams('container.run', { ...run, publish: [port(8080), port(8080, '127.0.0.1')] });
  assert.deepEqual(r.ok ? null : [r.field, r.rule], ['publish.1.hostPort', 'duplicate-port']);
  const p = parseParams('container.publish', {
    container: 'web',
    publish: [port(9000, '127.0.0.1'), port(9000, '127.0.0.1')],
  });
  assert.deepEqual(p.ok ? null : [p.field, p.rule], ['publish.1.hostPort', 'duplicate-port']);
});

test('the same port on two addresses, or two protocols, is fine', () => {
  assert.ok(parseParams('container.run', { ...run, publish: [port(8080, '127.0.0.1'), port(8080, '127.0.0.2')] }).ok);
  assert.ok(parseParams('container.run', { ...run, publish: [port(8080), port(8080, undefined, 'udp')] }).ok);
});

test('links with network none are refused: the engine would drop them silently', () => {
  const r = parseParams('container.run', { ...run, network: 'none', links: [{ container: 'db', alias: 'db' }] });
  assert.deepEqual(r.ok ? null : [r.field, r.rule], ['links', 'no-network']);
});
