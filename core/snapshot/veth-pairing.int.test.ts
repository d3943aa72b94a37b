/**
 * Needs root, iproute2 and the engine. Veth pairs between plain namespaces whose ends
 * reuse the same ifindexes, and one into a container's namespace, each checked against
 * what iproute2 proves (`ip -j -d link`, `ip -j netns list-id`), read here. Creates only
 * nlvp-* namespaces, links and one container, and removes them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runTool } from '../exec/run-tool.js';
import { dumpNamespaces } from '../kernel/dump-namespaces.js';
import type { NetnsDump } from '../kernel/ip-json.js';
import { buildTopology } from '../model/build-topology.js';
import type { RawHost } from '../model/raw-host.js';
import type { Topology } from '../model/types.js';
import { cleanupTestResources, containerPid, netnsInodeOfPid, runContainer } from '../testkit/test-host.js';
import { vethEdgesTouching, vethTruth, type IpSpace } from '../testkit/veth-truth.js';
import { takeSnapshot } from './take-snapshot.js';

const P = 'nlvp-';
const SPACES = ['a', 'b', 'c', 'd', 'e', 'f'].map((s) => `${P}${s}`);
const BENCH_PAIRS = 25;
const CONTAINER = `${P}ctr`;
const skip = process.getuid?.() !== 0 ? 'needs root' : false;
const ip = (...args: string[]): Promise<string> => runTool('ip', args);

async function build(): Promise<void> {
  const bench = Array.from({ length: BENCH_PAIRS }, (_, i) => [`${P}p${i}`, `${P}q${i}`]).flat();
  const batch = [
    ...[...SPACES, ...bench].map((n) => `netns add ${n}`),
    // Fresh namespaces number their links from 2 (lo is 1): every first end is ifindex 2.
    `link add ${P}va netns ${P}a type veth peer name ${P}vb netns ${P}b`,
    `link add ${P}vc netns ${P}c type veth peer name ${P}vd netns ${P}d`,
    `link add ${P}ve netns ${P}e type veth peer name ${P}vf netns ${P}f`,
    // Second ends, 3 on both sides.
    `link add ${P}xc netns ${P}c type veth peer name ${P}xe netns ${P}e`,
    `link add ${P}h type veth peer name ${P}ha netns ${P}a`,
    ...Array.from(
      { length: BENCH_PAIRS },
      (_, i) => `link add ${P}bp netns ${P}p${i} type veth peer name ${P}bq netns ${P}q${i}`,
    ),
  ];
  await runTool('ip', ['-batch', '-'], { input: batch.join('\n') + '\n' });
  // A container's namespace joined directly to plain namespace d, as on a Swarm node
  // where a container's eth1 ends in an overlay namespace.
  await runContainer(CONTAINER, ['--network', 'none']);
  const pid = await containerPid(CONTAINER);
  await ip('link', 'add', `${P}k`, 'type', 'veth', 'peer', 'name', `${P}kd`, 'netns', `${P}d`);
  await ip('link', 'set', `${P}k`, 'netns', String(pid));
}

const json = async (args: string[]): Promise<unknown> => JSON.parse((await runTool(args[0]!, args.slice(1))) || '[]');

/**
 * iproute2's own account of one namespace. The nsids are asked one by one: a bare
 * `ip netns list-id` on a host with a couple of hundred nsids lists only the first ~134.
 */
async function spaceOf(inode: number, ipIn: string[], show: string[] = []): Promise<IpSpace> {
  const links = (await json([...ipIn, '-j', '-d', 'link', 'show', ...show])) as IpSpace['links'];
  const listId: IpSpace['listId'] = [];
  for (const nsid of new Set(links.flatMap((l) => (l.link_netnsid === undefined ? [] : [l.link_netnsid])))) {
    listId.push(...((await json([...ipIn, '-j', 'netns', 'list-id', 'nsid', String(nsid)])) as IpSpace['listId']));
  }
  return { inode, links, listId };
}

async function groundTruth(): Promise<Record<string, IpSpace>> {
  const inodeOf = async (file: string): Promise<number> =>
    Number((await runTool('stat', ['-L', '-c', '%i', file])).trim());
  const spaces: Record<string, IpSpace> = {};
  for (const name of SPACES) spaces[name] = await spaceOf(await inodeOf(`/run/netns/${name}`), ['ip', '-n', name]);
  const pid = await containerPid(CONTAINER);
  spaces[CONTAINER] = await spaceOf(await netnsInodeOfPid(pid), ['nsenter', '-t', String(pid), '-n', 'ip']);
  spaces.host = await spaceOf(await inodeOf('/proc/self/ns/net'), ['ip'], [`${P}h`]);
  return spaces;
}

