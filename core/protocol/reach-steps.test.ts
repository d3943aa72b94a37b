import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../util/repo-root.js';
import { STEP_TEXT, stepText } from './reach-steps.js';

const zh = (
  JSON.parse(readFileSync(join(repoRoot(), 'renderer/i18n/zh-CN.json'), 'utf8')) as {
    reach?: { step?: Record<string, string> };
  }
).reach?.step;

const vars = (s: string): string[] => [...new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string))].sort();

describe("the steps' words", () => {
  test('every Chinese step is a kind, with the same placeholders as its English, and is Chinese', () => {
    assert.ok(zh, 'renderer/i18n/zh-CN.json has reach.step');
    for (const [kind, text] of Object.entries(zh)) {
      const en = (STEP_TEXT as Record<string, string>)[kind];
      assert.ok(en !== undefined, `zh-CN reach.step.${kind} is no step kind`);
      assert.deepEqual(vars(text), vars(en), `placeholders of reach.step.${kind}`);
      assert.match(text, /[\u4e00-\u9fff]/, kind);
    }
    // And every kind has its Chinese: the UI words every hop in both languages.
    for (const kind of Object.keys(STEP_TEXT)) assert.ok(zh[kind], `zh-CN reach.step.${kind}`);
  });

  test('the English is filled in from the params, names and rules as they are', () => {
    assert.equal(
      stepText('egress', { dev: 'eth0', next: '192.0.2.1' }),
      'it leaves the host by eth0, to 192.0.2.1 on that link',
    );
  });
});
