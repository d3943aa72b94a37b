import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DockerContainer } from '../docker/read-docker.js';
import type { NetnsDump } from '../kernel/ip-json.js';
import { buildTopology } from '../model/build-topology.js';
import type { RawHost } from '../model/raw-host.js';
import { fixtureJson } from '../testkit/fixtures.js';
import { claimedNamespaces, mergeRead, unclaimedNamespaces, type ReinspectedContainer } from './merge-read.js';

/** The pure merge of partial reads into the raw host, on a host captured from the real engine. */

const captured = (): RawHost => fixtureJson<RawHost>('host/scenario-raw.json');

function container(raw: RawHost, name: string): DockerContainer {
  const c = raw.docker?.containers.find((x) => x.name === name);
  assert.ok(c, name);
  return c;
}

function dumpOf(raw: RawHost, inode: number): NetnsDump {
  const d = raw.kernel?.dumps.find((x) => x.inode === inode);
  assert.ok(d, `dump ${inode}`);
  return d;
}

const inodes = (raw: RawHost): number[] => (raw.kernel?.dumps ?? []).map((d) => d.inode);
const running = (c: DockerContainer, netns: number | null): ReinspectedContainer => ({ container: c, netns });
const netnsNodes = (raw: RawHost): string[] =>
  buildTopology(raw)
    .nodes.filter((n) => n.kind === 'netns')
    .map((n) => n.id)
    .sort();

/** The captured host as a full read sees it when it catches nlc-two between sandbox and start. */
function caughtStarting(): { raw: RawHost; two: DockerContainer; inode: number } {
  const raw = captured();
  const two = structuredClone(container(raw, 'nlc-two'));
  const inode = raw.containerNetns[two.id] as number;
  const c = container(raw, 'nlc-two');
  c.pid = 0;
  c.state = 'created';
  delete raw.containerNetns[two.id];
  return { raw, two, inode };
}

describe('mergeRead', () => {
  test('an empty read changes only the capture time; the previous host is left as it was', () => {
    const prev = captured();
    const next = mergeRead(prev, { capturedAt: 'now' });
    assert.deepEqual({ ...next, capturedAt: prev.capturedAt }, captured());
    assert.deepEqual(prev, captured());
  });

  test('a container re-inspected stays in place; one stopped loses its namespace; one gone leaves', () => {
    const prev = captured();
    const web = container(prev, 'nlc-ports');
    const b = container(prev, 'nlc-b');
    const order = prev.docker?.containers.map((c) => c.id);
    const next = mergeRead(prev, {
      capturedAt: 'now',
      containers: new Map([
        [web.id, running({ ...web, image: 'other' }, prev.containerNetns[web.id] ?? null)],
        [b.id, { container: { ...b, pid: 0, state: 'exited' }, netns: null }],
      ]),
    });
    assert.deepEqual(
      next.docker?.containers.map((c) => c.id),
      order,
    );
    assert.equal(container(next, 'nlc-ports').image, 'other');
    assert.equal(b.id in next.containerNetns, false);
    assert.ok(!inodes(next).includes(prev.containerNetns[b.id] as number), 'the stopped container’s namespace left');
    const gone = mergeRead(next, { capturedAt: 'later', containers: new Map([[web.id, null]]) });
    assert.equal(
      gone.docker?.containers.some((c) => c.id === web.id),
      false,
    );
    assert.ok(!inodes(gone).includes(prev.containerNetns[web.id] as number));
  });

  test('a new container is appended with its namespace', () => {
    const full = captured();
    const a = container(full, 'nlc-b');
    const inode = full.containerNetns[a.id] as number;
    const prev = mergeRead(full, { capturedAt: 't1', containers: new Map([[a.id, null]]) });
    assert.ok(!inodes(prev).includes(inode));
    const next = mergeRead(prev, {
      capturedAt: 't2',
      containers: new Map([[a.id, running(a, inode)]]),
      dumps: [dumpOf(full, inode)],
    });
    assert.equal(next.docker?.containers.at(-1)?.id, a.id);
    assert.equal(next.containerNetns[a.id], inode);
    assert.ok(inodes(next).includes(inode));
  });

  test('fresh dumps replace cached ones of the same inode, the later one winning, at the end', () => {
    const prev = captured();
    const host = dumpOf(prev, prev.kernel?.hostInode as number);
    const first = { ...host, links: host.links.slice(0, 1) };
    const second = { ...host, links: host.links.slice(0, 2) };
    const next = mergeRead(prev, { capturedAt: 'now', dumps: [first, second] });
    assert.equal(next.kernel?.dumps.at(-1), second);
    assert.equal(inodes(next).filter((i) => i === host.inode).length, 1);
    // A full read can hold the host twice (Docker's netns/default is the host's namespace).
    const copies = inodes(prev).filter((i) => i === host.inode).length;
    assert.equal(next.kernel?.dumps.length, (prev.kernel?.dumps.length ?? 0) - copies + 1);
  });

  test('the network list and the firewall are replaced; a firewall that failed is a facet down', () => {
    const prev = captured();
    const next = mergeRead(prev, {
      capturedAt: 'now',
      networks: prev.docker?.networks.slice(1) ?? [],
      firewall: { error: 'iptables-save: permission denied' },
    });
    assert.equal(next.docker?.networks.length, (prev.docker?.networks.length ?? 0) - 1);
    assert.equal(next.firewall, null);
    assert.deepEqual(next.facets.firewall, { ok: false, reason: 'iptables-save: permission denied' });
    const back = mergeRead(next, { capturedAt: 'later', firewall: { dump: prev.firewall! } });
    assert.deepEqual(back.facets.firewall, { ok: true });
    assert.equal(back.firewall, prev.firewall);
  });

  test('without the engine, container and network reads change nothing', () => {
    const prev = { ...captured(), docker: null, containerNetns: {} };
    const next = mergeRead(prev, { capturedAt: 'now', networks: [], containers: new Map([['x', null]]) });
    assert.equal(next.docker, null);
  });

  test('a named namespace deleted leaves with its dump', () => {
    const prev = captured();
    const named = prev.kernel?.named[0];
    assert.ok(named);
    const next = mergeRead(prev, { capturedAt: 'now', named: [] });
    assert.ok(!inodes(next).includes(named.inode));
  });
});

