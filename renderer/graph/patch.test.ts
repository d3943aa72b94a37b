import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import cytoscape, { type ElementDefinition } from 'cytoscape';
import { applyDelta } from '../../core/protocol/apply.js';
import type { DeltaMessage } from '../../core/protocol/messages.js';
import type { InterfaceNode } from '../../core/model/types.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import { applyElementDiff, diffElements, isEmptyDiff } from './patch.js';
import { nodeByLabel, scenarioTopology } from './scenario.test.js';
import { toElements } from './to-elements.js';

const n = (id: string, extra: Record<string, unknown> = {}, classes = ''): ElementDefinition => ({
  group: 'nodes',
  data: { id, label: id, ...extra },
  classes,
});
const e = (id: string, source: string, target: string): ElementDefinition => ({
  group: 'edges',
  data: { id, source, target },
});

describe('diffElements', () => {
  test('lists added, removed and changed fields by id', () => {
    const prev = [n('a'), n('b', { x: 1 }), n('c'), e('ab', 'a', 'b')];
    const next = [n('a'), n('b', { x: 2 }, 'hot'), n('d'), e('ab', 'a', 'b'), e('ad', 'a', 'd')];
    const diff = diffElements(prev, next);
    assert.deepEqual(
      diff.add.map((x) => x.data.id),
      ['d', 'ad'],
    );
    assert.deepEqual(diff.remove, ['c']);
    assert.deepEqual(diff.update, { b: { data: { x: 2 }, classes: 'hot' } });
    assert.ok(isEmptyDiff(diffElements(next, next)));
  });

  test('arrays compare by value; a vanished field is reported as undefined', () => {
    const diff = diffElements([n('a', { list: [1, 2], gone: 1 })], [n('a', { list: [1, 2] })]);
    assert.deepEqual(diff.update, { a: { data: { gone: undefined } } });
  });
});

