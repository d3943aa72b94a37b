import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IPC_CHANNELS } from '../core/protocol/bridge.js';
import type { ServerMessage } from '../core/protocol/messages.js';
import { ProtocolServer } from '../core/protocol/server.js';
import type { ServerConnection } from '../core/protocol/transport.js';
import { sampleTopology } from '../core/testkit/sample-topology.js';
import { isAppUrl } from './app-url.js';
import { IpcRelay, type FrameLike, type IpcEventLike, type IpcMainLike, type WebContentsLike } from './ipc-relay.js';
import { FakeTopologySource } from '../core/testkit/fake-source.js';

const APP_URL = 'app://netloom/index.html';

class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, Set<(event: IpcEventLike, ...args: unknown[]) => void>>();
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): this {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)?.add(listener);
    return this;
  }
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  emit(channel: string, event: IpcEventLike, ...args: unknown[]): void {
    for (const l of this.listeners.get(channel) ?? []) l(event, ...args);
  }
}

class FakeFrame implements FrameLike {
  constructor(
    public url: string,
    readonly processId = 7,
    readonly routingId = 1,
    readonly parent: FrameLike | null = null,
  ) {}
}

let nextId = 1;
class FakeWebContents implements WebContentsLike {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  readonly sent: { channel: string; message: unknown }[] = [];
  private destroyed = false;
  private readonly onDestroyed: (() => void)[] = [];
  constructor(url = APP_URL) {
    this.mainFrame = new FakeFrame(url, 7, this.id * 10);
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, message: args[0] });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void): this {
    this.onDestroyed.push(listener);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
    for (const l of this.onDestroyed.splice(0)) l();
  }
  /** What the renderer received, as server messages. */
  received(): ServerMessage[] {
    return this.sent.filter((s) => s.channel === IPC_CHANNELS.fromCore).map((s) => s.message as ServerMessage);
  }
  types(): string[] {
    return this.received().map((m) => m.type);
  }
  /** An event as Electron builds it for a message from this webContents' main frame. */
  event(frame: FrameLike | null = this.mainFrame): IpcEventLike {
    return { sender: this, senderFrame: frame };
  }
}

