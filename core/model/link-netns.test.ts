import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isNetnsDumpError, parseNsdumpLine, type NetnsDump } from '../kernel/ip-json.js';
import { fixture, fixtureJson } from '../testkit/fixtures.js';
import { vethEdgesTouching, vethTruth, type IpSpace } from '../testkit/veth-truth.js';
import { buildTopology } from './build-topology.js';
import type { RawHost } from './raw-host.js';

/**
 * Six fresh namespaces whose first veth ends are all ifindex 2 (a↔b, c↔d, e↔f), second
 * ends 3 (c↔e, a↔host): captured by fixtures/kernel/veth-pairs/capture.sh.
 */
interface Captured {
  host: { inode: number; link: IpSpace['links']; listId: IpSpace['listId'] };
  spaces: Record<string, IpSpace>;
}

const ip = fixtureJson<Captured>('kernel/veth-pairs/ip.json');
const spaces: Record<string, IpSpace> = {
  ...ip.spaces,
  host: { inode: ip.host.inode, links: ip.host.link, listId: ip.host.listId },
};
const inode = (name: string): number => (spaces[name] as IpSpace).inode;
const captured = (): NetnsDump[] =>
  fixture('kernel/veth-pairs/nsdump.ndjson')
    .trim()
    .split('\n')
    .map(parseNsdumpLine)
    .map((d) => {
      assert.ok(!isNetnsDumpError(d), 'every namespace was read');
      return d;
    });

const topologyOf = (dumps: NetnsDump[]) => {
  const raw: RawHost = {
    capturedAt: '2026-12-01T00:00:00.000Z',
    hostname: 'h',
    kernelRelease: 'k',
    facets: { docker: { ok: true }, kernel: { ok: true }, firewall: { ok: true } },
    docker: null,
    kernel: { hostInode: ip.host.inode, dumps, named: [] },
    containerNetns: {},
    firewall: null,
    ipForward: null,
  };
  return buildTopology(raw);
};
const ours = Object.keys(ip.spaces).map(inode);
const veth = (a: string, ai: number, b: string, bi: number): string => {
  const [x, y] = [`if:${inode(a)}:${ai}`, `if:${inode(b)}:${bi}`].sort() as [string, string];
  return `veth:${x}|${y}`;
};
const hostEnd = (): number => (ip.host.link[0] as { ifindex: number }).ifindex;

describe('veth peers resolved through the peer namespace (captured)', () => {
  test('the capture collides: every first end is ifindex 2 pointing at ifindex 2', () => {
    for (const name of ['nlvp-a', 'nlvp-b', 'nlvp-c', 'nlvp-d', 'nlvp-e', 'nlvp-f']) {
      const first = (spaces[name] as IpSpace).links.find((l) => l.ifindex === 2);
      assert.equal(first?.link_index, 2, name);
      assert.equal(first?.link_netnsid, 0, `${name}: nsid 0, yet a different namespace in each`);
    }
  });

  test('every pair as iproute2 proves it, and no other', () => {
    const truth = vethTruth(spaces);
    assert.deepEqual(
      truth,
      [
        veth('nlvp-a', 2, 'nlvp-b', 2),
        veth('nlvp-c', 2, 'nlvp-d', 2),
        veth('nlvp-e', 2, 'nlvp-f', 2),
        veth('nlvp-c', 3, 'nlvp-e', 3),
        veth('nlvp-a', 3, 'host', hostEnd()),
      ].sort(),
    );
    assert.deepEqual(vethEdgesTouching(topologyOf(captured()), ours), truth);
  });

  test('a peer in a namespace that was not read stays unknown, never a look-alike', () => {
    // d and f unread: c's and e's ifindex-2 ends point at ifindex 2 of namespaces
    // Netloom does not see, while a/b, c/e and each other are ifindex-2 veths too.
    const dumps = captured().filter((d) => d.inode !== inode('nlvp-d') && d.inode !== inode('nlvp-f'));
    assert.deepEqual(
      vethEdgesTouching(topologyOf(dumps), ours),
      [veth('nlvp-a', 2, 'nlvp-b', 2), veth('nlvp-c', 3, 'nlvp-e', 3), veth('nlvp-a', 3, 'host', hostEnd())].sort(),
    );
  });

  test('without the helper’s nsid ties only the host’s own ids pair, nothing is guessed', () => {
    // As the nsenter fallback and captures older than the ties: nsid and hostNsid alone.
    const dumps = captured().map(({ linkNetns: _, ...d }) => d);
    assert.deepEqual(vethEdgesTouching(topologyOf(dumps), ours), [veth('nlvp-a', 3, 'host', hostEnd())]);
    const bare = dumps.map((d) => ({ ...d, nsid: null, hostNsid: null }));
    assert.deepEqual(vethEdgesTouching(topologyOf(bare), ours), []);
  });

  test('one end tied is enough, and a stale end that points elsewhere is not paired', () => {
    const dumps = captured();
    // b read by an older helper: its tie is missing, a's still names b.
    const noB = dumps.map((d) => (d.inode === inode('nlvp-b') ? { ...d, linkNetns: [] } : d));
    assert.ok(vethEdgesTouching(topologyOf(noB), ours).includes(veth('nlvp-a', 2, 'nlvp-b', 2)));
    // b re-read after its end moved on: it now points at another index; a's old view alone does not pair them.
    const moved = dumps.map((d) =>
      d.inode === inode('nlvp-b')
        ? { ...d, links: d.links.map((l) => (l.ifindex === 2 ? { ...l, linkIndex: 9 } : l)) }
        : d,
    );
    assert.ok(!vethEdgesTouching(topologyOf(moved), ours).includes(veth('nlvp-a', 2, 'nlvp-b', 2)));
  });
});
