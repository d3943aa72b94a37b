import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ActionRecord } from '../protocol/commands.js';
import { ActionLog, serveStateDir } from './action-log.js';

const dir = mkdtempSync(join(tmpdir(), 'netloom-actions-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const action = (id: string, extra: Partial<ActionRecord> = {}): ActionRecord => ({
  id,
  time: new Date(0).toISOString(),
  method: 'network.connect',
  params: { network: 'n', container: 'c' },
  cli: ['docker network connect n c'],
  ok: true,
  inverse: { method: 'network.disconnect', params: { network: 'n', container: 'c' } },
  ...extra,
});

test('appended, read back after a restart with undo links; a torn last line is skipped and the next line starts afresh', async () => {
  const file = join(dir, 'state', 'actions.ndjson');
  const log = new ActionLog(file);
  await log.append(action('a1'));
  await log.append(action('a2', { method: 'network.disconnect', undoes: 'a1' }));
  assert.equal(log.get('a1')?.undoneBy, 'a2');
  const memory = new ActionLog(null);
  await memory.append(action('b1'));
  await memory.append(action('b2', { ok: false, undoes: 'b1' }));
  assert.equal(memory.get('b1')?.undoneBy, undefined, 'a failed undo takes nothing back');
  await log.close();
  const lines: string[] = [];
  const again = new ActionLog(file, (l) => lines.push(l));
  assert.deepEqual(again.list(), [
    action('a1', { undoneBy: 'a2' }),
    action('a2', { method: 'network.disconnect', undoes: 'a1' }),
  ]);
  await again.close();
  appendFileSync(file, '{"type":"action","action":{"id":"a3","ti');
  const torn = new ActionLog(file, (l) => lines.push(l));
  assert.equal(torn.list().length, 2);
  assert.match(lines[0] ?? '', /line 4 cannot be read/);
  await torn.append(action('a4'));
  await torn.close();
  assert.deepEqual(
    new ActionLog(file).list().map((a) => a.id),
    ['a1', 'a2', 'a4'],
  );
  assert.equal(
    readFileSync(file, 'utf8').split('\n').length,
    6,
    'append-only: 4 lines, the torn one, and the final newline',
  );
});

test('in memory when there is no file; the serve directory follows XDG_STATE_HOME', async () => {
  const log = new ActionLog(null);
  await log.append(action('m1'));
  assert.equal(log.list().length, 1);
  assert.equal(serveStateDir({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' }), '/x/state/netloom');
  assert.equal(serveStateDir({ HOME: '/home/u' }), '/home/u/.local/state/netloom');
  assert.equal(
    serveStateDir({ XDG_STATE_HOME: 'relative', HOME: '/home/u' }),
    '/home/u/.local/state/netloom',
    'a relative XDG path is ignored, as the spec says',
  );
});
