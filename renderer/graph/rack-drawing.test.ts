import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Topology } from '../../core/model/types.js';
import { syntheticHost } from '../../core/testkit/synthetic-host.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import type { ViewName } from '../store/types.js';
import type { GraphEdge, GraphElement } from './element-data.js';
import { drawRack, type Bounds } from './rack-bounds.js';
import { fitZoom } from './rack-common.js';
import { rackGraph } from './rack-graph.js';
import { rackLayout } from './rack-layout.js';
import { scenarioTopology } from './scenario.test.js';
import { estimateWidth } from './text-measure.js';
import { toGraphElements } from './to-elements.js';

/**
 * The rack's promises checked on its own drawing (label widths by DejaVu Sans, the font
 * the test machine draws with): no label on another, no cable through a box that holds
 * neither of its ends, at every size from the captured dozen to a mid-size host whose
 * bridges wrap into rows. The e2e test measures the same on the real canvas.
 */

type Pt = { x: number; y: number };

function crosses(p: Pt, q: Pt, r: Bounds): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const clip = (den: number, num: number): boolean => {
    if (den === 0) return num <= 0;
    const t = num / den;
    if (den < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return clip(-dx, p.x - r.x2) && clip(dx, r.x1 - p.x) && clip(-dy, p.y - r.y2) && clip(dy, r.y1 - p.y) && t0 < t1;
}

function check(els: GraphElement[], view: ViewName, where: string): { zoom: number } {
  const rack = rackLayout(els, view);
  const g = rackGraph(els);
  const drawing = drawRack(g, rack.positions, rack.data, estimateWidth);
  const overlaps: string[] = [];
  const { labels } = drawing;
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i]!.rect;
      const b = labels[j]!.rect;
      const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
      const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      if (w > 1 && h > 1) overlaps.push(`${labels[i]!.id} × ${labels[j]!.id}`);
    }
  assert.deepEqual(overlaps.slice(0, 5), [], `${where}: labels overlap`);

  const crossings: string[] = [];
  const ancestors = (id: string): Set<string> => {
    const out = new Set<string>();
    for (let p = g.nodes.get(id)?.data.parent; p !== undefined; p = g.nodes.get(p)?.data.parent) out.add(p);
    return out;
  };
  for (const e of els.filter((x): x is GraphEdge => x.group === 'edges')) {
    const a = rack.positions[e.data.source];
    const b = rack.positions[e.data.target];
    if (!a || !b) continue;
    const bends = (rack.data[e.data.id]?.bends as Pt[] | undefined) ?? [];
    const pts = [a, ...bends, b];
    const holders = new Set([e.data.source, e.data.target, ...ancestors(e.data.source), ...ancestors(e.data.target)]);
    for (const [id, box] of drawing.boxes) {
      if (holders.has(id)) continue;
      const inner = { x1: box.x1 + 2, y1: box.y1 + 2, x2: box.x2 - 2, y2: box.y2 - 2 };
      for (let i = 0; i + 1 < pts.length; i++)
        if (crosses(pts[i]!, pts[i + 1]!, inner)) {
          crossings.push(`${e.data.id} through ${id}`);
          break;
        }
    }
  }
  assert.deepEqual(crossings.slice(0, 5), [], `${where}: cables cross boxes`);
  const b = drawing.bounds!;
  return { zoom: fitZoom(b.x2 - b.x1, b.y2 - b.y1) };
}

describe('the rack draws without overlaps or crossings', () => {
  const hosts: [string, Topology][] = [
    ['the captured dozen', scenarioTopology()],
    [
      '24 containers on 4 networks',
      syntheticHost({ containers: 24, networks: 4, publishEvery: 5, twoEvery: 7, stoppedEvery: 11 }),
    ],
    ['40 containers on 2 networks', syntheticHost({ containers: 40, networks: 2, publishEvery: 6, twoEvery: 9 })],
  ];
  for (const [name, t] of hosts)
    for (const view of ['kernel', 'docker'] as const)
      test(`${name}, ${view} view`, () => {
        const { zoom } = check(toGraphElements(t, view, DEFAULT_FILTERS), view, `${name}, ${view}`);
        assert.ok(zoom > 0.1, `fits at ${zoom}`);
      });

  test('the captured dozen fits a laptop screen at a zoom where names read at 11 px or more', () => {
    for (const view of ['kernel', 'docker'] as const) {
      const { zoom } = check(toGraphElements(scenarioTopology(), view, DEFAULT_FILTERS), view, view);
      assert.ok(zoom * 14 >= 11.5, `${view}: names at ${(zoom * 14).toFixed(1)} px`);
    }
  });
});
