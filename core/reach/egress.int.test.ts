import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import { TopologyIndex } from '../common/topology-index.js';
import type { Topology } from '../model/types.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { arrivals, countArrivals, makeUplink, removeUplink, type Uplink } from '../testkit/fake-uplink.js';
import { cleanupTestResources, createNetwork, docker, runContainer, sh } from '../testkit/test-host.js';
import { repoRoot } from '../util/repo-root.js';
import { outsideAddress } from './egress.js';
import { reach, type ReachResult } from './reach.js';

const P = 'nle-';
/**
 * Every packet these tests send goes to 198.51.100.7 (TEST-NET-2), which the host routes
 * by the fake uplink into a namespace on this machine (makeUplink checks it before
 * anything is sent), or to a namespace here. `outside` itself is only walked, never pinged.
 */
const UP: Uplink = {
  dev: `${P}up`,
  near: '10.250.7.1/24',
  gateway: '10.250.7.2',
  far: '198.51.100.7',
  route: '198.51.100.0/24',
};
const FAR = UP.far;
const NEAR = '10.250.7.1';

const explain = (r: ReachResult): string => r.steps.map((s) => `[${s.kind}] ${s.text}`).join('\n');
const pings = async (where: string[], address: string): Promise<boolean> =>
  /1 packets received/.test(
    (await execa(where[0] as string, [...where.slice(1), 'ping', '-c', '1', '-W', '1', address], { reject: false }))
      .stdout,
  );
