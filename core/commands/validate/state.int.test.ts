import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ValidationHost } from '../../testkit/validate-host.js';
import { cleanupTestResources, createNetwork, docker, runContainer } from '../../testkit/test-host.js';

/** Container and network state on the real engine (prefix nlv-v-t-). */
const P = 'nlv-v-t-';
const host = new ValidationHost(P);
const c = (name: string) => `${P}${name}`;
const state = async (name: string) => (await docker('inspect', '-f', '{{.State.Status}}', c(name))).trim();

before(async () => {
  await cleanupTestResources(P);
  await createNetwork(c('busy'));
  await createNetwork(c('idle'));
  await createNetwork(c('empty'));
  await runContainer(c('o'), ['--network', c('busy')]);
  await runContainer(c('k'), ['--network', `container:${c('o')}`]);
  await runContainer(c('o2'), []);
  await runContainer(c('k2'), ['--network', `container:${c('o2')}`]);
  await runContainer(c('p'), []);
  await runContainer(c('s'), ['--network', c('idle')]);
  await docker('stop', '-t', '0', c('k2'), c('o2'), c('s'));
  await docker('pause', c('p'));
});
after(async () => {
  await docker('unpause', c('p')).catch(() => '');
  host.close();
  await cleanupTestResources(P);
});

describe('start, stop, restart', () => {
  test('start of a running container is a no-op warning; of a stopped one, fine', async () => {
    assert.equal(await state('o'), 'running');
    assert.deepEqual(await host.allowed('container.start', { container: c('o') }), ['already-running']);
    assert.deepEqual(await host.allowed('container.start', { container: c('s') }), []);
  });
  test('start of a paused container is refused', async () => {
    assert.equal(await state('p'), 'paused');
    await host.refused(
      'container.start',
      { container: c('p') },
      { code: 'conflict', field: 'container', rule: 'container-paused' },
    );
  });
  test('a container:X container cannot start or restart while X is stopped', async () => {
    assert.equal(await state('o2'), 'exited');
    for (const method of ['container.start', 'container.restart'] as const)
      await host.refused(
        method,
        { container: c('k2') },
        { code: 'conflict', field: 'container', rule: 'owner-not-running' },
      );
  });
  test('stop of a stopped container is a no-op warning', async () => {
    assert.deepEqual(await host.allowed('container.stop', { container: c('s') }), ['already-stopped']);
  });
  test('stopping, restarting or removing a container others share: a warning naming them', async () => {
    const w = await host.validate('container.stop', { container: c('o') });
    assert.deepEqual(
      w.map((x) => x.code),
      ['shared-netns-dependants'],
    );
    assert.match(w[0]?.message ?? '', new RegExp(c('k')));
    assert.deepEqual(await host.allowed('container.restart', { container: c('o') }), ['shared-netns-dependants']);
    assert.deepEqual(await host.allowed('container.remove', { container: c('o'), force: true }), [
      'shared-netns-dependants',
    ]);
  });
});

describe('container.remove', () => {
  test('a running or paused container needs force', async () => {
    for (const name of ['k', 'p'])
      await host.refused(
        'container.remove',
        { container: c(name) },
        { code: 'conflict', field: 'force', rule: 'container-running' },
      );
    assert.deepEqual(await host.allowed('container.remove', { container: c('k'), force: true }), []);
    assert.deepEqual(await host.allowed('container.remove', { container: c('s') }), []);
  });
});

describe('network.remove', () => {
  test('with containers attached: a conflict listing them, as docker network inspect shows', async () => {
    const attached = JSON.parse(await docker('network', 'inspect', '-f', '{{json .Containers}}', c('busy'))) as Record<
      string,
      { Name: string }
    >;
    assert.deepEqual(
      Object.values(attached).map((e) => e.Name),
      [c('o')],
    );
    const r = await host.refused(
      'network.remove',
      { network: c('busy') },
      {
        code: 'conflict',
        field: 'network',
        rule: 'active-endpoints',
      },
    );
    assert.deepEqual(r.details.containers, [c('o')]);
  });
  test('only stopped containers name it: a warning that they will not start', async () => {
    assert.deepEqual(await host.allowed('network.remove', { network: c('idle') }), ['stopped-containers-reference']);
    assert.deepEqual(await host.allowed('network.remove', { network: c('empty') }), []);
  });
});
