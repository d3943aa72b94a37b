import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TopologyIndex } from '../../core/common/topology-index.js';
import type { Topology, TopologyEdge, TopologyNode } from '../../core/model/types.js';
import { applyDelta } from '../../core/protocol/apply.js';
import type { DeltaMessage } from '../../core/protocol/messages.js';
import { sampleTopology } from '../../core/testkit/sample-topology.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import type { Filters, ViewName } from '../store/types.js';
import type { GraphElement } from './element-data.js';
import type { ElementDiff } from './patch.js';
import { scenarioTopology } from './scenario.test.js';
import { toGraphElements } from './to-elements.js';
import { ViewElements } from './view-elements.js';

/** A small seeded generator, so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** One plausible change to a node, of the kinds a live host produces. */
function mutateNode(n: TopologyNode, r: () => number, t: Topology): TopologyNode {
  const m = clone(n);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)] as T;
  switch (m.kind) {
    case 'container':
      if (r() < 0.4) m.state = m.state === 'running' ? 'exited' : 'running';
      else if (r() < 0.5) m.name = `${m.name}-x`;
      else m.netns = r() < 0.3 ? null : pick(t.nodes.filter((x) => x.kind === 'netns')).id;
      m.label = m.name;
      break;
    case 'interface': {
      const x = r();
      if (x < 0.3) m.up = !m.up;
      else if (x < 0.6) m.addresses = r() < 0.5 ? [] : ['10.99.0.7/24', ...m.addresses];
      else if (x < 0.8) m.name = `${m.name}x`;
      else m.master = r() < 0.5 ? null : (pick(t.nodes.filter((x) => x.kind === 'interface')).id ?? null);
      m.label = m.name;
      break;
    }
    case 'network':
      if (r() < 0.5) m.icc = !m.icc;
      else m.subnets = [{ subnet: '10.98.0.0/16', gateway: r() < 0.5 ? null : '10.98.0.1' }];
      break;
    case 'netns':
      m.routes = r() < 0.5 ? [] : m.routes.slice(0, 1);
      break;
    case 'port':
      m.rule = r() < 0.5 ? null : m.rule;
      break;
    default:
      m.label = `${m.label}'`;
  }
  return m;
}

function mutateEdge(e: TopologyEdge, r: () => number): TopologyEdge {
  const m = clone(e);
  if (m.kind === 'endpoint') {
    if (r() < 0.5) m.ipv4 = r() < 0.5 ? null : '10.97.0.3/24';
    else m.interface = null;
  }
  return m;
}

/**
 * A random delta: removes, updates and re-adds (from what an earlier step removed), with
 * dangling references allowed, since a live stream can carry a half-changed host for one
 * step (a container gone, its endpoints in the next delta).
 */
function randomDelta(
  t: Topology,
  removed: Map<string, TopologyNode | TopologyEdge>,
  r: () => number,
  seq: number,
): DeltaMessage {
  const d: DeltaMessage = {
    type: 'delta',
    seq,
    add: { nodes: [], edges: [] },
    update: { nodes: [], edges: [] },
    remove: { nodes: [], edges: [] },
    capturedAt: t.capturedAt,
  };
  const taken = new Set<string>();
  const some = <T extends { id: string }>(xs: T[], p: number): T[] =>
    xs.filter((x) => !taken.has(x.id) && r() < p).slice(0, 3);
  for (const n of some(t.nodes, 0.03)) {
    taken.add(n.id);
    d.remove.nodes.push(n.id);
    removed.set(n.id, n);
    // Usually the edges go with it; sometimes a later delta takes them.
    if (r() < 0.8)
      for (const e of t.edges)
        if ((e.source === n.id || e.target === n.id) && !taken.has(e.id)) {
          taken.add(e.id);
          d.remove.edges.push(e.id);
          removed.set(e.id, e);
        }
  }
  for (const e of some(t.edges, 0.02)) {
    taken.add(e.id);
    d.remove.edges.push(e.id);
    removed.set(e.id, e);
  }
  for (const n of some(t.nodes, 0.04)) {
    taken.add(n.id);
    d.update.nodes.push(mutateNode(n, r, t));
  }
  for (const e of some(t.edges, 0.03)) {
    taken.add(e.id);
    d.update.edges.push(mutateEdge(e, r));
  }
  for (const [id, x] of [...removed]) {
    if (taken.has(id) || r() > 0.3) continue;
    removed.delete(id);
    if ('source' in x) d.add.edges.push(x);
    else d.add.nodes.push(x);
  }
  return d;
}

