import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RequestError } from '../client/request-errors.js';
import { manualRequester } from '../client/testing/manual-requester.js';
import { createAppStore } from './app-store.js';
import { controlsShown } from './commands.js';

const effect = {
  seen: true,
  seq: 12,
  items: [{ change: 'added' as const, id: 'if:1:2', kind: 'veth', label: 'veth1', where: null }],
};

describe('commands slice', () => {
  test('an action marks its targets busy until it answers, then keeps its effect and refreshes the log', async () => {
    const store = createAppStore(null);
    const { requester, asked } = manualRequester();
    store.setState({ requester });
    const done = store
      .getState()
      .perform('network.connect', { network: 'lab', container: 'web' }, ['container:c1', 'network:n1']);
    assert.deepEqual(store.getState().busy, { 'container:c1': 'network.connect', 'network:n1': 'network.connect' });
    assert.equal(asked[0]?.method, 'network.connect');
    assert.deepEqual(asked[0]?.params, { network: 'lab', container: 'web' });
    asked[0]?.answer({ actionId: 'a7', effect, warnings: [] });
    const answer = await done;
    assert.equal(answer.ok, true);
    const s = store.getState();
    assert.deepEqual(s.busy, {});
    assert.equal(s.lastAction?.actionId, 'a7');
    assert.deepEqual(s.lastAction?.effect, effect);
    assert.deepEqual(s.lastAction?.targets, ['container:c1', 'network:n1']);
    // The log is asked for after every action.
    assert.equal(asked[1]?.method, 'action.log');
    asked[1]?.answer({ actions: [] });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(store.getState().actionLog, []);
  });

  test('a refusal comes back as the protocol error and leaves no effect behind', async () => {
    const store = createAppStore(null);
    const { requester, asked } = manualRequester();
    store.setState({ requester });
    const done = store.getState().perform('network.create', { name: 'lab', driver: 'bridge' }, []);
    asked[0]?.fail(
      new RequestError('network.create', {
        code: 'conflict',
        message: 'a network named lab exists',
        details: { field: 'name' },
      }),
    );
    const answer = await done;
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.code, 'conflict');
    assert.equal(!answer.ok && answer.error.details?.field, 'name');
    assert.equal(store.getState().lastAction, null);
  });

  test('without a client, an action answers unavailable instead of throwing', async () => {
    const store = createAppStore(null);
    const answer = await store.getState().perform('container.start', { container: 'web' }, ['container:c1']);
    assert.equal(!answer.ok && answer.error.code, 'unavailable');
    assert.deepEqual(store.getState().busy, {});
  });

  test('controls show only for a live host whose server allows control', () => {
    const store = createAppStore(null);
    store.setState({ connection: 'live', serverSource: { kind: 'live' }, control: { enabled: true } });
    assert.equal(controlsShown(store.getState()), true);
    store.setState({ control: { enabled: false, reason: 'read-only' } });
    assert.equal(controlsShown(store.getState()), false);
    store.setState({ control: { enabled: true }, serverSource: { kind: 'file', name: 'x.json' } });
    assert.equal(controlsShown(store.getState()), false);
    store.setState({ serverSource: { kind: 'live' }, connection: 'reconnecting' });
    assert.equal(controlsShown(store.getState()), false);
  });
});
