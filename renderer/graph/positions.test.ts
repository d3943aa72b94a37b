import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  loadPositions,
  mergePositions,
  parsePositions,
  positionsKey,
  savePositions,
  serializePositions,
} from './positions.js';

test('positions round-trip, rounded and sorted by id', () => {
  const text = serializePositions({ b: { x: 1.4, y: 2.6 }, a: { x: -3, y: 0 } });
  assert.equal(text, '{"a":{"x":-3,"y":0},"b":{"x":1,"y":3}}');
  assert.deepEqual(parsePositions(text), { a: { x: -3, y: 0 }, b: { x: 1, y: 3 } });
});

test('malformed saved positions are dropped, not fatal', () => {
  assert.deepEqual(parsePositions('not json'), {});
  assert.deepEqual(parsePositions('[1,2]'), {});
  assert.deepEqual(parsePositions('{"a":{"x":1},"b":{"x":1,"y":2},"c":null}'), { b: { x: 1, y: 2 } });
  assert.deepEqual(parsePositions(null), {});
});

test('saved per host and view; a throwing storage costs nothing', () => {
  const map = new Map<string, string>();
  const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  savePositions(storage, 'vm', 'kernel', mergePositions({ a: { x: 1, y: 1 } }, { b: { x: 2, y: 2 } }));
  assert.deepEqual(loadPositions(storage, 'vm', 'kernel'), { a: { x: 1, y: 1 }, b: { x: 2, y: 2 } });
  assert.deepEqual(loadPositions(storage, 'vm', 'docker'), {});
  assert.notEqual(positionsKey('vm', 'kernel'), positionsKey('other', 'kernel'));
  const broken = {
    getItem: () => {
      throw new Error('denied');
    },
    setItem: () => {
      throw new Error('full');
    },
  };
  assert.deepEqual(loadPositions(broken, 'vm', 'kernel'), {});
  savePositions(broken, 'vm', 'kernel', {});
});
