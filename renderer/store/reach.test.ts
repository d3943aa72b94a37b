import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeStep } from '../../core/protocol/reach-steps.js';
import { stepParts } from '../app/logic/reach-words.js';
import { translator } from '../i18n/instance.js';
import { RequestError } from '../client/request-errors.js';
import { manualRequester } from '../client/testing/manual-requester.js';
import { createAppStore } from './app-store.js';
import type { Diagnosis } from './reach.js';

const rule = '-A DOCKER-ISOLATION-STAGE-2 -o br-0fed8abc9c56 -j DROP';
const diagnosis = (dst: string, n: number): Diagnosis => ({
  src: 'a1',
  dst,
  proto: 'icmp',
  port: null,
  by: 'ip',
  verdict: 'blocked',
  address: '10.0.2.2',
  deciding: rule,
  from: '10.0.1.2',
  steps: Array.from({ length: n }, (_, i) =>
    i === n - 1
      ? makeStep('decides', { chain: 'DOCKER-ISOLATION-STAGE-2', rule }, 'rule:x')
      : makeStep('route', { src: 'a1', address: '10.0.2.2', route: 'default via 10.0.1.1 dev eth0' }, `if:${i}`),
  ),
});
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('reach slice', () => {
  test('opening asks nothing until both ends are named; then reach.check, and the whole walk shows', async () => {
    const store = createAppStore(null);
    const { requester, asked } = manualRequester();
    store.setState({ requester, view: 'docker' });
    store.getState().openReach('a1');
    let s = store.getState();
    assert.equal(s.panel, 'reach');
    assert.equal(s.view, 'kernel', 'every hop is drawn in the kernel view');
    assert.equal(asked.length, 0);
    void s.askReach({ dst: 'b1' });
    assert.deepEqual(asked[0], {
      ...asked[0],
      method: 'reach.check',
      params: { src: 'a1', dst: 'b1', proto: 'icmp', by: 'ip' },
    });
    asked[0]?.answer(diagnosis('b1', 4));
    await flush();
    s = store.getState();
    assert.equal(s.reach?.diagnosis?.verdict, 'blocked');
    assert.equal(s.reach?.step, 3);
    s.setReachStep(9);
    assert.equal(store.getState().reach?.step, 3, 'clamped to the last hop');
    s.setReachStep(-2);
    assert.equal(store.getState().reach?.step, 0);
  });

  test('tcp without a port asks nothing; an answer to an older question is dropped', async () => {
    const store = createAppStore(null);
    const { requester, asked } = manualRequester();
    store.setState({ requester });
    store.getState().openReach('a1', 'b1', { proto: 'tcp', port: null });
    assert.equal(asked.length, 0);
    void store.getState().askReach({ port: 80 });
    void store.getState().askReach({ port: 81 });
    assert.equal(asked.length, 2);
    asked[1]?.answer({ ...diagnosis('b1', 2), proto: 'tcp', port: 81 });
    asked[0]?.answer({ ...diagnosis('b1', 5), proto: 'tcp', port: 80 });
    await flush();
    assert.equal(store.getState().reach?.diagnosis?.port, 81);
  });

  test('a re-check of the same question keeps the hop; an error is kept to show', async () => {
    const store = createAppStore(null);
    const { requester, asked } = manualRequester();
    store.setState({ requester });
    store.getState().openReach('a1', 'b1');
    asked[0]?.answer(diagnosis('b1', 4));
    await flush();
    store.getState().setReachStep(1);
    void store.getState().askReach({});
    asked[1]?.answer(diagnosis('b1', 4));
    await flush();
    assert.equal(store.getState().reach?.step, 1);
    void store.getState().askReach({ dst: 'nobody' });
    asked[2]?.fail(new RequestError('reach.check', { code: 'bad-request', message: 'no container "nobody"' }));
    await flush();
    assert.equal(store.getState().reach?.error?.message, 'no container "nobody"');
    assert.equal(store.getState().reach?.diagnosis, null);
  });

  test('the probe and the trace go by reach.probe and sit beside the walk', async () => {
    const store = createAppStore(null);
    const { requester, asked } = manualRequester();
    store.setState({ requester });
    store.getState().openReach('a1', 'b1');
    asked[0]?.answer(diagnosis('b1', 4));
    await flush();
    void store.getState().testReach(true);
    assert.equal(store.getState().reach?.testing, 'trace');
    assert.equal(asked[1]?.method, 'reach.probe');
    assert.deepEqual(asked[1]?.params, { src: 'a1', dst: 'b1', proto: 'icmp', by: 'ip', trace: true });
    const tested = {
      probe: { verdict: 'reachable', command: 'ping', output: '', ms: 3 },
      agrees: false,
      predictedRule: rule,
    };
    asked[1]?.answer({ diagnosis: diagnosis('b1', 4), tested });
    await flush();
    assert.equal(store.getState().reach?.testing, null);
    assert.equal(store.getState().reach?.tested?.agrees, false);
  });

  test('the matrix asks with or without a port', async () => {
    const store = createAppStore(null);
    const { requester, asked } = manualRequester();
    store.setState({ requester });
    void store.getState().openMatrix(8080);
    assert.deepEqual(asked[0]?.params, { port: 8080 });
    asked[0]?.answer({ pairs: [], names: [] });
    await flush();
    assert.deepEqual(store.getState().matrix?.result, { pairs: [], names: [] });
    void store.getState().openMatrix(null);
    assert.deepEqual(asked[1]?.params, {});
  });
});

describe('a step in words', () => {
  test('the rule text stands apart as code, where each language puts it', () => {
    const step = makeStep('decides', { chain: 'DOCKER-ISOLATION-STAGE-2', rule }, 'rule:x');
    for (const lang of ['en', 'zh-CN'] as const) {
      const parts = stepParts(translator(lang), step);
      assert.deepEqual(
        parts.filter((p) => 'code' in p),
        [{ code: rule }],
        lang,
      );
    }
    const zh = stepParts(
      translator('zh-CN'),
      makeStep('route', { src: 'a1', address: '10.0.2.2', route: 'default dev eth0' }, null),
    );
    assert.deepEqual(zh, [{ text: 'a1 按路由 default dev eth0 发往 10.0.2.2' }]);
    // English is the CLI's own words.
    const en = stepParts(
      translator('en'),
      makeStep('route', { src: 'a1', address: '10.0.2.2', route: 'default dev eth0' }, null),
    );
    assert.deepEqual(en, [
      { text: makeStep('route', { src: 'a1', address: '10.0.2.2', route: 'default dev eth0' }, null).text },
    ]);
  });
});