const inContainer = (name: string) => ['docker', 'exec', `${P}${name}`];
const addressOf = async (name: string): Promise<string> =>
  (await docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', `${P}${name}`)).trim();

let t: Topology;
const ips = new Map<string, string>();

describe('the way out of the host: each verdict against a ping and what the far side saw', { timeout: 180_000 }, () => {
  before(async () => {
    await cleanupTestResources(P);
    await removeUplink(UP.dev);
    await makeUplink(UP);
    await createNetwork(`${P}net`, ['--subnet', '10.250.4.0/24']);
    await createNetwork(`${P}nomasq`, [
      '--subnet',
      '10.250.3.0/24',
      '-o',
      'com.docker.network.bridge.enable_ip_masquerade=false',
    ]);
    await createNetwork(`${P}int`, ['--internal', '--subnet', '10.250.5.0/24']);
    await runContainer(`${P}u1`, ['--network', `${P}net`]);
    await runContainer(`${P}nm`, ['--network', `${P}nomasq`]);
    await runContainer(`${P}i1`, ['--network', `${P}int`]);
    await runContainer(`${P}d1`, []);
    // A plain namespace hanging off the host by a veth of its own: no bridge, no Docker.
    await sh('ip', ['netns', 'add', `${P}h`]);
    await sh('ip', ['link', 'add', `${P}hh`, 'type', 'veth', 'peer', 'name', `${P}hn`, 'netns', `${P}h`]);
    await sh('ip', ['addr', 'add', '10.250.2.1/24', 'dev', `${P}hh`]);
    await sh('ip', ['link', 'set', `${P}hh`, 'up']);
    for (const a of [
      ['addr', 'add', '10.250.2.2/24', 'dev', `${P}hn`],
      ['link', 'set', `${P}hn`, 'up'],
      ['link', 'set', 'lo', 'up'],
      ['route', 'add', 'default', 'via', '10.250.2.1'],
    ])
      await sh('ip', ['-n', `${P}h`, ...a]);
    for (const c of ['u1', 'nm', 'i1', 'd1']) ips.set(c, await addressOf(c));
    ips.set('h', '10.250.2.2');
    for (const src of [NEAR, ...ips.values()]) await countArrivals(UP, src);
    t = (await takeSnapshot({})).topology;
  });
  after(async () => {
    await cleanupTestResources(P);
    await removeUplink(UP.dev);
  });

  const uplinkId = (): string => {
    const up = t.nodes.find((n) => n.kind === 'interface' && n.name === UP.dev);
    assert.ok(up);
    return up.id;
  };

  test('a container out by the uplink: FORWARD accepts, MASQUERADE gives it the uplink address, the reply comes back', async () => {
    for (const c of ['u1', 'd1']) {
      const r = reach(t, { src: `${P}${c}`, dst: FAR, proto: 'icmp' });
      assert.equal(r.verdict, 'reachable', explain(r));
      const masq = r.steps.find((s) => s.kind === 'masquerade');
      assert.equal(masq?.params.to, NEAR, explain(r));
      assert.match(masq?.params.rule ?? '', /-A POSTROUTING -s [\d.]+\/\d+ ! -o (br-\w+|docker0) -j MASQUERADE/);
      assert.equal(r.steps.at(-1)?.kind, 'egress');
      assert.equal(r.steps.at(-1)?.element, uplinkId());
      const before = await arrivals(UP, NEAR);
      assert.equal(await pings(inContainer(c), FAR), true, `${c}: the ping comes back`);
      assert.ok((await arrivals(UP, NEAR)) > before, 'the far side saw the uplink address');
      assert.equal(await arrivals(UP, ips.get(c) as string), 0, 'and never the container address');
    }
  });

  test('masquerading off for the network: it still leaves by the uplink, with its own address, and no reply comes', async () => {
    const r = reach(t, { src: `${P}nm`, dst: FAR, proto: 'icmp' });
    assert.equal(r.verdict, 'reachable', explain(r));
    assert.ok(
      r.steps.some((s) => s.kind === 'no-masquerade' && s.params.from === ips.get('nm')),
      explain(r),
    );
    assert.equal(await pings(inContainer('nm'), FAR), false, 'the far side has no route back');
    assert.ok((await arrivals(UP, ips.get('nm') as string)) > 0, 'it arrived with its own address');
  });

  test('out of an internal network, and out of a namespace Docker did not make: dropped, and nothing arrives', async () => {
    for (const [src, where] of [
      [`${P}i1`, inContainer('i1')],
      [`${P}h`, ['ip', 'netns', 'exec', `${P}h`, 'busybox']],
    ] as const) {
      const r = reach(t, { src, dst: FAR, proto: 'icmp' });
      assert.match(r.verdict, /^(blocked|no-route)$/, explain(r));
      if (src === `${P}i1` && r.verdict === 'blocked')
        assert.match(r.deciding ?? '', /DOCKER-ISOLATION-STAGE-1 .*-j DROP/);
      // Docker turns FORWARD's policy to DROP: a namespace of one's own is not let out either.
      if (src === `${P}h`) assert.equal(r.deciding, 'policy DROP of FORWARD', explain(r));
      const seen = await arrivals(UP, NEAR);
      assert.equal(await pings([...where], FAR), false, `${src}: no reply`);
      assert.equal(await arrivals(UP, NEAR), seen, `${src}: nothing came out`);
      assert.equal(await arrivals(UP, src === `${P}h` ? '10.250.2.2' : (ips.get('i1') as string)), 0);
    }
  });

  test('outside: the default route and its NIC, as the kernel looks them up (nothing is sent), and ip_forward', async () => {
    const index = TopologyIndex.of(t);
    const stand = outsideAddress(t, index);
    const lookup = async (...extra: string[]): Promise<{ dev: string; gateway?: string }> =>
      (
        JSON.parse(await sh('ip', ['-j', 'route', 'get', stand, ...extra])) as { dev: string; gateway?: string }[]
      )[0] as {
        dev: string;
        gateway?: string;
      };
    const bridge = t.nodes.find((n) => n.kind === 'network' && n.name === `${P}net`);
    assert.ok(bridge?.kind === 'network' && bridge.bridgeName);
    for (const [src, kernel] of [
      ['host', await lookup()],
      [`${P}u1`, await lookup('from', ips.get('u1') as string, 'iif', bridge.bridgeName)],
    ] as const) {
      const r = reach(t, { src, dst: 'outside', proto: 'icmp' });
      assert.equal(r.verdict, 'reachable', explain(r));
      assert.equal(r.address, null);
      const last = r.steps.at(-1);
      assert.equal(last?.kind, 'egress');
      assert.equal(index.iface(last?.element)?.name, kernel.dev, `${src}: the NIC the kernel names`);
      assert.equal(last?.params.next, kernel.gateway ?? stand);
    }
    const forward = (await sh('cat', ['/proc/sys/net/ipv4/ip_forward'])).trim() === '1';
    assert.equal(t.host.ipForward, forward);
  });

  test('netloom reach c outside: exit 0 with the walk; --probe is refused before anything is sent (exit 2)', async () => {
    const cli = (...args: string[]) =>
      execa(process.execPath, [join(repoRoot(), 'bin', 'netloom.js'), 'reach', ...args], { reject: false });
    const walked = await cli(`${P}u1`, 'outside', '--json');
    assert.equal(walked.exitCode, 0, walked.stderr);
    const answer = JSON.parse(walked.stdout) as ReachResult & { dst: string };
    assert.equal(answer.dst, 'outside');
    assert.equal(answer.steps.at(-1)?.kind, 'egress');
    // FAR is no one's address in the model, so it is refused too; were it not, it would only reach the uplink.
    for (const dst of ['outside', FAR]) {
      const probed = await cli(`${P}u1`, dst, '--probe');
      assert.equal(probed.exitCode, 2, probed.stdout);
      assert.match(
        probed.stderr,
        /no probe: .*(never sends anything outside this host|only to an address of a container)/,
      );
    }
  });
});
