import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Language } from '../store/types.js';
import { i18n, translator } from './instance.js';
import { LANGUAGES, RESOURCES } from './resources.js';

/** Every leaf as "a.b.c" → value, so two trees can be compared key by key. */
function leaves(tree: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof tree !== 'object' || tree === null) return out.set(prefix, tree);
  for (const [k, v] of Object.entries(tree))
    for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x);
  return out;
}

const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;

/** Leaves grouped by key without its plural suffix: "a.b_one", "a.b_other" → "a.b" → {one, other}. */
function byBase(tree: unknown): Map<string, Map<string, unknown>> {
  const out = new Map<string, Map<string, unknown>>();
  for (const [key, value] of leaves(tree)) {
    const m = PLURAL.exec(key);
    const [base, form] = m ? [m[1] as string, m[2] as string] : [key, ''];
    out.set(base, (out.get(base) ?? new Map<string, unknown>()).set(form, value));
  }
  return out;
}

/** The plural forms a language's rules pick from, as i18next looks them up (Intl.PluralRules). */
const pluralForms = (language: Language): string[] =>
  [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();

/** The placeholders a text uses, each once (a translation may repeat one); `count` may be left out of a form. */
const vars = (s: string): string[] =>
  [...new Set([...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string))].filter((v) => v !== 'count').sort();

// Separators are whitespace or nothing on purpose: Chinese runs sentences together.
const SEPARATOR = /(^|\.)separator(\.\w+)?$/;

describe('i18n resources', () => {
  const trees = new Map(LANGUAGES.map((l) => [l, byBase(RESOURCES[l])]));
  const en = trees.get('en') as Map<string, Map<string, unknown>>;

  it('every language has the same keys as English, plural forms aside', () => {
    for (const [language, tree] of trees) assert.deepEqual([...tree.keys()].sort(), [...en.keys()].sort(), language);
  });

  it('a plural key has exactly the forms each language uses: English one and other, Chinese other', () => {
    assert.deepEqual(pluralForms('en'), ['one', 'other']);
    assert.deepEqual(pluralForms('zh-CN'), ['other']);
    const plural = [...en].filter(([, forms]) => !forms.has(''));
    assert.ok(plural.length > 5, 'plural keys are found');
    for (const [base, forms] of en) {
      const isPlural = !forms.has('');
      for (const [language, tree] of trees) {
        const got = [...(tree.get(base)?.keys() ?? [])].sort();
        assert.deepEqual(got, isPlural ? pluralForms(language) : [''], `${language} ${base}`);
      }
    }
  });

  it('no string is empty, and placeholders match in every form', () => {
    for (const [base, forms] of en) {
      const reference = forms.get('') ?? forms.get('other');
      assert.equal(typeof reference, 'string', base);
      for (const [language, tree] of trees) {
        for (const [form, value] of tree.get(base) ?? []) {
          const key = `${language} ${base}${form && `_${form}`}`;
          assert.equal(typeof value, 'string', key);
          if (!SEPARATOR.test(base)) assert.ok((value as string).trim().length > 0, `${key} is empty`);
          assert.deepEqual(vars(value as string), vars(reference as string), `placeholders of ${key}`);
        }
      }
    }
  });

  it('the Chinese texts are Chinese', () => {
    assert.match(RESOURCES['zh-CN'].toolbar.filters, /[\u4e00-\u9fff]/);
    assert.match(RESOURCES['zh-CN'].legend.masquerade, /地址伪装/);
    assert.match(RESOURCES['zh-CN'].explain.network.masquerade, /地址伪装/);
  });
});

describe('the i18next instance', () => {
  it('is ready as soon as it is imported, in both languages', () => {
    assert.ok(i18n.isInitialized);
    assert.equal(translator('en')('explain.facts.kind'), 'Kind');
    assert.equal(translator('zh-CN')('explain.facts.kind'), '类型');
  });

  it('picks the plural form by count, as each language counts', () => {
    const en = translator('en');
    const zh = translator('zh-CN');
    assert.equal(en('announce.port', { count: 1 }), '1 published port');
    assert.equal(en('announce.port', { count: 3 }), '3 published ports');
    assert.equal(en('announce.port', { count: 0 }), '0 published ports');
    assert.equal(zh('announce.port', { count: 1 }).trim(), '1 个发布的端口');
    assert.equal(zh('announce.port', { count: 3 }).trim(), '3 个发布的端口');
    assert.equal(en('explain.network.endpoints', { count: 1 }), '1 container is connected to it.');
    assert.equal(en('explain.network.endpoints', { count: 2 }), '2 containers are connected to it.');
    assert.equal(zh('explain.network.endpoints', { count: 1 }), '有 1 个容器连接在这个网络上。');
  });

  it('leaves values as they are: no HTML escaping, no interpolation inside a value', () => {
    const hostile = `<b>&</b> {{name}} $t(explain.yes)`;
    assert.equal(translator('en')('explain.titles.container', { name: hostile }), `Container ${hostile}`);
  });

  it('keys are typed', () => {
    const t = translator('en');
    // Must not compile: if keys ever fell back to plain strings, this directive would be unused and the build would fail.
    // @ts-expect-error a misspelt key
    assert.equal(t('explain.facts.knd'), 'explain.facts.knd');
  });
});

describe('control words', () => {
  it('every rule and warning code the server can send has words in every language', async () => {
    const { HOST_RULES, REQUEST_RULES, WARNING_CODES } = await import('../../core/protocol/rule-codes.js');
    for (const language of LANGUAGES) {
      const control = RESOURCES[language].control as {
        rules: Record<string, string>;
        warnings: Record<string, string>;
      };
      for (const rule of [...HOST_RULES, ...REQUEST_RULES])
        assert.ok(control.rules[rule], `${language}: control.rules.${rule}`);
      for (const code of WARNING_CODES) assert.ok(control.warnings[code], `${language}: control.warnings.${code}`);
    }
  });
});
