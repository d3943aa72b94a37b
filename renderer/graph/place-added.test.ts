import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import cytoscape, { type Core, type NodeSingular } from 'cytoscape';
import { placeAdded } from './place-added.js';
import type { RackLayout } from './rack-layout.js';

/** A canvas with sized nodes (headless cytoscape measures boxes from the style). */
function canvas(): Core {
  return cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 'data(w)', height: 'data(h)', shape: 'rectangle' } }],
  });
}

const box = (n: NodeSingular) => n.boundingBox({ includeLabels: true });
const overlap = (a: NodeSingular, b: NodeSingular): boolean => {
  const p = box(a);
  const q = box(b);
  return p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2;
};
const rack = (positions: RackLayout['positions']): RackLayout => ({ positions, data: {} }) as unknown as RackLayout;

describe('placeAdded', () => {
  test('a newcomer whose rack place a wide box covers slides right along the row, clear of it', () => {
    const cy = canvas();
    // An old network box, 200 wide, with no dot near the newcomer's rack place.
    cy.add({ data: { id: 'net-a', kind: 'network', w: 200, h: 60 }, position: { x: 100, y: 100 } });
    const added = cy.add({ data: { id: 'net-b', kind: 'network', w: 120, h: 60 }, position: { x: 0, y: 0 } });
    placeAdded(cy, rack({ 'net-b': { x: 150, y: 100 } }), added);
    const b = cy.getElementById('net-b');
    assert.equal(overlap(b, cy.getElementById('net-a')), false, JSON.stringify(box(b)));
    assert.equal(b.position().y, 100, 'on its row');
    assert.ok(b.position().x > 200, 'to the right of what was there');
    assert.deepEqual(cy.getElementById('net-a').position(), { x: 100, y: 100 }, 'nothing else moved');
    cy.destroy();
  });

  test('a free rack place is taken as it is; an endpoint may join its own box', () => {
    const cy = canvas();
    cy.add({ data: { id: 'net-a', kind: 'network', w: 200, h: 60 }, position: { x: 100, y: 100 } });
    cy.add({ data: { id: 'ep-1', parent: 'net-a', kind: 'endpoint', w: 20, h: 20 }, position: { x: 60, y: 100 } });
    const added = cy.add([
      { data: { id: 'net-c', kind: 'network', w: 120, h: 60 }, position: { x: 0, y: 0 } },
      { data: { id: 'ep-2', parent: 'net-a', kind: 'endpoint', w: 20, h: 20 }, position: { x: 0, y: 0 } },
    ]);
    placeAdded(cy, rack({ 'net-c': { x: 500, y: 100 }, 'ep-2': { x: 140, y: 100 } }), added);
    assert.deepEqual(cy.getElementById('net-c').position(), { x: 500, y: 100 });
    assert.deepEqual(cy.getElementById('ep-2').position(), { x: 140, y: 100 }, 'inside its network box');
    cy.destroy();
  });

  test('a newcomer cabled to what is drawn keeps the rack’s offset from it, not the rack’s absolute place', () => {
    const cy = canvas();
    // The network box was placed by an earlier delta far from where a fresh rack puts it.
    cy.add({ data: { id: 'net', kind: 'network', w: 160, h: 60 }, position: { x: 900, y: 100 } });
    const added = cy.add([
      { data: { id: 'ctr', kind: 'container', w: 30, h: 30 }, position: { x: 0, y: 0 } },
      { data: { id: 'ep', kind: 'endpoint', w: 20, h: 20 }, position: { x: 0, y: 0 } },
      { data: { id: 'c-ep', source: 'ctr', target: 'ep' } },
      { data: { id: 'ep-net', source: 'ep', target: 'net' } },
    ]);
    placeAdded(cy, rack({ net: { x: 100, y: 100 }, ep: { x: 100, y: 180 }, ctr: { x: 100, y: 280 } }), added);
    assert.deepEqual(cy.getElementById('ep').position(), { x: 900, y: 180 }, 'beside its network as in the rack');
    assert.deepEqual(cy.getElementById('ctr').position(), { x: 900, y: 280 }, 'under its endpoint');
    cy.destroy();
  });

  test('a newcomer with no cable keeps the rack’s offset from its nearest drawn neighbour', () => {
    const cy = canvas();
    cy.add({ data: { id: 'a', kind: 'container', w: 30, h: 30 }, position: { x: 700, y: 300 } });
    cy.add({ data: { id: 'far', kind: 'container', w: 30, h: 30 }, position: { x: 0, y: 0 } });
    const added = cy.add({ data: { id: 'b', kind: 'container', w: 30, h: 30 }, position: { x: 0, y: 0 } });
    placeAdded(cy, rack({ a: { x: 100, y: 300 }, far: { x: 2000, y: 2000 }, b: { x: 180, y: 300 } }), added);
    assert.deepEqual(cy.getElementById('b').position(), { x: 780, y: 300 });
    cy.destroy();
  });
});