/** What a canvas holds after applying diffs: elements by id, as data and classes. */
function applyToScreen(screen: Map<string, GraphElement>, diff: ElementDiff): void {
  for (const id of diff.remove) screen.delete(id);
  for (const el of diff.add) screen.set(String(el.data.id), clone(el) as GraphElement);
  for (const [id, change] of Object.entries(diff.update)) {
    const el = screen.get(id);
    assert.ok(el, `update of ${id}, which is not on screen`);
    for (const [k, v] of Object.entries(change.data)) {
      if (v === undefined) delete (el.data as unknown as Record<string, unknown>)[k];
      else (el.data as unknown as Record<string, unknown>)[k] = clone(v);
    }
    if (change.classes !== undefined) el.classes = change.classes;
  }
}

const asMap = (els: GraphElement[]): Map<string, GraphElement> => new Map(els.map((e) => [e.data.id, clone(e)]));

function checkAgainstFullRebuild(
  start: Topology,
  view: ViewName,
  filters: Filters,
  seed: number,
  steps: number,
): number {
  const r = rng(seed);
  let topology = start;
  const ve = new ViewElements(new TopologyIndex(clone(start)), view, filters);
  const screen = asMap(ve.list());
  const removed = new Map<string, TopologyNode | TopologyEdge>();
  let touched = 0;
  for (let step = 0; step < steps; step++) {
    const delta = randomDelta(topology, removed, r, step + 2);
    const next = applyDelta(topology, delta);
    const diff = ve.apply(clone(delta), next);
    touched += diff.add.length + diff.remove.length + Object.keys(diff.update).length;
    applyToScreen(screen, diff);
    const full = asMap(toGraphElements(next, view, filters));
    const where = `${view} view, seed ${seed}, step ${step}`;
    assert.deepEqual([...screen.keys()].sort(), [...full.keys()].sort(), `element ids, ${where}`);
    for (const [id, el] of full) assert.deepEqual(screen.get(id), el, `${id}, ${where}`);
    topology = next;
  }
  return touched;
}

describe('per-id element building agrees with a full rebuild', () => {
  const scenarios: [string, Topology][] = [
    ['captured scenario host', scenarioTopology()],
    ['sample topology', sampleTopology()],
  ];
  for (const [name, t] of scenarios)
    for (const view of ['kernel', 'docker'] as const)
      test(`${name}, ${view} view: 40 random deltas × 12 seeds`, () => {
        let touched = 0;
        for (let seed = 1; seed <= Number(process.env.NETLOOM_PROP_SEEDS ?? 12); seed++)
          touched += checkAgainstFullRebuild(t, view, DEFAULT_FILTERS, seed, 40);
        assert.ok(touched > 0, 'the deltas changed something on screen');
      });

  test('with a network filter on (the full path), the result is the same', () => {
    const t = scenarioTopology();
    const net = t.nodes.find((n) => n.kind === 'network' && n.label !== 'bridge');
    assert.ok(net);
    const filters: Filters = { ...DEFAULT_FILTERS, networks: [net.id] };
    for (const view of ['kernel', 'docker'] as const)
      for (let seed = 1; seed <= 4; seed++) checkAgainstFullRebuild(t, view, filters, seed, 15);
  });

  test('a container joining a network rebuilds a handful of units, not the view', () => {
    const t = scenarioTopology();
    const ve = new ViewElements(new TopologyIndex(clone(t)), 'kernel', DEFAULT_FILTERS);
    const endpoint = t.edges.find((e) => e.kind === 'endpoint');
    assert.ok(endpoint);
    const delta: DeltaMessage = {
      type: 'delta',
      seq: 2,
      add: { nodes: [], edges: [] },
      update: { nodes: [], edges: [{ ...endpoint, aliases: ['x'] }] },
      remove: { nodes: [], edges: [] },
      capturedAt: t.capturedAt,
    };
    ve.apply(delta, applyDelta(t, delta));
    assert.ok(ve.lastRebuilt > 0 && ve.lastRebuilt < 20, `rebuilt ${ve.lastRebuilt} units`);
  });
});
