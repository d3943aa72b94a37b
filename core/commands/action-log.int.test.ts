import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { ActionRecord } from '../protocol/commands.js';
import { IDLE, inspectOrNull, LABELS, startControlServe, type ControlServe } from '../testkit/control-serve.js';
import { cleanupTestResources, TEST_IMAGE } from '../testkit/test-host.js';

/**
 * The action log and undo through a real `netloom serve`: every reversible action taken
 * back (checked with docker inspect), the log surviving a restart, a SIGKILL and a torn line.
 */

const P = 'nlc-log-';
let s: ControlServe;

interface NetInspect {
  IPAM: { Config: { Subnet?: string }[] };
  Labels: Record<string, string>;
}
interface CtrInspect {
  State: { Running: boolean };
  NetworkSettings: { Networks: Record<string, { IPAddress: string; Aliases: string[] | null }> };
}

before(async () => {
  await cleanupTestResources(P);
  s = await startControlServe();
});
after(async () => {
  await s?.stop();
  await cleanupTestResources(P);
});

async function ok<M extends Parameters<ControlServe['client']['request']>[0]>(method: M, params?: unknown) {
  const a = await s.client.request(method, params);
  assert.ok(a.ok, `${method}: ${JSON.stringify(a.error)}`);
  return a.result as NonNullable<typeof a.result>;
}
const actionIdOf = (r: unknown): string => (r as { actionId: string }).actionId;
const undo = (id: string) => ok('action.undo', { id });
const log = async (): Promise<ActionRecord[]> => (await ok('action.log')).actions;
const net = (name: string) => inspectOrNull<NetInspect>('network', name);
const ctr = (name: string) => inspectOrNull<CtrInspect>('container', name);

