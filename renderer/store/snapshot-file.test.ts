import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Topology } from '../../core/model/types.js';
import type { StreamSource } from '../../core/protocol/messages.js';
import { sampleTopology } from '../../core/testkit/sample-topology.js';
import { fixture } from '../../core/testkit/fixtures.js';
import { delta } from '../client/testing/messages.js';
import type { StateListener, TopologyListener } from '../client/topology-client.js';
import { visibleTopology } from '../graph/export.js';
import { toGraphElements } from '../graph/to-elements.js';
import { translator as translatorFor } from '../i18n/instance.js';
import { capturedTime, problemText, readSnapshotFile, type FileLike } from '../app/logic/snapshot-file-read.js';
import { attachClientTo, createAppStore } from './app-store.js';
import { DEFAULT_FILTERS } from './filters.js';
import { pictureKey, shownSnapshot, type FileProblem } from './snapshot-file.js';
import type { ViewName } from './types.js';

/** `netloom snapshot --json` of a real host, trimmed (fixtures/snapshot/README.md). */
const SNAPSHOT = fixture('snapshot/small-host.json');
const snapshotDoc = (): Topology => JSON.parse(SNAPSHOT) as Topology;

const file = (name: string, body: string): FileLike => ({
  name,
  size: new TextEncoder().encode(body).length,
  text: async () => body,
});

/** What Export → JSON writes for a view: exportJson without the canvas (modelIds of the drawn elements). */
function exported(t: Topology, view: ViewName): string {
  const drawn = toGraphElements(t, view, DEFAULT_FILTERS).map((el) => el.data.modelId ?? el.data.id);
  return JSON.stringify(visibleTopology(t, drawn), null, 2);
}

const drawnIds = (t: Topology, view: ViewName): string[] =>
  toGraphElements(t, view, DEFAULT_FILTERS).map((el) => el.data.id);

function fakeClient(serverSource: StreamSource | null = { kind: 'live' }) {
  let topo: TopologyListener = () => {};
  let state: StateListener = () => {};
  return {
    seq: 1 as number | null,
    serverSource,
    onTopology: (l: TopologyListener) => ((topo = l), () => (topo = () => {})),
    onState: (l: StateListener) => ((state = l), () => (state = () => {})),
    emit: (t: Topology, change: Parameters<TopologyListener>[1]) => topo(t, change),
    emitState: (s: Parameters<StateListener>[0]) => state(s, null),
  };
}

/** The app's own i18next instance, keys typed. */
const translator = async (language: 'en' | 'zh-CN') => translatorFor(language);

