import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES } from './resources.js';

/** Every leaf as "a.b.c" → value, so two trees can be compared key by key. */
function leaves(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof tree !== 'object' || tree === null) return out.set(prefix, tree);
  for (const [k, v] of Object.entries(tree))
    for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  return out;
}

describe('i18n resources', () => {
  const en = leaves(RESOURCES.en);
  const zh = leaves(RESOURCES['zh-CN']);

  it('English and Simplified Chinese have exactly the same keys', () => {
    assert.deepEqual([...zh.keys()].sort(), [...en.keys()].sort());
  });

  it('no string is empty, and placeholders match', () => {
    for (const [key, value] of en) {
      assert.equal(typeof value, 'string', key);
      assert.ok((value as string).trim().length > 0, `en ${key} is empty`);
      const z = zh.get(key);
      assert.equal(typeof z, 'string', key);
      assert.ok((z as string).trim().length > 0, `zh-CN ${key} is empty`);
      const vars = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string).sort();
      assert.deepEqual(vars(z as string), vars(value as string), `placeholders differ in ${key}`);
    }
  });

  it('the Chinese texts are Chinese', () => {
    assert.match(RESOURCES['zh-CN'].toolbar.filters, /[\u4e00-\u9fff]/);
    assert.match(RESOURCES['zh-CN'].legend.masquerade, /地址伪装/);
  });
});
