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
    assert.deepEqual(c.sent[0], {
      type: 'hello',
      protocol: 1,
      version: '9.9.9',
      control: { enabled: false, reason: 'this server does not offer control' },
    });
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
    server.handle('image.list', async () => {
      throw new CommandError({ code: 'not-permitted', message: 'run as root' });
    });
    const c = fakeConnection();
    server.accept(c.conn);
    c.deliver({ type: 'request', id: 1, method: 'ping' });
    c.deliver({ type: 'request', id: 2, method: 'nope' });
    c.deliver({ type: 'request', id: 3, method: 'image.list' });
    c.deliver({ type: 'request', id: 4, method: '' });
    c.deliver({ type: 'request', id: 5, method: 'image.list', params: { all: true } });
    c.deliver({ type: 'request', id: 6, method: 'network.create' });
    c.deliver({ type: 'request', id: 7, method: 'toString' });
    await flush();
    const byId = new Map(c.sent.filter((m) => m.type === 'response').map((m) => [m.id, m]));
    const errorOf = (id: number) => (byId.get(id) as { error: { code: string; details?: unknown } }).error;
    assert.equal(byId.get(1)?.ok, true);
    assert.deepEqual(errorOf(2), { code: 'unknown-method', message: 'no method "nope"' });
    assert.deepEqual(errorOf(3), { code: 'not-permitted', message: 'run as root' });
    assert.equal(errorOf(4).code, 'bad-request');
    assert.deepEqual(errorOf(5), {
      code: 'bad-request',
      message: 'all: unknown field "all"',
      details: { field: 'all', rule: 'unknown-field' },
    });
    assert.equal(errorOf(6).code, 'not-permitted', 'a control method while control is off, handler or not');
    assert.equal(errorOf(7).code, 'unknown-method', 'no prototype property is a method');
  });

  test('control methods: refused while control is off, params checked by their schema when on', async () => {
    const { source } = fakeSource();
    let control = { enabled: false, reason: 'started with --read-only' };
    const server = new ProtocolServer(source, '1', { control: () => control });
    const calls: unknown[] = [];
    server.handle('network.remove', async (params) => {
      calls.push(params.network);
      return { actionId: 'a', effect: { seen: true, seq: 2, items: [] }, warnings: [] };
    });
    const c = fakeConnection();
    server.accept(c.conn);
    assert.deepEqual((c.sent[0] as { control: unknown }).control, control);
    c.deliver({ type: 'request', id: 1, method: 'network.remove', params: { network: 'n1' } });
    await flush();
    control = { enabled: true, reason: undefined as unknown as string };
    c.deliver({ type: 'request', id: 2, method: 'network.remove', params: { network: '$(touch /tmp/x)' } });
    c.deliver({ type: 'request', id: 3, method: 'network.remove', params: { network: 'n1' } });
    await flush();
    const byId = new Map(c.sent.filter((m) => m.type === 'response').map((m) => [m.id, m]));
    const e1 = (byId.get(1) as { error: { code: string; message: string } }).error;
    assert.equal(e1.code, 'not-permitted');
    assert.match(e1.message, /--read-only/);
    const e2 = (byId.get(2) as unknown as { error: { code: string; details: { field: string; rule: string } } }).error;
    assert.equal(e2.code, 'bad-request');
    assert.deepEqual(e2.details, { field: 'network', rule: 'format' });
    assert.equal(byId.get(3)?.ok, true);
    assert.deepEqual(calls, ['n1'], 'only the valid request reached the handler');
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
