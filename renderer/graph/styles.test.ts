import assert from 'node:assert/strict';
import { test } from 'node:test';
import cytoscape from 'cytoscape';
import type { ContainerNode } from '../../core/model/types.js';
import { LEGEND } from '../../assets/legend.js';
import { iconUri } from '../../assets/icons.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import { focusSet } from './focus.js';
import { scenarioTopology } from './scenario.test.js';
import { RESOURCES } from '../i18n/resources.js';
import { graphStyle } from './styles.js';
import { toElements } from './to-elements.js';

test('both stylesheets load into cytoscape without warnings', () => {
  const warnings: unknown[] = [];
  const warn = console.warn;
  const error = console.error;
  console.warn = (...args: unknown[]) => void warnings.push(args);
  console.error = (...args: unknown[]) => void warnings.push(args);
  try {
    for (const theme of ['light', 'dark'] as const) {
      const cy = cytoscape({
        headless: true,
        styleEnabled: true,
        elements: toElements(scenarioTopology(), 'kernel', DEFAULT_FILTERS),
        style: graphStyle(theme) as unknown as cytoscape.StylesheetStyle[],
      });
      cy.nodes().forEach((n) => void n.style('shape'));
      cy.destroy();
    }
  } finally {
    console.warn = warn;
    console.error = error;
  }
  assert.deepEqual(warnings, []);
});

test('every kind differs from the others in shape, line or colour (principle 1)', () => {
  for (const view of ['kernel', 'docker'] as const) {
    const keys = LEGEND.filter((l) => l.views.includes(view)).map(
      (l) => `${l.shape}|${l.box}|${l.line}|${l.colour}|${l.icon}`,
    );
    assert.equal(new Set(keys).size, keys.length, view);
  }
  assert.match(iconUri('globe', '#000000'), /^data:image\/svg\+xml;utf8,%3Csvg/);
});

test('hover focus keeps the veth peer and the path up to the bridge, not the other containers', () => {
  const t = scenarioTopology();
  const cy = cytoscape({ headless: true, styleEnabled: false, elements: toElements(t, 'kernel', DEFAULT_FILTERS) });
  const a = t.nodes.find((n) => n.kind === 'container' && n.label === 'nlc-a') as ContainerNode;
  const b = t.nodes.find((n) => n.kind === 'container' && n.label === 'nlc-b')!;
  const keep = focusSet(cy, cy.getElementById(a.netns!));
  const docker0 = t.nodes.find((n) => n.kind === 'interface' && n.label === 'docker0')!;
  assert.ok(keep.contains(cy.getElementById(docker0.id)), 'bridge on the path');
  assert.ok(keep.contains(cy.getElementById('outside')), 'path reaches the outside');
  assert.ok(!keep.contains(cy.getElementById(b.id)), 'other containers dim');
  cy.destroy();
});

/** cytoscape's parsed style value (its typings leave `pstyle` out). */
const pstyle = (n: cytoscape.NodeSingular, name: string): string[] =>
  (n as unknown as { pstyle(name: string): { value: string[] } }).pstyle(name).value;

test('the canvas words follow the language; a recent change adds the dot without losing the icon', () => {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements: toElements(scenarioTopology(), 'kernel', DEFAULT_FILTERS),
    style: graphStyle('light', RESOURCES['zh-CN'].graph) as unknown as cytoscape.StylesheetStyle[],
  });
  try {
    assert.equal(cy.getElementById('outside').style('label'), '外部网络');
    const badge = cy.nodes('[kind = "container"]').first();
    const before = String(badge.style('background-image'));
    assert.match(before, /lucide-container/);
    badge.addClass('recent');
    const images = pstyle(badge, 'background-image');
    assert.equal(images.length, 2);
    assert.match(images[0] ?? '', /lucide-container/, 'the icon stays first');
    assert.match(decodeURIComponent(images[1] ?? ''), /<circle/, 'the dot comes second');
    // A box without an icon of its own gets the dot over its transparent image.
    const box = cy.nodes('[kind = "netns"]').first().addClass('recent');
    assert.equal(pstyle(box, 'background-image').length, 2);
  } finally {
    cy.destroy();
  }
});

test('every node draws some background image, so cytoscape never restyles it on each frame', () => {
  // cytoscape 3.34's painter treats a node without one as "still loading" every other pass
  // (styles.ts NO_IMAGE): image-less boxes were restyled each frame and panning fell to 5 fps.
  for (const view of ['kernel', 'docker'] as const) {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      elements: toElements(scenarioTopology(), view, DEFAULT_FILTERS),
      style: graphStyle('light') as unknown as cytoscape.StylesheetStyle[],
    });
    const without = cy
      .nodes()
      .filter((n) => {
        const images = pstyle(n, 'background-image');
        return images.length === 0 || !images.every((u) => u.startsWith('data:image/svg+xml'));
      })
      .map((n) => n.id());
    cy.destroy();
    assert.deepEqual(without, [], `${view}: nodes with no background image`);
  }
});
