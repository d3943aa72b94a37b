import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixture, fixtureJson } from '../testkit/fixtures.js';
import { sampleTopology } from '../testkit/sample-topology.js';
import { buildTopology } from './build-topology.js';
import type { RawHost } from './raw-host.js';
import {
  checkDocumentSize,
  describeProblem,
  formatIssuePath,
  MAX_DOCUMENT_BYTES,
  parseTopologyDocument,
  type DocumentProblem,
  type DocumentResult,
} from './topology-document.js';
import type { Topology } from './types.js';

/** fixtures/snapshot/small-host.json: `netloom snapshot --json` of a real host, trimmed (see its README). */
const text = fixture('snapshot/small-host.json');
const doc = (): Topology => JSON.parse(text) as Topology;

function problemOf(r: DocumentResult): DocumentProblem {
  assert.equal(r.ok, false, 'the document was accepted');
  return (r as { problem: DocumentProblem }).problem;
}

describe('topology documents', () => {
  test('the snapshot --json shape opens as is, compact or pretty', () => {
    for (const body of [JSON.stringify(doc()), JSON.stringify(doc(), null, 2) + '\n', text]) {
      const r = parseTopologyDocument(body);
      assert.ok(r.ok, r.ok ? '' : describeProblem(r.problem));
      assert.equal(r.topology.host.hostname, doc().host.hostname);
      assert.deepEqual(
        r.topology.nodes.map((n) => n.id),
        doc().nodes.map((n) => n.id),
      );
      assert.equal(r.topology.edges.length, doc().edges.length);
    }
  });

  test('every document the model builder writes opens: the scenario of every network mode, the sample host', () => {
    const scenario = buildTopology(fixtureJson<RawHost>('host/scenario-raw.json'));
    for (const t of [scenario, sampleTopology()]) {
      const r = parseTopologyDocument(JSON.stringify(t));
      assert.ok(r.ok, r.ok ? '' : describeProblem(r.problem));
      assert.deepEqual(r.topology, t);
    }
  });

  test('a field the UI reads but the protocol schema leaves open is required of a file', () => {
    const t = doc();
    const i = t.edges.findIndex((e) => e.kind === 'endpoint');
    delete (t.edges[i] as { dnsNames?: unknown }).dnsNames;
    assert.deepEqual(problemOf(parseTopologyDocument(JSON.stringify(t))), {
      kind: 'invalid',
      path: `edges[${i}].dnsNames (${t.edges[i]?.id})`,
      message: 'Invalid input: expected array, received undefined',
    });
    const { firewall: _firewall, ...noFirewall } = doc();
    assert.equal((problemOf(parseTopologyDocument(JSON.stringify(noFirewall))) as { path: string }).path, 'firewall');
    const n = doc();
    const net = n.nodes.findIndex((x) => x.kind === 'network');
    (n.nodes[net] as { labels: unknown }).labels = ['not', 'a', 'map'];
    assert.match(
      (problemOf(parseTopologyDocument(JSON.stringify(n))) as { path: string }).path,
      new RegExp(`^nodes\\[${net}\\]\\.labels `),
    );
  });

  test('an export of a filtered view opens though it names elements it left out', () => {
    // What Export → JSON saves with namespaces hidden: interfaces whose parent is not in the file.
    const t = doc();
    const exported = { ...t, nodes: t.nodes.filter((n) => n.kind !== 'netns') };
    assert.ok(exported.nodes.some((n) => n.parent?.startsWith('netns:')));
    const r = parseTopologyDocument(JSON.stringify(exported, null, 2));
    assert.ok(r.ok);
    assert.equal(r.topology.nodes.length, exported.nodes.length);
  });

  test('a byte-order mark from an editor is tolerated', () => {
    assert.ok(parseTopologyDocument(`\uFEFF${text}`).ok);
  });

  test('empty files and files that are not JSON are refused as such', () => {
    assert.deepEqual(problemOf(parseTopologyDocument('')), { kind: 'empty' });
    assert.deepEqual(problemOf(parseTopologyDocument(' \n ')), { kind: 'empty' });
    for (const body of ['{"schema":', 'not json at all', '{"type":"snapshot"}\n{"type":"delta"}\n']) {
      const p = problemOf(parseTopologyDocument(body));
      assert.equal(p.kind, 'not-json', body);
      assert.match(describeProblem(p), /^not JSON \(.+\)$/);
    }
  });

  test('JSON that is not a Netloom topology is refused as such', () => {
    for (const body of ['[]', '42', 'null', '"netloom"', '{"name":"package"}', '{"schema":"other/v1","nodes":[]}']) {
      assert.deepEqual(problemOf(parseTopologyDocument(body)), { kind: 'not-topology' }, body);
    }
    assert.match(describeProblem({ kind: 'not-topology' }), /netloom\.topology\/v1/);
  });

  test('another schema version is named', () => {
    const p = problemOf(parseTopologyDocument(JSON.stringify({ ...doc(), schema: 'netloom.topology/v2' })));
    assert.deepEqual(p, { kind: 'schema-version', found: 'netloom.topology/v2' });
    assert.match(describeProblem(p), /"netloom\.topology\/v2" is not supported/);
  });

  test('a broken element is named by its path in the file and its id', () => {
    const t = doc();
    const i = t.nodes.findIndex((n) => n.kind === 'interface' && n.addresses.length > 0);
    const iface = t.nodes[i] as Extract<Topology['nodes'][number], { kind: 'interface' }>;
    iface.addresses[0] = 'not-an-address';
    const p = problemOf(parseTopologyDocument(JSON.stringify(t)));
    assert.deepEqual(p, { kind: 'invalid', path: `nodes[${i}].addresses[0] (${iface.id})`, message: 'a CIDR' });
    assert.equal(describeProblem(p), `nodes[${i}].addresses[0] (${iface.id}): a CIDR`);
  });

  test('a missing part of the document and an unknown kind are named', () => {
    const { host: _host, ...noHost } = doc();
    assert.equal((problemOf(parseTopologyDocument(JSON.stringify(noHost))) as { path: string }).path, 'host');
    const t = doc();
    (t.edges[0] as { kind: string }).kind = 'wormhole';
    const p = problemOf(parseTopologyDocument(JSON.stringify(t))) as { kind: string; path: string };
    assert.equal(p.kind, 'invalid');
    assert.equal(p.path, `edges[0].kind (${t.edges[0]?.id})`);
    const bad = { ...doc(), capturedAt: 'yesterday' };
    assert.equal((problemOf(parseTopologyDocument(JSON.stringify(bad))) as { path: string }).path, 'capturedAt');
  });

  test('two elements with one id are refused: the graph keys everything by id', () => {
    const t = doc();
    t.nodes.push({ ...(t.nodes[1] as Topology['nodes'][number]) });
    assert.deepEqual(problemOf(parseTopologyDocument(JSON.stringify(t))), {
      kind: 'duplicate-id',
      id: t.nodes[1]?.id,
    });
  });

  test('files over the limit are refused before parsing, with both sizes in words', () => {
    assert.equal(MAX_DOCUMENT_BYTES, 50 * 1024 * 1024);
    assert.equal(checkDocumentSize(MAX_DOCUMENT_BYTES), null);
    const p = checkDocumentSize(MAX_DOCUMENT_BYTES + 1);
    assert.deepEqual(p, { kind: 'too-large', bytes: MAX_DOCUMENT_BYTES + 1, limit: MAX_DOCUMENT_BYTES });
    assert.match(describeProblem(p as DocumentProblem), /50\.0 MB, more than the 50\.0 MB/);
    assert.equal(problemOf(parseTopologyDocument(text, 100)).kind, 'too-large');
  });

  test('issue paths read like the file', () => {
    assert.equal(formatIssuePath([]), '(document)');
    assert.equal(formatIssuePath(['host', 'engine', 'version']), 'host.engine.version');
    assert.equal(formatIssuePath(['nodes', 3, 'routes', 0, 'dst']), 'nodes[3].routes[0].dst');
  });
});
