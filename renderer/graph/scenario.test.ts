import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildTopology } from '../../core/model/build-topology.js';
import type { RawHost } from '../../core/model/raw-host.js';
import type { Topology } from '../../core/model/types.js';

/** The repo root: the first directory up from here holding package.json (src or dist). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the tests');
    dir = up;
  }
  return dir;
}

/** The captured scenario host (fixtures/host/scenario-raw.json) as a topology. */
export function scenarioTopology(): Topology {
  const raw = JSON.parse(readFileSync(join(repoRoot(), 'fixtures/host/scenario-raw.json'), 'utf8')) as RawHost;
  return buildTopology(raw);
}

/** The node of a given kind and label, failing the test when missing. */
export function nodeByLabel(t: Topology, kind: string, label: string): Topology['nodes'][number] {
  const n = t.nodes.find((x) => x.kind === kind && x.label === label);
  assert.ok(n, `${kind} ${label} in the scenario`);
  return n;
}

test('the scenario fixture builds into a topology with every kind the graph draws', () => {
  const t = scenarioTopology();
  const kinds = new Set(t.nodes.map((n) => n.kind));
  for (const k of ['netns', 'interface', 'container', 'network', 'port', 'nat-rule'])
    assert.ok(kinds.has(k as never), k);
  assert.equal(t.host.hostname, 'vm');
});