test(
  'every reversible action is taken back by its inverse, and each undo is logged against what it undid',
  { timeout: 120_000 },
  async () => {
    // network.create ↔ network.remove, with the same configuration.
    const created = await ok('network.create', {
      name: `${P}n1`,
      driver: 'bridge',
      subnet: '10.213.31.0/24',
      labels: { ...LABELS, k: 'v' },
    });
    const u1 = await undo(actionIdOf(created));
    assert.equal(u1.method, 'network.remove');
    assert.equal(await net(`${P}n1`), null);
    await ok('network.create', {
      name: `${P}n1`,
      driver: 'bridge',
      subnet: '10.213.31.0/24',
      labels: { ...LABELS, k: 'v' },
    });
    const removed = await ok('network.remove', { network: `${P}n1` });
    assert.equal(await net(`${P}n1`), null);
    assert.equal((await undo(actionIdOf(removed))).method, 'network.create');
    const back = await net(`${P}n1`);
    assert.equal(back?.IPAM.Config[0]?.Subnet, '10.213.31.0/24');
    assert.equal(back?.Labels.k, 'v');

    // container.run → container.remove.
    const run = await ok('container.run', {
      image: TEST_IMAGE,
      name: `${P}c1`,
      dns: ['127.0.0.1'],
      labels: LABELS,
      command: IDLE,
    });
    // network.connect ↔ network.disconnect, with the same aliases and address.
    const connect = await ok('network.connect', {
      network: `${P}n1`,
      container: `${P}c1`,
      aliases: ['api'],
      ipv4: '10.213.31.9',
    });
    const disconnect = await ok('network.disconnect', { network: `${P}n1`, container: `${P}c1` });
    assert.equal((await ctr(`${P}c1`))?.NetworkSettings.Networks[`${P}n1`], undefined);
    assert.equal((await undo(actionIdOf(disconnect))).method, 'network.connect');
    const ep = (await ctr(`${P}c1`))?.NetworkSettings.Networks[`${P}n1`];
    assert.equal(ep?.IPAddress, '10.213.31.9');
    assert.ok(ep?.Aliases?.includes('api'));
    assert.equal((await undo(actionIdOf(connect))).method, 'network.disconnect');
    assert.equal((await ctr(`${P}c1`))?.NetworkSettings.Networks[`${P}n1`], undefined);

    // container.stop ↔ container.start.
    const stop = await ok('container.stop', { container: `${P}c1` });
    assert.equal((await ctr(`${P}c1`))?.State.Running, false);
    await undo(actionIdOf(stop));
    assert.equal((await ctr(`${P}c1`))?.State.Running, true);
    await ok('container.stop', { container: `${P}c1`, force: true });
    const start = await ok('container.start', { container: `${P}c1` });
    await undo(actionIdOf(start));
    assert.equal((await ctr(`${P}c1`))?.State.Running, false);

    // Not reversible, or already taken back: refused, nothing changes.
    const restart = await ok('container.restart', { container: `${P}c1`, force: true });
    const refused = await s.client.request('action.undo', { id: actionIdOf(restart) });
    assert.equal(refused.error?.code, 'conflict');
    const twice = await s.client.request('action.undo', { id: actionIdOf(stop) });
    assert.equal(twice.error?.code, 'conflict');
    assert.match(twice.error?.message ?? '', /already taken back/);
    const unknown = await s.client.request('action.undo', { id: 'no-such-action' });
    assert.equal(unknown.error?.code, 'bad-request');

    await undo(actionIdOf(run));
    assert.equal(await ctr(`${P}c1`), null);

    const actions = await log();
    const byId = new Map(actions.map((a) => [a.id, a]));
    const first = byId.get(actionIdOf(created));
    assert.equal(first?.method, 'network.create');
    assert.deepEqual(first?.cli, [
      `docker network create --driver bridge --subnet 10.213.31.0/24 --label netloom.test=1 --label k=v ${P}n1`,
    ]);
    assert.deepEqual(first?.inverse, { method: 'network.remove', params: { network: `${P}n1` } });
    const undoneBy = byId.get(first?.undoneBy ?? '');
    assert.equal(undoneBy?.undoes, first?.id);
    assert.equal(undoneBy?.method, 'network.remove');
    assert.deepEqual(byId.get(actionIdOf(disconnect))?.inverse, {
      method: 'network.connect',
      params: { network: `${P}n1`, container: `${P}c1`, aliases: ['api'], ipv4: '10.213.31.9' },
    });
    assert.equal(byId.get(actionIdOf(restart))?.inverse, null);
    assert.equal(byId.get(actionIdOf(run))?.inverse?.method, 'container.remove');
    assert.ok(
      actions.every((a) => a.method !== 'action.preview'),
      'previews are not actions',
    );
    assert.ok(
      actions.every((a, i) => i === 0 || (actions[i - 1]?.time ?? '') <= a.time),
      'oldest first',
    );
  },
);

test('the log survives a restart, a SIGKILL and a line torn by a crash', { timeout: 120_000 }, async () => {
  const before = await log();
  assert.ok(before.length > 5);
  await s.stop('SIGTERM');
  s = await startControlServe({ stateHome: s.stateHome });
  assert.deepEqual(await log(), before, 'the same log, undo links and all, after a clean restart');

  const made = await ok('network.create', { name: `${P}n2`, driver: 'bridge', labels: LABELS });
  await s.stop('SIGKILL');
  s = await startControlServe({ stateHome: s.stateHome });
  const afterKill = await log();
  assert.equal(afterKill.length, before.length + 1);
  assert.equal(afterKill.at(-1)?.id, actionIdOf(made), 'written before the answer went out');

  await s.stop('SIGKILL');
  appendFileSync(s.logFile, '{"type":"action","action":{"id":"torn","ti');
  s = await startControlServe({ stateHome: s.stateHome });
  assert.deepEqual(await log(), afterKill, 'the torn line is skipped');
  assert.ok(
    s.logs.some((l) => /cannot be read/.test(l)),
    s.logs.join('\n'),
  );
  const later = await ok('network.remove', { network: `${P}n2` });
  await s.stop('SIGTERM');
  s = await startControlServe({ stateHome: s.stateHome });
  const final = await log();
  assert.equal(final.at(-1)?.id, actionIdOf(later), 'the next action went on a line of its own');
  const lines = readFileSync(s.logFile, 'utf8').split('\n').filter(Boolean);
  assert.equal(
    lines.filter((l) => l.startsWith('{"type":"action"')).length,
    final.length + 1,
    'append-only: the torn line is still there',
  );
});