describe('mergeRead: namespaces nothing claims', () => {
  test('caught starting, then started, then removed: the namespace leaves with the container', () => {
    const { raw: full, two, inode } = caughtStarting();
    assert.deepEqual(
      unclaimedNamespaces(full).map((d) => d.inode),
      [inode],
    );
    const started = mergeRead(full, {
      capturedAt: 't1',
      containers: new Map([[two.id, running(two, inode)]]),
      dumps: [dumpOf(full, inode)],
    });
    assert.ok(claimedNamespaces(started).has(inode));
    assert.ok(netnsNodes(started).includes(`netns:${inode}`));
    // The removal's read re-inspects the container only (the host dump carries no trace of it).
    const removed = mergeRead(started, { capturedAt: 't2', containers: new Map([[two.id, null]]) });
    assert.ok(!inodes(removed).includes(inode), 'its namespace is not kept');
    assert.ok(!netnsNodes(removed).includes(`netns:${inode}`));
  });

  test('caught starting, removed before it was ever seen running: gone once its file cannot be entered', () => {
    const { raw: full, two, inode } = caughtStarting();
    const removed = mergeRead(full, {
      capturedAt: 't1',
      containers: new Map([[two.id, null]]),
      dumps: [],
      gone: [inode],
    });
    assert.ok(!inodes(removed).includes(inode));
  });

  test('still unclaimed and still there (e.g. an overlay network’s namespace): kept, refreshed', () => {
    const { raw: full, inode } = caughtStarting();
    const refreshed = { ...dumpOf(full, inode), links: dumpOf(full, inode).links.slice(0, 1) };
    const once = mergeRead(full, { capturedAt: 't1', dumps: [refreshed], gone: [] });
    assert.equal(
      once.kernel?.dumps.find((d) => d.inode === inode),
      refreshed,
    );
    const unrelated = mergeRead(once, { capturedAt: 't2', firewall: { dump: full.firewall! } });
    assert.ok(inodes(unrelated).includes(inode), 'a read that did not look keeps it');
  });

  test('a dump read for a container that then turned out to be gone is not kept', () => {
    const prev = captured();
    const two = container(prev, 'nlc-two');
    const inode = prev.containerNetns[two.id] as number;
    const next = mergeRead(prev, {
      capturedAt: 'now',
      containers: new Map([[two.id, null]]),
      dumps: [dumpOf(prev, inode)],
    });
    assert.ok(!inodes(next).includes(inode));
  });
});