function setup(accept?: (server: ProtocolServer, conn: ServerConnection) => void) {
  const ipcMain = new FakeIpcMain();
  const source = new FakeTopologySource();
  const control = { enabled: false, reason: 'off' };
  const server = new ProtocolServer(source, '9.9.9', { control: () => control });
  const logs: string[] = [];
  const relay = new IpcRelay({
    ipcMain,
    isAppUrl,
    log: (l) => logs.push(l),
    server: { accept: (conn) => (accept ? accept(server, conn) : server.accept(conn)) },
  });
  const contents = new FakeWebContents();
  relay.addWindow(contents);
  const connect = (c: FakeWebContents = contents, frame?: FrameLike | null): void =>
    ipcMain.emit(IPC_CHANNELS.connect, c.event(frame));
  const toCore = (message: unknown, c: FakeWebContents = contents, frame?: FrameLike | null): void =>
    ipcMain.emit(IPC_CHANNELS.toCore, c.event(frame), message);
  return { ipcMain, source, relay, contents, logs, connect, toCore, control };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('connect opens a connection: hello, then snapshot on subscribe, then deltas', () => {
  const { source, contents, connect, toCore } = setup();
  connect();
  assert.deepEqual(contents.received(), [
    { type: 'hello', protocol: 1, version: '9.9.9', control: { enabled: false, reason: 'off' } },
  ]);
  toCore({ type: 'subscribe' });
  const snapshot = contents.received()[1];
  assert.equal(snapshot?.type, 'snapshot');
  assert.equal(snapshot.type === 'snapshot' && snapshot.topology.nodes.length, sampleTopology().nodes.length);
  source.push();
  assert.deepEqual(contents.types(), ['hello', 'snapshot', 'delta']);
  assert.ok(contents.sent.every((s) => s.channel === IPC_CHANNELS.fromCore));
});

test('requests are answered over the same window', async () => {
  const { contents, connect, toCore } = setup();
  connect();
  toCore({ type: 'request', id: 4, method: 'ping' });
  toCore({ type: 'request', id: 5, method: 'nope' });
  await tick();
  const responses = contents.received().filter((m) => m.type === 'response');
  assert.equal(responses.length, 2);
  const ping = responses.find((r) => r.id === 4);
  assert.ok(ping?.ok && typeof (ping.result as { now: string }).now === 'string');
  const nope = responses.find((r) => r.id === 5);
  assert.ok(nope && !nope.ok && nope.error.code === 'unknown-method');
});

test('messages before connect are ignored and logged', () => {
  const { source, contents, toCore, logs } = setup();
  toCore({ type: 'subscribe' });
  assert.deepEqual(contents.sent, []);
  assert.equal(source.listeners.size, 0);
  assert.ok(logs.some((l) => l.includes('before netloom:connect')));
});

test('a webContents the relay was not given is refused', () => {
  const { source, ipcMain, logs } = setup();
  const stranger = new FakeWebContents();
  ipcMain.emit(IPC_CHANNELS.connect, stranger.event());
  ipcMain.emit(IPC_CHANNELS.toCore, stranger.event(), { type: 'subscribe' });
  assert.deepEqual(stranger.sent, []);
  assert.equal(source.listeners.size, 0);
  assert.equal(logs.filter((l) => l.includes('unknown sender')).length, 2);
});

test('an event claiming a known id with a different object is refused', () => {
  const { ipcMain, contents, logs } = setup();
  const impostor = Object.assign(new FakeWebContents(), {});
  Object.defineProperty(impostor, 'id', { value: contents.id });
  ipcMain.emit(IPC_CHANNELS.connect, impostor.event());
  assert.deepEqual(impostor.sent, []);
  assert.deepEqual(contents.sent, []);
  assert.ok(logs.some((l) => l.includes('unknown sender')));
});

test('a subframe of our window is refused, even at the app URL', () => {
  const { contents, connect, toCore, source, logs } = setup();
  const sub = new FakeFrame(APP_URL, 7, 999, contents.mainFrame);
  connect(contents, sub);
  assert.deepEqual(contents.sent, []);
  connect();
  toCore({ type: 'subscribe' }, contents, sub);
  assert.deepEqual(contents.types(), ['hello']);
  assert.equal(source.listeners.size, 0);
  assert.equal(logs.filter((l) => l.includes('not the main frame')).length, 2);
});

test('a top-level frame that is not the main frame (another routing id) is refused', () => {
  const { contents, connect, logs } = setup();
  connect(contents, new FakeFrame(APP_URL, 7, 12345, null));
  assert.deepEqual(contents.sent, []);
  assert.ok(logs.some((l) => l.includes('not the main frame')));
});

test('a main frame showing a foreign page is refused', () => {
  for (const url of [
    'https://example.com/',
    'file:///work/main/dist/renderer/index.html',
    'app://evil/index.html',
    'data:text/html,x',
  ]) {
    const { contents, connect, logs } = setup();
    contents.mainFrame.url = url;
    connect();
    assert.deepEqual(contents.sent, [], url);
    assert.ok(
      logs.some((l) => l.includes('foreign page')),
      url,
    );
  }
});

test('a message whose frame is gone is refused', () => {
  const { contents, connect, logs } = setup();
  connect(contents, null);
  assert.deepEqual(contents.sent, []);
  assert.ok(logs.some((l) => l.includes('frame is gone')));
});

test('closing the window ends the subscription', () => {
  const { source, contents, connect, toCore, relay, logs } = setup();
  connect();
  toCore({ type: 'subscribe' });
  assert.equal(source.listeners.size, 1);
  assert.equal(relay.connectionCount, 1);
  contents.destroy();
  assert.equal(source.listeners.size, 0);
  assert.equal(relay.connectionCount, 0);
  const before = contents.sent.length;
  source.push();
  toCore({ type: 'subscribe' });
  assert.equal(contents.sent.length, before);
  assert.ok(logs.some((l) => l.includes('window closed')));
});

test('reconnecting replaces the old connection (a reload)', () => {
  const { source, contents, connect, toCore, relay } = setup();
  connect();
  toCore({ type: 'subscribe' });
  assert.equal(source.listeners.size, 1);
  connect();
  assert.equal(source.listeners.size, 0, 'the old stream stopped');
  assert.equal(relay.connectionCount, 1);
  toCore({ type: 'subscribe' });
  assert.equal(source.listeners.size, 1);
  source.push();
  assert.deepEqual(contents.types(), ['hello', 'snapshot', 'hello', 'snapshot', 'delta']);
});

test('two windows get their own connections', () => {
  const { ipcMain, relay, source, contents, connect, toCore } = setup();
  const other = new FakeWebContents();
  relay.addWindow(other);
  connect();
  ipcMain.emit(IPC_CHANNELS.connect, other.event());
  ipcMain.emit(IPC_CHANNELS.toCore, other.event(), { type: 'subscribe' });
  assert.deepEqual(contents.types(), ['hello']);
  assert.deepEqual(other.types(), ['hello', 'snapshot']);
  toCore({ type: 'subscribe' });
  assert.equal(source.listeners.size, 2);
  other.destroy();
  assert.equal(source.listeners.size, 1);
});

test('a message without a request id is a protocol violation: the server closes the connection', () => {
  const { source, contents, connect, toCore, relay, logs } = setup();
  connect();
  toCore({ type: 'subscribe' });
  toCore({ type: 'bogus' });
  assert.equal(source.listeners.size, 0);
  assert.equal(relay.connectionCount, 0);
  assert.ok(logs.some((l) => l.includes('invalid message')));
  toCore({ type: 'subscribe' });
  assert.deepEqual(contents.types(), ['hello', 'snapshot']);
});

test('messages that arrive before the server accepts are kept in order', async () => {
  let release: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (release = resolve));
  const { contents, connect, toCore, source } = setup((server, conn) => void ready.then(() => server.accept(conn)));
  connect();
  toCore({ type: 'subscribe' });
  toCore({ type: 'request', id: 1, method: 'ping' });
  assert.deepEqual(contents.sent, []);
  release();
  await tick();
  await tick();
  assert.deepEqual(contents.types(), ['hello', 'snapshot', 'response']);
  assert.equal(source.listeners.size, 1);
});

