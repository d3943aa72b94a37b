import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import type { DockerConnection } from '../docker/client.js';
import { followDockerEvents, type DockerEvent } from './docker-events.js';

/** The engine's event stream as it arrives over a socket: lines cut anywhere, junk among them. */

const line = (action: string, id: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    Type: 'container',
    Action: action,
    Actor: { ID: id, Attributes: { name: 'nls-x' } },
    time: 1,
    timeNano: 1_700_000_000_000_000_000,
    ...extra,
  }) + '\n';

async function follow() {
  const stream = new PassThrough();
  const conn = { streamApi: { getEvents: async () => stream } } as unknown as DockerConnection;
  const events: DockerEvent[] = [];
  const ends: string[] = [];
  const handle = await followDockerEvents(
    conn,
    (e) => events.push(e),
    (r) => ends.push(r),
  );
  const tick = () => new Promise((r) => setImmediate(r));
  return { stream, events, ends, handle, tick };
}

describe('followDockerEvents', () => {
  test('a JSON line split across chunks is one event', async () => {
    const f = await follow();
    const text = line('start', 'a'.repeat(64));
    for (const piece of [text.slice(0, 7), text.slice(7, 40), text.slice(40, -1), text.slice(-1)]) {
      f.stream.write(piece);
      await f.tick();
    }
    assert.equal(f.events.length, 1);
    assert.deepEqual(f.events[0], {
      type: 'container',
      action: 'start',
      id: 'a'.repeat(64),
      container: null,
      timeNano: 1_700_000_000_000_000_000,
    });
  });

  test('several lines in one chunk are each an event, in order', async () => {
    const f = await follow();
    f.stream.write(line('create', 'a'.repeat(64)) + line('start', 'a'.repeat(64)) + line('die', 'b'.repeat(64)));
    await f.tick();
    assert.deepEqual(
      f.events.map((e) => [e.action, e.id[0]]),
      [
        ['create', 'a'],
        ['start', 'a'],
        ['die', 'b'],
      ],
    );
  });

  test('a garbage line is skipped and the stream goes on', async () => {
    const f = await follow();
    f.stream.write('{"Type":"container","Act\n' + 'not json at all\n' + '\n' + '[1,2]\n');
    f.stream.write(line('destroy', 'c'.repeat(64)));
    await f.tick();
    assert.deepEqual(
      f.events.map((e) => e.action),
      ['destroy'],
    );
    assert.deepEqual(f.ends, []);
  });

  test('a multi-byte character cut between chunks survives', async () => {
    const f = await follow();
    const text = Buffer.from(
      line('rename', 'd'.repeat(64), { Actor: { ID: 'd'.repeat(64), Attributes: { name: 'nls-é' } } }),
    );
    const cut = text.indexOf(Buffer.from('é')) + 1;
    f.stream.write(text.subarray(0, cut));
    await f.tick();
    f.stream.write(text.subarray(cut));
    await f.tick();
    assert.equal(f.events.length, 1);
    assert.equal(f.events[0]?.action, 'rename');
  });

  test('network connect names its container; actions that change nothing are dropped', async () => {
    const f = await follow();
    f.stream.write(
      JSON.stringify({
        Type: 'network',
        Action: 'connect',
        Actor: { ID: 'n'.repeat(64), Attributes: { container: 'a'.repeat(64) } },
        timeNano: 5,
      }) +
        '\n' +
        line('exec_start: sh', 'a'.repeat(64)) +
        line('exec_die', 'a'.repeat(64)),
    );
    await f.tick();
    assert.deepEqual(f.events, [
      { type: 'network', action: 'connect', id: 'n'.repeat(64), container: 'a'.repeat(64), timeNano: 5 },
    ]);
  });

  test('the stream ending is reported once; closing it is not reported', async () => {
    const f = await follow();
    f.stream.write(line('start', 'a'.repeat(64)).slice(0, 20));
    f.stream.end();
    await f.tick();
    await f.tick();
    assert.deepEqual(f.ends, ['the engine closed its event stream']);
    assert.equal(f.events.length, 0, 'a torn last line is not an event');
    const g = await follow();
    g.handle.close();
    await g.tick();
    assert.deepEqual(g.ends, []);
  });
});
