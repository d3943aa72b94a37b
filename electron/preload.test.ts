import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { IPC_CHANNELS, type NetloomBridge } from '../core/protocol/bridge.js';

/**
 * Runs the compiled preload the way Electron runs a sandboxed one: its source wrapped in
 * a function whose `require` knows only 'electron' (and a few built-ins). A preload that
 * needs any other file, or is not CommonJS, fails here as it would in the app.
 */
const source = readFileSync(new URL('./preload.cjs', import.meta.url), 'utf8');

interface Loaded {
  exposed: Map<string, unknown>;
  sent: { channel: string; args: unknown[] }[];
  deliver(channel: string, message: unknown): void;
  required: string[];
}

function loadPreload(): Loaded {
  const exposed = new Map<string, unknown>();
  const sent: { channel: string; args: unknown[] }[] = [];
  const handlers = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
  const required: string[] = [];
  const ipcRenderer = {
    send: (channel: string, ...args: unknown[]) => sent.push({ channel, args }),
    on: (channel: string, handler: (event: unknown, ...args: unknown[]) => void) => {
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
      return ipcRenderer;
    },
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer,
  };
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name} (a sandboxed preload can only require electron)`);
  };
  const wrapper = runInNewContext(`(function(require, process, exports, module) {\n${source}\n})`, {}) as (
    ...args: unknown[]
  ) => void;
  const exports = {};
  wrapper(sandboxRequire, {}, exports, { exports });
  const fakeEvent = { sender: 'the ipcRenderer event, which must never reach the page', ports: [] };
  return {
    exposed,
    sent,
    required,
    deliver: (channel, message) => {
      for (const h of handlers.get(channel) ?? []) h(fakeEvent, message);
    },
  };
}

test('the preload needs nothing but electron, and exposes exactly the bridge', () => {
  const { exposed, required } = loadPreload();
  assert.deepEqual(required, ['electron']);
  assert.deepEqual([...exposed.keys()], ['netloom']);
  const bridge = exposed.get('netloom') as Record<string, unknown>;
  assert.deepEqual(Object.keys(bridge).sort(), ['host', 'onMessage', 'send']);
  assert.equal(bridge['host'], 'electron');
  assert.equal(typeof bridge['send'], 'function');
  assert.equal(typeof bridge['onMessage'], 'function');
});

test('it connects once on load, and send goes to the core channel', () => {
  const { exposed, sent } = loadPreload();
  assert.deepEqual(sent, [{ channel: IPC_CHANNELS.connect, args: [] }]);
  const bridge = exposed.get('netloom') as NetloomBridge;
  bridge.send({ type: 'subscribe' });
  assert.deepEqual(sent[1], { channel: IPC_CHANNELS.toCore, args: [{ type: 'subscribe' }] });
  assert.equal(sent.filter((s) => s.channel === IPC_CHANNELS.connect).length, 1);
});

test('listeners get the message only, never the IPC event; unsubscribe stops them', () => {
  const { exposed, deliver } = loadPreload();
  const bridge = exposed.get('netloom') as NetloomBridge;
  const got: unknown[][] = [];
  const off = bridge.onMessage((...args: unknown[]) => got.push(args));
  deliver(IPC_CHANNELS.fromCore, { type: 'hello', protocol: 1, version: 'x' });
  deliver('some:other-channel', { type: 'nope' });
  off();
  deliver(IPC_CHANNELS.fromCore, { type: 'snapshot' });
  assert.deepEqual(got, [[{ type: 'hello', protocol: 1, version: 'x' }]]);
});

test('what the core sends before the page listens is kept for the first listener', () => {
  const { exposed, deliver } = loadPreload();
  const bridge = exposed.get('netloom') as NetloomBridge;
  deliver(IPC_CHANNELS.fromCore, { type: 'hello' });
  const first: unknown[] = [];
  const second: unknown[] = [];
  bridge.onMessage((m) => first.push(m));
  bridge.onMessage((m) => second.push(m));
  deliver(IPC_CHANNELS.fromCore, { type: 'snapshot' });
  assert.deepEqual(first, [{ type: 'hello' }, { type: 'snapshot' }]);
  assert.deepEqual(second, [{ type: 'snapshot' }]);
});