function rawHost(hostInode: number, dumps: NetnsDump[]): RawHost {
  return {
    capturedAt: '2026-12-01T00:00:00.000Z',
    hostname: 'h',
    kernelRelease: 'k',
    facets: { docker: { ok: true }, kernel: { ok: true }, firewall: { ok: true } },
    docker: null,
    kernel: { hostInode, dumps, named: [] },
    containerNetns: {},
    firewall: null,
    ipForward: null,
  };
}

describe('veth pairs on the real kernel', { skip }, () => {
  let spaces: Record<string, IpSpace>;
  let truth: string[];
  let ours: number[];
  const inode = (name: string): number => (spaces[name] as IpSpace).inode;
  const path = (name: string): string => `/run/netns/${name}`;

  before(async () => {
    await cleanupTestResources(P);
    await build();
    spaces = await groundTruth();
    truth = vethTruth(spaces);
    ours = [...SPACES, CONTAINER].map(inode);
  });
  after(() => cleanupTestResources(P));

  test('the setup collides: the first ends are all ifindex 2 with nsid 0, in six namespaces', () => {
    for (const name of SPACES) {
      const first = (spaces[name] as IpSpace).links.find((l) => l.ifindex === 2);
      assert.equal(first?.link_index, 2, name);
      assert.equal(first?.link_netnsid, 0, name);
    }
    // a↔b, c↔d, e↔f, c↔e, a↔host, d↔container: each proved by iproute2 from at least one end.
    assert.equal(truth.length, 6, truth.join('\n'));
  });

  test('a snapshot pairs every end as iproute2 does, and nothing else', async () => {
    const { topology } = await takeSnapshot();
    assert.deepEqual(vethEdgesTouching(topology, ours), truth);
  });

  test('a peer in a namespace that is not read stays unknown', async () => {
    const targets = ['host', ...SPACES.filter((s) => s !== `${P}d` && s !== `${P}f`).map(path)];
    const { dumps } = await dumpNamespaces(targets);
    const t: Topology = buildTopology(rawHost(inode('host'), dumps));
    const gone = new Set([inode(`${P}d`), inode(`${P}f`)].map((i) => `:${i}:`));
    const expected = truth.filter((id) => ![...gone].some((g) => id.includes(g)));
    assert.deepEqual(vethEdgesTouching(t, ours), expected);
    assert.ok(expected.length < truth.length);
  });

  test('a namespace read alone is still tied to the peers it is given', async () => {
    const { dumps } = await dumpNamespaces([path(`${P}c`)], { peers: [path(`${P}d`), path(`${P}e`)] });
    const c = dumps[0];
    assert.ok(c);
    const tied = new Map((c.linkNetns ?? []).map((x) => [x.nsid, x.inode]));
    for (const l of (spaces[`${P}c`] as IpSpace).links) {
      if (l.link_netnsid === undefined) continue;
      const name = (spaces[`${P}c`] as IpSpace).listId.find((e) => e.nsid === l.link_netnsid)?.name;
      assert.equal(tied.get(l.link_netnsid), name && inode(name), `${l.ifname} → ${name}`);
    }
  });

  test('the nsenter fallback, which cannot tie nsids, guesses nothing', async () => {
    const { dumps, method } = await dumpNamespaces(['host', ...SPACES.map(path)], { forceNsenter: true });
    assert.equal(method, 'nsenter');
    const found = vethEdgesTouching(buildTopology(rawHost(inode('host'), dumps)), ours);
    for (const id of found) assert.ok(truth.includes(id), `not a real pair: ${id}`);
  });

  test(`timing: ${BENCH_PAIRS * 2} namespaces joined in pairs, ends all ifindex 2`, async (t) => {
    const targets = [
      'host',
      ...Array.from({ length: BENCH_PAIRS }, (_, i) => [path(`${P}p${i}`), path(`${P}q${i}`)]).flat(),
    ];
    const runs: number[] = [];
    let edges = 0;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const { dumps } = await dumpNamespaces(targets);
      runs.push(performance.now() - t0);
      const topo = buildTopology(rawHost(inode('host'), dumps));
      edges = vethEdgesTouching(
        topo,
        dumps.filter((d) => d.target !== 'host').map((d) => d.inode),
      ).length;
    }
    runs.sort((x, y) => x - y);
    assert.equal(edges, BENCH_PAIRS);
    t.diagnostic(`helper dump of ${targets.length} namespaces: median ${runs[2]!.toFixed(1)} ms`);
  });
});
