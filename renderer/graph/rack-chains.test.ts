import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildTopology } from '../../core/model/build-topology.js';
import type { RawHost } from '../../core/model/raw-host.js';
import { repoRoot } from '../../core/util/repo-root.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import type { GraphNode } from './element-data.js';
import { chainOrder } from './rack-chains.js';
import { rackPositions } from './rack-layout.js';
import { toGraphElements } from './to-elements.js';

describe('namespaces joined straight by veths, laid out along their chain', () => {
  test('each chain from an end, the earliest first; then rings and lone ones, in the given order', () => {
    const edges: Record<string, string[]> = { p: ['r'], q: ['r'], r: ['p', 'q'], x: [], y: ['z'], z: ['y'] };
    assert.deepEqual(
      chainOrder(['p', 'q', 'r', 'x', 'y', 'z'], (n) => edges[n] ?? []),
      ['p', 'r', 'q', 'y', 'z', 'x'],
    );
    const ring: Record<string, string[]> = { a: ['b', 'c'], b: ['a', 'c'], c: ['a', 'b'] };
    assert.deepEqual(
      chainOrder(['c', 'a', 'b'], (n) => ring[n] ?? []),
      ['c', 'a', 'b'],
    );
  });

  test('the captured router exercise: p, r, q side by side in that order, r’s cables facing their ends', () => {
    // fixtures/host/reach-raw.json: nle-fx-p ↔ nle-fx-r ↔ nle-fx-q, and nle-fx-s off r.
    const raw = JSON.parse(readFileSync(join(repoRoot(), 'fixtures/host/reach-raw.json'), 'utf8')) as RawHost;
    const els = toGraphElements(buildTopology(raw), 'kernel', DEFAULT_FILTERS);
    const pos = rackPositions(els, 'kernel');
    const node = (label: string): GraphNode => {
      const n = els.find((e): e is GraphNode => e.group === 'nodes' && e.data.label.split('\n')[0] === label);
      assert.ok(n, label);
      return n;
    };
    const x = (label: string): number => pos[node(label).data.id]?.x as number;
    assert.ok(x('nle-fx-vp') < x('nle-fx-vrp'), 'p left of r');
    assert.ok(x('nle-fx-vrp') < x('nle-fx-vrq'), 'in r, the end toward p first');
    assert.ok(x('nle-fx-vrq') < x('nle-fx-vq'), 'q right of r');
    // Nothing of another box between p and q: the cables pass over nothing.
    const row = pos[node('nle-fx-vp').data.id]?.y as number;
    const chain = new Set(['nle-fx-p', 'nle-fx-r', 'nle-fx-q'].map((l) => node(l).data.id));
    for (const e of els) {
      if (e.group !== 'nodes' || e.data.kind !== 'interface' || chain.has(e.data.parent ?? '')) continue;
      const at = pos[e.data.id];
      if (!at || Math.abs(at.y - row) > 40) continue;
      assert.ok(!(at.x > x('nle-fx-vp') && at.x < x('nle-fx-vq')), `${e.data.label} sits between p and q`);
    }
  });
});
