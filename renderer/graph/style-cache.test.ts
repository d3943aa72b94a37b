import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import cytoscape, { type Core } from 'cytoscape';
import { dirtyStyleCacheFast } from './style-cache.js';

type Priv = { _private: { styleCache: unknown } };

function graph(): Core {
  return cytoscape({
    headless: true,
    elements: [
      { data: { id: 'host' } },
      { data: { id: 'ns', parent: 'host' } },
      { data: { id: 'eth0', parent: 'ns' } },
      { data: { id: 'badge', parent: 'ns' } },
      { data: { id: 'br', parent: 'host' } },
      { data: { id: 'box' } },
      { data: { id: 'veth', parent: 'box' } },
      { data: { id: 'lone' } },
      { data: { id: 'cable', source: 'eth0', target: 'veth' } },
      { data: { id: 'port', source: 'br', target: 'eth0' } },
      { data: { id: 'up', source: 'lone', target: 'box' } },
    ],
  });
}

/** Which elements lose their style cache when `dirty` runs on `id`. */
function cleared(cy: Core, id: string, dirty: (this: unknown) => unknown): string[] {
  cy.elements().forEach((e) => {
    (e as unknown as Priv)._private.styleCache = { marker: true };
  });
  dirty.call(cy.getElementById(id));
  return cy
    .elements()
    .filter((e) => (e as unknown as Priv)._private.styleCache === null)
    .map((e) => e.id())
    .sort();
}

describe('dirtyStyleCacheFast', () => {
  const cy = graph();
  const original = (Object.getPrototypeOf(cy.collection()) as { dirtyStyleCache: (this: unknown) => unknown })
    .dirtyStyleCache;

  test('clears exactly what cytoscape clears, for boxes, children, plain nodes and edges', () => {
    for (const id of ['host', 'ns', 'eth0', 'badge', 'br', 'box', 'veth', 'lone', 'cable', 'port', 'up']) {
      const want = cleared(cy, id, original);
      assert.deepEqual(cleared(cy, id, dirtyStyleCacheFast as (this: unknown) => unknown), want, id);
      assert.ok(want.includes(id), `${id} clears itself`);
    }
    // The walk reaches grandchildren and their cables, and ancestors.
    assert.deepEqual(cleared(cy, 'host', dirtyStyleCacheFast as (this: unknown) => unknown), [
      'badge',
      'br',
      'cable',
      'eth0',
      'host',
      'ns',
      'port',
    ]);
  });

  test('without compound nodes it clears the elements and their edges only', () => {
    const flat = cytoscape({
      headless: true,
      elements: [
        { data: { id: 'a' } },
        { data: { id: 'b' } },
        { data: { id: 'c' } },
        { data: { id: 'ab', source: 'a', target: 'b' } },
      ],
    });
    for (const id of ['a', 'b', 'c', 'ab'])
      assert.deepEqual(
        cleared(flat, id, dirtyStyleCacheFast as (this: unknown) => unknown),
        cleared(flat, id, original),
        id,
      );
  });
});