describe('applyElementDiff on headless cytoscape', () => {
  test('patches by id: untouched elements are the same objects at the same place', () => {
    const cy = cytoscape({ headless: true, styleEnabled: false });
    const prev = [n('box'), n('a', { parent: 'box' }), n('b'), n('c'), e('ab', 'a', 'b')];
    cy.add(prev);
    cy.getElementById('b').position({ x: 100, y: 50 });
    cy.getElementById('c').position({ x: -40, y: 7 });
    const bBefore = cy.getElementById('b');
    const next = [
      n('box'),
      n('a', { parent: 'box' }),
      n('b', { label: 'B!' }),
      n('d', { parent: 'box' }),
      n('other'),
      e('ab', 'a', 'b'),
      e('bd', 'b', 'd'),
    ];
    const added = applyElementDiff(cy, diffElements(prev, next));
    assert.deepEqual(added.map((x) => x.id()).sort(), ['bd', 'd', 'other']);
    assert.equal(cy.getElementById('b'), bBefore);
    assert.equal(cy.getElementById('b').data('label'), 'B!');
    assert.deepEqual(cy.getElementById('b').position(), { x: 100, y: 50 });
    assert.ok(cy.getElementById('c').empty());
    assert.equal(cy.getElementById('d').parent().first().id(), 'box');
  });

  test('moves a node between parents and an edge between ends without re-adding them', () => {
    const cy = cytoscape({ headless: true, styleEnabled: false });
    const prev = [n('p1'), n('p2'), n('x', { parent: 'p1' }), n('y'), n('z'), e('xy', 'x', 'y')];
    cy.add(prev);
    const next = [n('p1'), n('p2'), n('x', { parent: 'p2' }), n('y'), n('z'), e('xy', 'x', 'z')];
    const diff = diffElements(prev, next);
    assert.equal(diff.add.length, 0);
    applyElementDiff(cy, diff);
    assert.equal(cy.getElementById('x').parent().first().id(), 'p2');
    assert.equal(cy.getElementById('xy').target().id(), 'z');
  });

  test('a class change from the model keeps the highlights the graph set for a while', () => {
    const cy = cytoscape({ headless: true, styleEnabled: false });
    const before = { ...n('a'), classes: 'state-running' };
    cy.add([before]);
    cy.getElementById('a').addClass('recent zoom-detail');
    applyElementDiff(cy, diffElements([before], [{ ...n('a'), classes: 'state-exited stopped' }]));
    const a = cy.getElementById('a');
    assert.deepEqual([...a.classes()].sort(), ['recent', 'state-exited', 'stopped', 'zoom-detail']);
  });

  test('new nodes start beside their placed neighbour; deferred removal can be revived', () => {
    const cy = cytoscape({ headless: true, styleEnabled: false });
    cy.add([n('a')]);
    cy.getElementById('a').position({ x: 500, y: 500 });
    applyElementDiff(cy, diffElements([n('a')], [n('a'), n('b'), e('ab', 'a', 'b')]));
    const b = cy.getElementById('b').position();
    assert.ok(Math.abs(b.x - 500) < 100 && Math.abs(b.y - 500) < 100, JSON.stringify(b));

    let later: cytoscape.Collection = cy.collection();
    const els = [n('a'), n('b'), e('ab', 'a', 'b')];
    applyElementDiff(cy, diffElements(els, [n('a')]), { removeLater: (gone) => (later = gone.addClass('removed')) });
    assert.ok(cy.getElementById('b').nonempty(), 'kept while fading');
    assert.deepEqual(later.map((x) => x.id()).sort(), ['ab', 'b']);
    applyElementDiff(cy, diffElements([n('a')], els));
    assert.equal(cy.getElementById('b').hasClass('removed'), false);
    assert.equal(cy.elements().length, 3);
  });

  test('a real delta on the scenario patches only what it touched and keeps positions', () => {
    const t = scenarioTopology();
    const prev = toElements(t, 'kernel', DEFAULT_FILTERS);
    const cy = cytoscape({ headless: true, styleEnabled: false, elements: prev });
    cy.nodes().forEach((node, i) => {
      if (!node.isParent()) node.position({ x: i * 10, y: i * 3 });
    });
    const before = new Map(cy.nodes().map((x) => [x.id(), { ...x.position() }]));
    const objects = new Map(cy.elements().map((x) => [x.id(), x]));
    const eth0 = nodeByLabel(t, 'interface', 'eth0') as InterfaceNode;
    const docker0 = nodeByLabel(t, 'interface', 'docker0') as InterfaceNode;
    const ns = t.nodes.find((x) => x.kind === 'netns' && !x.host && x.label === 'nlc-b')!;
    const newIf: InterfaceNode = {
      ...docker0,
      id: `if:${ns.id.slice(6)}:99`,
      parent: ns.id,
      name: 'eth9',
      label: 'eth9',
      type: 'veth',
      master: null,
      addresses: ['172.17.0.99/16'],
    };
    const delta: DeltaMessage = {
      type: 'delta',
      seq: 2,
      add: { nodes: [newIf], edges: [] },
      update: { nodes: [{ ...eth0, up: false, operstate: 'DOWN' }], edges: [] },
      remove: { nodes: [], edges: [] },
      capturedAt: t.capturedAt,
    };
    const next = toElements(applyDelta(t, delta), 'kernel', DEFAULT_FILTERS);
    const diff = diffElements(prev, next);
    assert.deepEqual(
      diff.add.map((x) => x.data.id),
      [newIf.id],
    );
    assert.deepEqual(Object.keys(diff.update).sort(), [eth0.id, `uplink:${eth0.id}`].sort());
    applyElementDiff(cy, diff);
    assert.equal(cy.getElementById(eth0.id).data('state'), 'down');
    assert.ok(cy.getElementById(eth0.id).hasClass('down'));
    for (const [id, p] of before) {
      if (cy.getElementById(id).isParent()) continue;
      assert.deepEqual(cy.getElementById(id).position(), p, id);
      assert.equal(cy.getElementById(id), objects.get(id), `${id} not re-added`);
    }
    assert.equal(cy.getElementById(newIf.id).parent().first().id(), ns.id);
  });
});
