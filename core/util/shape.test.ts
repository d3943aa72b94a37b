import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { array, check, either, int, map, nullish, number, object, optional, record, string } from './shape.js';

describe('shape checks', () => {
  const Thing = object({
    id: string,
    n: optional(int),
    tags: nullish(array(string)),
    labels: map(nullish(record(string)), (v) => v ?? {}),
    scope: optional(map(either(string, number), String)),
  });

  test('keeps the declared keys, drops the others, applies maps', () => {
    const r = check(Thing, { id: 'a', n: 2, tags: null, extra: { big: true }, scope: 253 });
    assert.deepEqual(r, { ok: true, value: { id: 'a', n: 2, tags: null, labels: {}, scope: '253' } });
    assert.deepEqual(check(Thing, { id: 'b', labels: { k: 'v' } }), {
      ok: true,
      value: { id: 'b', labels: { k: 'v' } },
    });
  });

  test('the first misfit, with where it is', () => {
    assert.deepEqual(check(array(Thing), [{ id: 'a' }, { id: 1 }]), {
      ok: false,
      where: '1.id',
      detail: 'expected string, received number',
    });
    assert.deepEqual(check(Thing, { id: 'a', labels: { k: 3 } }), {
      ok: false,
      where: 'labels.k',
      detail: 'expected string, received number',
    });
    assert.deepEqual(check(Thing, { id: 'a', n: 1.5 }), {
      ok: false,
      where: 'n',
      detail: 'expected integer, received number',
    });
    assert.deepEqual(check(Thing, []), { ok: false, where: '', detail: 'expected object, received array' });
    assert.equal(check(Thing, { id: 'a', scope: true }).ok, false);
  });
});