test('a window closed before the server accepts gets no subscription', async () => {
  let release: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (release = resolve));
  const { contents, connect, toCore, source } = setup((server, conn) => void ready.then(() => server.accept(conn)));
  connect();
  toCore({ type: 'subscribe' });
  contents.destroy();
  release();
  await tick();
  assert.equal(source.listeners.size, 0);
  assert.deepEqual(contents.sent, []);
});

test('nothing is sent once the window shows a page that is not ours', () => {
  const { source, contents, connect, toCore, relay } = setup();
  connect();
  toCore({ type: 'subscribe' });
  contents.mainFrame.url = 'https://example.com/';
  source.push();
  assert.deepEqual(contents.types(), ['hello', 'snapshot']);
  assert.equal(source.listeners.size, 0);
  assert.equal(relay.connectionCount, 0);
});

test('dispose removes the IPC listeners and closes connections', () => {
  const { ipcMain, relay, source, connect, toCore } = setup();
  connect();
  toCore({ type: 'subscribe' });
  relay.dispose();
  assert.equal(source.listeners.size, 0);
  for (const set of ipcMain.listeners.values()) assert.equal(set.size, 0);
});

test('a flood before the server accepts closes the connection instead of growing without bound', () => {
  const { connect, toCore, relay, logs } = setup(() => undefined);
  connect();
  for (let i = 0; i < 1001; i++) toCore({ type: 'request', id: i, method: 'ping' });
  assert.equal(relay.connectionCount, 0);
  assert.ok(logs.some((l) => l.includes('too many messages')));
});

test('reconnectAll ends each open connection and greets the window again with the control state of now', () => {
  const { source, contents, connect, toCore, relay, control } = setup();
  const idle = new FakeWebContents();
  relay.addWindow(idle);
  connect();
  toCore({ type: 'subscribe' });
  control.enabled = true;
  relay.reconnectAll('control changed');
  const hellos = contents.received().filter((m) => m.type === 'hello');
  assert.equal(hellos.length, 2);
  assert.deepEqual((hellos[1] as { control: unknown }).control, { enabled: true, reason: 'off' });
  assert.deepEqual(idle.received(), [], 'a window that never connected is left alone');
  assert.equal(source.listeners.size, 0, 'the old stream ended');
  toCore({ type: 'subscribe' });
  assert.equal(source.listeners.size, 1);
  assert.equal(relay.connectionCount, 1);
});
