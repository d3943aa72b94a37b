import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, test } from 'node:test';
import { checkHost, isLoopbackHost, originAllowed, parseHostHeader, type HostPolicy } from './host-check.js';

const local: HostPolicy = { boundHost: '127.0.0.1', port: 8123, remote: false };
const remote: HostPolicy = { boundHost: '0.0.0.0', port: 8123, remote: true };

describe('host checks', () => {
  test('loopback: 127.0.0.0/8, ::1 in any spelling, localhost; nothing else', () => {
    for (const h of [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
      'localhost',
      'LOCALHOST',
    ]) {
      assert.equal(isLoopbackHost(h), true, h);
    }
    for (const h of [
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '192.168.1.10',
      '::ffff:10.0.0.1',
      'example.com',
      'localhost.example.com',
      '',
    ]) {
      assert.equal(isLoopbackHost(h), false, h);
    }
  });

  test('Host headers are parsed strictly', () => {
    assert.deepEqual(parseHostHeader('127.0.0.1:8123'), { hostname: '127.0.0.1', port: 8123 });
    assert.deepEqual(parseHostHeader('[::1]:8123'), { hostname: '[::1]', port: 8123 });
    assert.deepEqual(parseHostHeader('localhost'), { hostname: 'localhost', port: 80 });
    for (const bad of [undefined, '', 'a b', 'evil@127.0.0.1:8123', '127.0.0.1:8123/x', '127.0.0.1:99999']) {
      assert.equal(parseHostHeader(bad), null, String(bad));
    }
  });

  test('a loopback server answers to loopback names on its own port only', () => {
    assert.ok(checkHost(local, '127.0.0.1:8123'));
    assert.ok(checkHost(local, 'localhost:8123'));
    assert.ok(checkHost(local, '[::1]:8123'));
    assert.equal(checkHost(local, '127.0.0.1:8124'), null);
    assert.equal(checkHost(local, 'evil.example:8123'), null, 'a rebound name');
    assert.equal(checkHost(local, '192.168.1.10:8123'), null);
    assert.equal(checkHost(local, undefined), null);
  });

  test('a remote server also answers to IP literals and this hostname, never to foreign names', () => {
    assert.ok(checkHost(remote, '192.168.1.10:8123'));
    assert.ok(checkHost(remote, '[fd00::5]:8123'));
    assert.ok(checkHost(remote, `${hostname()}:8123`));
    assert.equal(checkHost(remote, 'evil.example:8123'), null);
  });

  test('Origin: absent is fine; it must otherwise be this server as reached', () => {
    const host = { hostname: '127.0.0.1', port: 8123 };
    assert.equal(originAllowed(undefined, host), true);
    assert.equal(originAllowed('http://127.0.0.1:8123', host), true);
    assert.equal(originAllowed('http://localhost:8123', host), true, 'another spelling of loopback');
    assert.equal(originAllowed('http://[::1]:8123', host), true);
    for (const bad of [
      'http://evil.example:8123',
      'http://127.0.0.1:8124',
      'http://127.0.0.1',
      'https://127.0.0.1:8123',
      'null',
      'file://',
      '',
      'http://user@127.0.0.1:8123',
    ]) {
      assert.equal(originAllowed(bad, host), false, bad);
    }
    const lan = { hostname: '192.168.1.10', port: 8123 };
    assert.equal(originAllowed('http://192.168.1.10:8123', lan), true);
    assert.equal(originAllowed('http://192.168.1.11:8123', lan), false);
    assert.equal(originAllowed('http://localhost:8123', lan), false);
  });
});
