import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TopologyIndex } from '../../core/common/topology-index.js';
import { syntheticHost } from '../../core/testkit/synthetic-host.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import type { GraphElement, GraphNode } from './element-data.js';
import { clusterDisplay, clusterId, headHiding, membership, PORTS_SHOWN, type ClusterWords } from './clusters.js';
import { drawnIds } from './element-data.js';
import { rackLayout } from './rack-layout.js';
import { ViewElements } from './view-elements.js';

const words: ClusterWords = {
  containers: (n) => `${n} containers`,
  ports: (n) => `${n} ports`,
  stopped: (n) => `${n} stopped`,
};

const host = syntheticHost({ containers: 200, networks: 10, publishEvery: 10, twoEvery: 9, stoppedEvery: 13 });
const index = new TopologyIndex(host);
const viewOf = (view: 'docker' | 'kernel'): ViewElements =>
  new ViewElements(new TopologyIndex(host), view, DEFAULT_FILTERS);
const nodes = (m: Map<string, GraphElement>): GraphNode[] =>
  [...m.values()].filter((e): e is GraphNode => e.group === 'nodes');

describe('the overview of a big host', () => {
  for (const view of ['docker', 'kernel'] as const)
    test(`${view} view: one cluster per group with its counts; nothing hidden stays drawn`, () => {
      const ve = viewOf(view);
      const { heads } = membership(ve.elements, view);
      assert.equal(heads.length, 10);
      const { shown, hiddenBy } = clusterDisplay(ve.elements, view, new Set(heads), index, words);
      const clusters = nodes(shown).filter((n) => n.data.kind === 'cluster');
      assert.equal(clusters.length, 10);
      // Every container is counted once, in the group of its first network.
      const counted = clusters.reduce((sum, c) => sum + Number(/^(\d+) containers/.exec(c.data.label)?.[1] ?? 0), 0);
      const running = host.nodes.filter((n) => n.kind === 'container' && (view === 'docker' || n.state === 'running'));
      assert.equal(counted, running.length);
      assert.ok(
        clusters.some((c) => /\d+ ports/.test(c.data.label)),
        'ports are counted',
      );
      assert.ok(
        clusters.some((c) => /\d+ stopped/.test(c.data.label)),
        'stopped containers are counted',
      );
      assert.equal(nodes(shown).filter((n) => n.data.kind === 'container').length, 0, 'no container is drawn');
      // A handful of ports stand beside each cluster, named for their container.
      const ports = nodes(shown).filter((n) => n.data.kind === 'port');
      assert.ok(ports.length > 0 && ports.length <= heads.length * PORTS_SHOWN);
      for (const p of ports) assert.match(p.data.label, / · c\d{3}$/);
      // Every edge ends at something drawn.
      for (const e of shown.values())
        if (e.group === 'edges') assert.ok(shown.has(e.data.source) && shown.has(e.data.target), e.data.id);
      // What is hidden is known, so search and the table can open its cluster.
      const someone = host.nodes.find((n) => n.kind === 'container' && n.state === 'running')!;
      assert.ok(heads.includes(headHiding(hiddenBy, drawnIds(someone.id)) ?? ''));
    });

  test('opening one cluster draws its containers and keeps the others closed', () => {
    const ve = viewOf('docker');
    const { heads } = membership(ve.elements, 'docker');
    const open = heads[3] as string;
    const { shown, hiddenBy } = clusterDisplay(
      ve.elements,
      'docker',
      new Set(heads.filter((h) => h !== open)),
      index,
      words,
    );
    assert.ok(!shown.has(clusterId(open)));
    const mine = index.endpointsOn(open).map((e) => e.source);
    assert.ok(mine.length > 10);
    for (const c of mine) {
      const first = index.endpointsOf(c)[0]?.target;
      if (first === open) assert.ok(shown.has(c), `${c} is drawn in its open network`);
    }
    assert.equal(headHiding(hiddenBy, drawnIds(open)), null);
  });

  test('the overview lays out as a few readable clusters, not a thicket', () => {
    for (const view of ['docker', 'kernel'] as const) {
      const ve = viewOf(view);
      const { heads } = membership(ve.elements, view);
      const { shown } = clusterDisplay(ve.elements, view, new Set(heads), index, words);
      const full = rackLayout([...ve.elements.values()], view).bounds!;
      const over = rackLayout([...shown.values()], view).bounds!;
      const area = (b: typeof full): number => (b.x2 - b.x1) * (b.y2 - b.y1);
      assert.ok(area(over) < area(full) / 8, `${view}: overview ${area(over)} vs full ${area(full)}`);
      assert.ok(shown.size < ve.elements.size / 10, `${view}: ${shown.size} drawn of ${ve.elements.size}`);
    }
  });

  test('nothing collapsed: the view is drawn as it is', () => {
    const ve = viewOf('kernel');
    assert.equal(clusterDisplay(ve.elements, 'kernel', new Set(), index, words).shown, ve.elements);
  });
});
