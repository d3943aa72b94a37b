import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadReadOnly, saveReadOnly, SETTINGS_FILE } from './read-only-setting.js';

const dir = mkdtempSync(join(tmpdir(), 'netloom-settings-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('off by default; saved and loaded; a broken file means off, with a log line', () => {
  const file = join(dir, 'sub', SETTINGS_FILE);
  assert.equal(loadReadOnly(file), false);
  saveReadOnly(file, true);
  assert.equal(loadReadOnly(file), true);
  saveReadOnly(file, false);
  assert.equal(loadReadOnly(file), false);
  const lines: string[] = [];
  writeFileSync(file, '{"readOnly": "yes"}');
  assert.equal(
    loadReadOnly(file, (l) => lines.push(l)),
    false,
  );
  writeFileSync(file, '{"readOnly": tr');
  assert.equal(
    loadReadOnly(file, (l) => lines.push(l)),
    false,
  );
  assert.equal(lines.length, 2);
});
