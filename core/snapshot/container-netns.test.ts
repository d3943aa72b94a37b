import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { mapContainerNetns, netnsOfPid, type PidNetns } from './container-netns.js';

describe('container namespaces by pid', () => {
  test('a process is in a namespace; a pid that no longer exists is gone', async () => {
    assert.equal(await netnsOfPid(process.pid), (await stat('/proc/self/ns/net')).ino);
    assert.equal(await netnsOfPid(2 ** 22 + 12345), 'gone');
  });

  test('a container whose process exited meanwhile is left out, not taken for a missing privilege', async () => {
    const looks: Record<number, PidNetns> = { 10: 4026532001, 11: 'gone', 12: 'denied' };
    const containers = [
      { id: 'a', pid: 10 },
      { id: 'b', pid: 11 },
      { id: 'c', pid: 12 },
      { id: 'd', pid: 0 },
    ];
    const r = await mapContainerNetns(containers, async (pid) => looks[pid] ?? 'gone');
    assert.deepEqual(r.containerNetns, { a: 4026532001, c: null });
    assert.deepEqual(
      r.mapped.map((c) => c.id),
      ['a'],
    );
    assert.deepEqual(
      r.denied.map((c) => c.id),
      ['c'],
    );
  });
});