describe('reading a snapshot file', () => {
  test('the snapshot --json shape opens', async () => {
    const r = await readSnapshotFile(file('host.json', SNAPSHOT));
    assert.ok(r.ok);
    assert.equal(r.topology.host.hostname, snapshotDoc().host.hostname);
    assert.equal(r.topology.nodes.length, snapshotDoc().nodes.length);
  });

  test('an Export → JSON file opens and draws what was on screen, in both views', async () => {
    for (const view of ['docker', 'kernel'] as const) {
      const body = exported(snapshotDoc(), view);
      const r = await readSnapshotFile(file(`export-${view}.json`, body));
      assert.ok(r.ok, view);
      assert.deepEqual(drawnIds(r.topology, view), drawnIds(snapshotDoc(), view), `the ${view} view is the same`);
    }
  });

  test('a file over the size limit is refused without being read', async () => {
    const huge: FileLike = {
      name: 'huge.json',
      size: 60 * 1024 * 1024,
      text: () => Promise.reject(new Error('must not be read')),
    };
    const r = await readSnapshotFile(huge);
    assert.deepEqual(r, {
      ok: false,
      problem: { kind: 'too-large', bytes: 60 * 1024 * 1024, limit: 50 * 1024 * 1024 },
    });
  });

  test('a file the browser cannot read, and every kind of bad document, say why', async () => {
    const unreadable: FileLike = {
      name: 'x.json',
      size: 10,
      text: () => Promise.reject(new Error('NotReadableError')),
    };
    assert.deepEqual(await readSnapshotFile(unreadable), {
      ok: false,
      problem: { kind: 'unreadable', detail: 'NotReadableError' },
    });
    const broken = snapshotDoc();
    (broken.edges[2] as { source: unknown }).source = 42;
    const cases: [string, FileProblem['kind']][] = [
      ['', 'empty'],
      ['<svg xmlns="http://www.w3.org/2000/svg"/>', 'not-json'],
      ['{"nodes":[],"edges":[]}', 'not-topology'],
      [JSON.stringify({ ...snapshotDoc(), schema: 'netloom.topology/v0' }), 'schema-version'],
      [JSON.stringify(broken), 'invalid'],
    ];
    for (const [body, kind] of cases) {
      const r = await readSnapshotFile(file('bad.json', body));
      assert.equal(r.ok ? 'ok' : r.problem.kind, kind, body.slice(0, 40));
    }
  });

  test('problems read in both languages, with the path into the file kept as is', async () => {
    const en = await translator('en');
    const zh = await translator('zh-CN');
    const invalid: FileProblem = { kind: 'invalid', path: 'edges[2].source (veth:a|b)', message: 'expected string' };
    assert.equal(problemText(invalid, en), 'edges[2].source (veth:a|b): expected string');
    assert.equal(problemText(invalid, zh), 'edges[2].source (veth:a|b)：expected string');
    assert.match(
      problemText({ kind: 'schema-version', found: 'netloom.topology/v0' }, en),
      /"netloom\.topology\/v0" is not supported/,
    );
    assert.match(
      problemText({ kind: 'too-large', bytes: 60 * 1024 * 1024, limit: 50 * 1024 * 1024 }, zh),
      /60\.0 MB.*50\.0 MB/,
    );
    const kinds: FileProblem[] = [
      { kind: 'empty' },
      { kind: 'not-json', detail: 'Unexpected token' },
      { kind: 'not-topology' },
      { kind: 'duplicate-id', id: 'netns:1' },
      { kind: 'unreadable', detail: 'gone' },
    ];
    for (const p of kinds) {
      for (const t of [en, zh]) assert.doesNotMatch(problemText(p, t), /snapshot\.problem|\{\{/, p.kind);
    }
    assert.match(problemText({ kind: 'not-topology' }, zh), /netloom\.topology\/v1/);
  });

  test('the capture time is the reader’s local time with its zone, in their language', () => {
    assert.equal(capturedTime('not a time', 'en'), 'not a time');
    const en = capturedTime('2026-11-25T12:34:56.000Z', 'en');
    assert.match(en, /2026/);
    assert.match(en, /:56\b/);
    assert.match(capturedTime('2026-11-25T12:34:56.000Z', 'zh-CN'), /2026年/);
  });
});

describe('the snapshot-file store slice', () => {
  test('an opened file replaces the picture; live changes are kept aside; Back to live shows them', () => {
    const store = createAppStore(null);
    const client = fakeClient();
    attachClientTo(store, client);
    const live = sampleTopology();
    client.emit(live, { kind: 'snapshot' });
    assert.equal(pictureKey(store.getState()), 'live');
    store.getState().select('container:x');
    const generation = store.getState().snapshotGeneration;

    const doc = snapshotDoc();
    store.getState().openFile('host.json', doc);
    let s = store.getState();
    assert.equal(s.topology, doc);
    assert.equal(s.snapshotGeneration, generation + 1, 'the graph reloads');
    assert.equal(s.selection, null, 'nothing selected carries over');
    assert.equal(s.lastDelta, null);
    assert.equal(pictureKey(s), 'file-1');
    assert.deepEqual(shownSnapshot(s.openedFile, s.serverSource), { name: 'host.json', canGoLive: true });

    // The live host changes meanwhile: not drawn, but kept.
    const later = { ...live, capturedAt: '2026-11-25T13:00:00.000Z' };
    client.seq = 2;
    client.emit(later, { kind: 'delta', delta: delta(2) });
    s = store.getState();
    assert.equal(s.topology, doc, 'the file is what is shown');
    assert.equal(s.lastDelta, null, 'no delta reaches the graph');
    assert.equal(s.recent, null);
    assert.equal(s.liveTopology, later);

    store.getState().backToLive();
    s = store.getState();
    assert.equal(s.topology, later, 'back to the live host as it is now');
    assert.equal(s.openedFile, null);
    assert.equal(s.liveTopology, null);
    assert.equal(s.snapshotGeneration, generation + 2);
    assert.equal(pictureKey(s), 'live');
    assert.equal(shownSnapshot(s.openedFile, s.serverSource), null);

    // Deltas reach the graph again, and the next file is a new picture.
    client.emit(later, { kind: 'delta', delta: delta(3) });
    assert.ok(store.getState().lastDelta);
    store.getState().openFile('other.json', doc);
    assert.equal(pictureKey(store.getState()), 'file-2');
  });

  test('opening a second file keeps the live topology from before the first', () => {
    const store = createAppStore(null);
    const client = fakeClient();
    attachClientTo(store, client);
    const live = sampleTopology();
    client.emit(live, { kind: 'snapshot' });
    store.getState().openFile('a.json', snapshotDoc());
    store.getState().openFile('b.json', snapshotDoc());
    store.getState().backToLive();
    assert.equal(store.getState().topology, live);
  });

  test('a file that fails leaves the picture untouched and says why until dismissed or replaced', () => {
    const store = createAppStore(null);
    const client = fakeClient();
    attachClientTo(store, client);
    client.emit(sampleTopology(), { kind: 'snapshot' });
    const before = store.getState();
    store.getState().fileFailed('notes.txt', { kind: 'not-json', detail: 'Unexpected token' });
    const s = store.getState();
    assert.equal(s.topology, before.topology);
    assert.equal(s.snapshotGeneration, before.snapshotGeneration);
    assert.equal(s.openedFile, null);
    assert.deepEqual(s.fileError, { name: 'notes.txt', problem: { kind: 'not-json', detail: 'Unexpected token' } });
    store.getState().dismissFileError();
    assert.equal(store.getState().fileError, null);
    store.getState().fileFailed('x.json', { kind: 'empty' });
    store.getState().openFile('host.json', snapshotDoc());
    assert.equal(store.getState().fileError, null, 'a good file clears the error');
  });

  test('a server that serves a file (serve --open) is a snapshot with no live host to go back to', () => {
    const store = createAppStore(null);
    const client = fakeClient({ kind: 'file', name: 'lab.json' });
    attachClientTo(store, client);
    assert.equal(
      shownSnapshot(store.getState().openedFile, store.getState().serverSource),
      null,
      'unknown before hello',
    );
    client.emit(snapshotDoc(), { kind: 'snapshot' });
    let s = store.getState();
    assert.deepEqual(s.serverSource, { kind: 'file', name: 'lab.json' });
    assert.deepEqual(shownSnapshot(s.openedFile, s.serverSource), { name: 'lab.json', canGoLive: false });
    store.getState().openFile('mine.json', sampleTopology());
    s = store.getState();
    assert.deepEqual(shownSnapshot(s.openedFile, s.serverSource), { name: 'mine.json', canGoLive: false });
  });
});
