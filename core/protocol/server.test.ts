import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FakeTopologySource } from '../testkit/fake-source.js';
import type { ServerMessage } from './messages.js';
import { CommandError, ProtocolServer } from './server.js';
import type { ServerConnection } from './transport.js';

function fakeSource() {
  const source = new FakeTopologySource();
  return { source, push: () => source.push(), listeners: source.listeners };
}

function fakeConnection() {
  const sent: ServerMessage[] = [];
  let onMessage: (m: unknown) => void = () => undefined;
  let onClose: () => void = () => undefined;
  let closedWith: string | null = null;
  const conn: ServerConnection = {
    description: 'test',
    send: (m) => sent.push(m),
    onMessage: (h) => (onMessage = h),
    onClose: (h) => (onClose = h),
    close: (reason) => (closedWith = reason),
  };
  return { conn, sent, deliver: (m: unknown) => onMessage(m), hangUp: () => onClose(), closed: () => closedWith };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('ProtocolServer', () => {
  test('hello, then snapshot on subscribe, then deltas in seq order', () => {
    const { source, push } = fakeSource();
    const server = new ProtocolServer(source, '9.9.9');
    const c = fakeConnection();
    server.accept(c.conn);
    assert.deepEqual(c.sent[0], { type: 'hello', protocol: 1, version: '9.9.9' });
    c.deliver({ type: 'subscribe' });
    assert.equal(c.sent[1]?.type, 'snapshot');
    push();
    push();
    assert.deepEqual(
      c.sent.slice(2).map((m) => (m.type === 'delta' ? m.seq : -1)),
      [2, 3],
    );
  });

  test('resync sends a fresh snapshot and does not double the subscription', () => {
    const { source, push, listeners } = fakeSource();
    const server = new ProtocolServer(source, '1');
    const c = fakeConnection();
    server.accept(c.conn);
    c.deliver({ type: 'subscribe' });
    c.deliver({ type: 'resync', lastSeq: 1 });
    assert.equal(listeners.size, 1);
    push();
    assert.equal(c.sent.filter((m) => m.type === 'delta').length, 1);
    assert.equal(c.sent.filter((m) => m.type === 'snapshot').length, 2);
  });

  test('requests: ping, unknown method, typed command errors, bad params', async () => {
    const { source } = fakeSource();
    const server = new ProtocolServer(source, '1');
    server.handle('boom', async () => {
      throw new CommandError({ code: 'not-permitted', message: 'run as root' });
    });
    const c = fakeConnection();
    server.accept(c.conn);
    c.deliver({ type: 'request', id: 1, method: 'ping' });
    c.deliver({ type: 'request', id: 2, method: 'nope' });
    c.deliver({ type: 'request', id: 3, method: 'boom' });
    c.deliver({ type: 'request', id: 4, method: '' });
    await flush();
    const byId = new Map(c.sent.filter((m) => m.type === 'response').map((m) => [m.id, m]));
    assert.equal(byId.get(1)?.ok, true);
    assert.deepEqual((byId.get(2) as { error: unknown }).error, {
      code: 'unknown-method',
      message: 'no method "nope"',
    });
    assert.deepEqual((byId.get(3) as { error: unknown }).error, { code: 'not-permitted', message: 'run as root' });
    assert.equal((byId.get(4) as { error: { code: string } }).error.code, 'bad-request');
  });

  test('an invalid message without an id closes the connection; hang-up unsubscribes', () => {
    const { source, listeners } = fakeSource();
    const server = new ProtocolServer(source, '1');
    const c = fakeConnection();
    server.accept(c.conn);
    c.deliver({ type: 'subscribe' });
    assert.equal(listeners.size, 1);
    c.deliver('$(rm -rf /)');
    assert.match(c.closed() ?? '', /invalid message/);
    assert.equal(listeners.size, 0);
    const d = fakeConnection();
    server.accept(d.conn);
    d.deliver({ type: 'subscribe' });
    d.hangUp();
    assert.equal(listeners.size, 0);
  });
});
