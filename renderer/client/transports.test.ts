import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NetloomBridge } from '../../core/protocol/bridge.js';
import { backoffDelay } from './backoff.js';
import { IpcTransport } from './ipc-transport.js';
import { pickTransport } from './pick-transport.js';
import type { TransportHandlers } from './transport.js';
import { WebSocketTransport, webSocketUrl } from './websocket-transport.js';

/** Records what a transport reports. */
function recorder() {
  const events: string[] = [];
  const handlers: TransportHandlers = {
    onOpen: () => events.push('open'),
    onMessage: (raw) => events.push(`message ${JSON.stringify(raw)}`),
    onClose: (reason) => events.push(`close ${reason}`),
  };
  return { events, handlers };
}

class FakeSocket {
  readyState = 0;
  readonly sent: string[] = [];
  closedWith: [number | undefined, string | undefined] | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
  }
}

function socketTransport() {
  const sockets: FakeSocket[] = [];
  const transport = new WebSocketTransport('ws://127.0.0.1:7000/ws', (url) => {
    const s = new FakeSocket(url);
    sockets.push(s);
    return s as unknown as WebSocket;
  });
  return { transport, sockets };
}

describe('webSocketUrl', () => {
  it('follows the page: scheme, host and an optional token', () => {
    assert.equal(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:7000', search: '' }), 'ws://127.0.0.1:7000/ws');
    assert.equal(webSocketUrl({ protocol: 'https:', host: 'box:443', search: '?x=1' }), 'wss://box:443/ws');
    assert.equal(
      webSocketUrl({ protocol: 'http:', host: '[::1]:9', search: '?token=a b&x=1' }),
      'ws://[::1]:9/ws?token=a%20b',
    );
  });
});

describe('WebSocketTransport', () => {
  it('speaks JSON frames and passes text that is not JSON on unparsed', () => {
    const { transport, sockets } = socketTransport();
    const r = recorder();
    transport.open(r.handlers);
    const socket = sockets[0] as FakeSocket;
    assert.equal(socket.url, 'ws://127.0.0.1:7000/ws');
    transport.send({ type: 'subscribe' });
    assert.deepEqual(socket.sent, [], 'nothing goes out before the socket opens');
    socket.readyState = 1;
    socket.onopen?.();
    transport.send({ type: 'resync', lastSeq: 4 });
    assert.deepEqual(socket.sent, ['{"type":"resync","lastSeq":4}']);
    socket.onmessage?.({ data: '{"type":"hello","protocol":1}' });
    socket.onmessage?.({ data: '{oops' });
    socket.onclose?.({ code: 1006, reason: '' });
    assert.deepEqual(r.events, [
      'open',
      'message {"type":"hello","protocol":1}',
      'message "{oops"',
      'close connection lost (code 1006)',
    ]);
  });

  it('says which server it could not reach, without the token', async () => {
    const sockets: FakeSocket[] = [];
    const transport = new WebSocketTransport('ws://127.0.0.1:7000/ws?token=secret', (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s as unknown as WebSocket;
    });
    const r = recorder();
    transport.open(r.handlers);
    sockets[0]?.onclose?.({ code: 1006, reason: '' });
    const refusing = new WebSocketTransport('ws:///ws', () => {
      throw new SyntaxError('invalid URL');
    });
    refusing.open(r.handlers);
    await Promise.resolve();
    assert.deepEqual(r.events, [
      'close cannot reach the Netloom server at ws://127.0.0.1:7000/ws',
      'close cannot open ws:///ws: invalid URL',
    ]);
  });

  it('forgets a socket it let go of', () => {
    const { transport, sockets } = socketTransport();
    const r = recorder();
    transport.open(r.handlers);
    transport.open(r.handlers);
    const [first, second] = sockets as [FakeSocket, FakeSocket];
    assert.deepEqual(first.closedWith, [1000, 'client closed']);
    first.onmessage?.({ data: '{}' });
    first.onclose?.({ code: 1000, reason: 'bye' });
    assert.deepEqual(r.events, []);
    transport.close();
    second.onclose?.({ code: 1000, reason: 'bye' });
    assert.deepEqual(r.events, [], 'close() is not reported back');
  });
});

function fakeBridge() {
  const listeners = new Set<(m: unknown) => void>();
  const sent: unknown[] = [];
  const bridge: NetloomBridge = {
    host: 'electron',
    send: (m) => sent.push(m),
    onMessage: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const deliver = (m: unknown): void => listeners.forEach((l) => l(m));
  return { bridge, sent, listeners, deliver };
}

describe('IpcTransport', () => {
  it('opens before the messages the preload kept, relays both ways and detaches on close', () => {
    const b = fakeBridge();
    const early = { type: 'hello', protocol: 1 };
    const bridge: NetloomBridge = {
      ...b.bridge,
      // As the preload does: what came before the first listener is handed over at once.
      onMessage: (l) => {
        const off = b.bridge.onMessage(l);
        l(early);
        return off;
      },
    };
    const transport = new IpcTransport(bridge);
    const r = recorder();
    transport.open(r.handlers);
    b.deliver({ type: 'snapshot' });
    transport.send({ type: 'subscribe' });
    assert.deepEqual(b.sent, [{ type: 'subscribe' }]);
    transport.close();
    b.deliver({ type: 'late' });
    assert.deepEqual(r.events, ['open', 'message {"type":"hello","protocol":1}', 'message {"type":"snapshot"}']);
    assert.equal(b.listeners.size, 0);
  });
});

describe('pickTransport', () => {
  it('uses the Electron bridge when there is one, else the WebSocket', () => {
    const location = { protocol: 'http:', host: 'h:1', search: '' } as Location;
    assert.ok(pickTransport({ netloom: fakeBridge().bridge, location } as unknown as Window) instanceof IpcTransport);
    assert.ok(pickTransport({ location } as unknown as Window) instanceof WebSocketTransport);
  });
});

describe('backoffDelay', () => {
  it('doubles from 250 ms to a 5 s cap, jittered by at most 20 %', () => {
    const exact = [0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffDelay(a, () => 0.5));
    assert.deepEqual(exact, [250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    assert.equal(
      backoffDelay(0, () => 0),
      200,
    );
    assert.equal(
      backoffDelay(0, () => 0.999999),
      300,
    );
    assert.equal(
      backoffDelay(5, () => 0.999999),
      5000,
      'jitter never passes the cap',
    );
    assert.equal(
      backoffDelay(5, () => 0),
      4000,
    );
  });
});
