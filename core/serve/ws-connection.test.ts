import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import type WebSocket from 'ws';
import { ProtocolServer, type TopologySource } from '../protocol/server.js';
import { sampleTopology } from '../testkit/sample-topology.js';
import { CLOSE, MAX_BUFFERED_BYTES, truncateUtf8, WsConnection } from './ws-connection.js';

/** Just enough of a ws WebSocket to watch what the adapter does with it. */
class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closed: { code: number; reason: string } | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number, reason: string): void {
    assert.ok(Buffer.byteLength(reason) <= 123, `reason too long: ${Buffer.byteLength(reason)} bytes`);
    this.closed = { code, reason };
    this.readyState = 2;
  }
  terminate(): void {
    this.readyState = 3;
  }
}

const source: TopologySource = {
  current: () => ({ type: 'snapshot', seq: 1, topology: sampleTopology() }),
  subscribe: () => () => undefined,
};

function connect(): { fake: FakeSocket; conn: WsConnection } {
  const fake = new FakeSocket();
  return { fake, conn: new WsConnection(fake as unknown as WebSocket, 'test') };
}

describe('WsConnection', () => {
  test('each message is one JSON text frame; nothing is sent once closing', () => {
    const { fake, conn } = connect();
    conn.send({ type: 'hello', protocol: 1, version: 'x' });
    assert.deepEqual(JSON.parse(fake.sent[0] ?? ''), { type: 'hello', protocol: 1, version: 'x' });
    fake.readyState = 2;
    conn.send({ type: 'hello', protocol: 1, version: 'x' });
    assert.equal(fake.sent.length, 1);
  });

  test('frames are decoded: JSON as values, anything else as its text', () => {
    const { fake, conn } = connect();
    const got: unknown[] = [];
    conn.onMessage((m) => got.push(m));
    fake.emit('message', Buffer.from('{"type":"subscribe"}'), false);
    fake.emit('message', Buffer.from('not json'), false);
    fake.emit('message', Buffer.from('{"type":"subscribe"}'), true);
    assert.deepEqual(got, [{ type: 'subscribe' }, 'not json', '{"type":"subscribe"}']);
  });

  test('a client that falls more than 16 MiB behind is closed with 1013, not buffered for', () => {
    const { fake, conn } = connect();
    fake.bufferedAmount = MAX_BUFFERED_BYTES + 1;
    conn.send({ type: 'hello', protocol: 1, version: 'x' });
    assert.equal(fake.sent.length, 0);
    assert.equal(fake.closed?.code, CLOSE.tryAgainLater);
  });

  test('a socket error does not throw (ws closes the socket itself)', () => {
    const { fake } = connect();
    assert.doesNotThrow(() => fake.emit('error', new Error('invalid frame')));
  });

  test('a frame that is not JSON makes the protocol close with 1008 and a short reason', () => {
    const { fake, conn } = connect();
    new ProtocolServer(source, 'test').accept(conn);
    fake.emit('message', Buffer.from(`{${'é'.repeat(300)}`), false);
    assert.equal(fake.closed?.code, CLOSE.policy);
    assert.match(fake.closed?.reason ?? '', /^invalid message/);
  });

  test('close reasons are cut to 123 bytes without splitting a character', () => {
    assert.equal(truncateUtf8('short', 123), 'short');
    const long = truncateUtf8('é'.repeat(100), 123);
    assert.ok(Buffer.byteLength(long) <= 123);
    assert.ok(long.endsWith('…'));
    assert.doesNotMatch(long, /\uFFFD/);
    assert.ok(Buffer.byteLength(truncateUtf8('x'.repeat(500), 123)) <= 123);
  });
});
