import assert from 'node:assert/strict';
import { execa } from 'execa';
import { after, before, describe, test } from 'node:test';
import type { Topology } from '../model/types.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { cleanupTestResources, createNetwork, docker, runContainer, sh } from '../testkit/test-host.js';
import { reachMatrix } from './matrix.js';
import { reach } from './reach.js';
import { repoRoot } from '../util/repo-root.js';
import { join } from 'node:path';
import { socketFacts } from './socket-facts.js';
import { removeStaleTraceRules } from './trace.js';

const P = 'nlr-';

/** The probe, run by the test itself inside the source: one ping, one second. */
async function pings(src: string, address: string): Promise<boolean> {
  const out = await sh('docker', ['exec', `${P}${src}`, 'ping', '-c', '1', '-W', '1', address], { reject: false });
  return /1 packets received/.test(out);
}

let t: Topology;

describe('reach on the real host: every verdict equals a ping run inside the source', { timeout: 180_000 }, () => {
  before(async () => {
    await cleanupTestResources(P);
    await removeStaleTraceRules();
    await createNetwork(`${P}a`, ['--subnet', '10.219.1.0/24']);
    await createNetwork(`${P}b`, ['--subnet', '10.219.2.0/24']);
    await createNetwork(`${P}int`, ['--internal', '--subnet', '10.219.3.0/24']);
    await createNetwork(`${P}noicc`, ['--subnet', '10.219.4.0/24', '-o', 'com.docker.network.bridge.enable_icc=false']);
    await runContainer(`${P}a1`, ['--network', `${P}a`]);
    await runContainer(`${P}a2`, ['--network', `${P}a`]);
    await runContainer(`${P}b1`, ['--network', `${P}b`]);
    await runContainer(`${P}i1`, ['--network', `${P}int`]);
    await runContainer(`${P}n1`, ['--network', `${P}noicc`]);
    await runContainer(`${P}n2`, ['--network', `${P}noicc`]);
    await runContainer(`${P}d1`, []);
    await runContainer(`${P}sh`, [`--network=container:${P}a1`]);
    await runContainer(`${P}web`, ['--network', `${P}a`], ['httpd', '-f', '-p', '80', '-h', '/']);
    await runContainer(`${P}bweb`, ['--network', `${P}b`], ['httpd', '-f', '-p', '80', '-h', '/']);
    await runContainer(`${P}pub`, ['--network', `${P}a`, '-p', '18481:80'], ['httpd', '-f', '-p', '80', '-h', '/']);
    t = (await takeSnapshot({})).topology;
  });
  after(async () => {
    await cleanupTestResources(P);
    await removeStaleTraceRules();
  });

  // The verdicts Docker's rules give; the ping decides whether each is right.
  const cases: [string, string, string, RegExp][] = [
    ['a1', 'a2', 'the same user network', /^reachable$/],
    ['a1', 'b1', 'two user networks (isolation)', /^blocked$/],
    ['a1', 'd1', 'a user network and the default bridge', /^blocked$/],
    ['n1', 'n2', 'a network with icc=false', /^blocked$/],
    ['i1', 'a1', 'out of an internal network', /^(blocked|no-route)$/],
    ['sh', 'a2', 'a shared namespace, through its owner', /^reachable$/],
  ];
  for (const [src, dst, what, want] of cases)
    test(`${src} → ${dst}: ${what}`, async () => {
      const r = reach(t, { src: `${P}${src}`, dst: `${P}${dst}`, proto: 'icmp' });
      assert.match(r.verdict, want, r.steps.map((s) => s.text).join('\n'));
      assert.ok(r.address, JSON.stringify(r));
      const probe = await pings(src, r.address);
      assert.equal(
        r.verdict === 'reachable',
        probe,
        `verdict ${r.verdict} (${r.deciding}) but the ping ${probe ? 'got through' : 'did not'}\n${r.steps.map((s) => s.text).join('\n')}`,
      );
    });

  test('the host reaches a container on a user network (OUTPUT), as its own ping says', async () => {
    const r = reach(t, { src: 'host', dst: `${P}b1`, proto: 'icmp' });
    assert.equal(r.verdict, 'reachable', r.steps.map((s) => s.text).join('\n'));
    assert.ok(r.address);
    const out = await sh('busybox', ['ping', '-c', '1', '-W', '1', r.address], { reject: false });
    assert.match(out, /1 packets received/);
  });

  test('internal and icc=false networks do not cut a container off from its own host', async () => {
    for (const [src, net] of [
      ['i1', `${P}int`],
      ['n1', `${P}noicc`],
    ] as const) {
      const gw = JSON.parse(await docker('network', 'inspect', net, '--format', '{{json .IPAM.Config}}'))[0]
        ?.Gateway as string | undefined;
      const address = gw ?? (net.endsWith('int') ? '10.219.3.1' : '10.219.4.1');
      const r = reach(t, { src: `${P}${src}`, dst: address, proto: 'icmp' });
      assert.equal(r.verdict, 'reachable', r.steps.map((s) => s.text).join('\n'));
      assert.equal(await pings(src, address), true);
    }
  });

  test('tcp: something listens, nothing listens (refused), and a listener behind a DROP (blocked)', async () => {
    const facts = await socketFacts(
      t,
      t.nodes.filter((n) => n.kind === 'netns').map((n) => n.id),
    );
    // What a client inside a1 sees, by busybox nc with a 2 s timeout (its wget needs a resolver).
    const fetch = async (address: string, port: number): Promise<'reachable' | 'refused' | 'blocked'> => {
      const r = await execa('docker', ['exec', `${P}a1`, 'sh', '-c', `echo | nc -w 2 ${address} ${port}`], {
        reject: false,
        all: true,
      });
      const text = r.all ?? '';
      if (r.exitCode === 0) return 'reachable';
      if (/refused/i.test(text)) return 'refused';
      if (/timed out/i.test(text)) return 'blocked';
      return assert.fail(`nc said: ${text}`);
    };
    for (const [dst, port, want] of [
      ['web', 80, 'reachable'],
      ['web', 81, 'refused'],
      ['bweb', 80, 'blocked'],
    ] as const) {
      const r = reach(t, { src: `${P}a1`, dst: `${P}${dst}`, proto: 'tcp', port }, facts);
      assert.equal(r.verdict, want, r.steps.map((s) => s.text).join('\n'));
      assert.ok(r.address);
      assert.equal(await fetch(r.address, port), want, `${dst}:${port}`);
    }
  });

  test('a published port: DNAT from another network, docker-proxy on the same one, and from the host', async () => {
    const facts = await socketFacts(
      t,
      t.nodes.filter((n) => n.kind === 'netns').map((n) => n.id),
    );
    // What a client sees by busybox nc, run inside a container (or on the host) by the test.
    const probe = async (where: string | null, address: string, port: number): Promise<string> => {
      const cmd = `echo | busybox nc -w 2 ${address} ${port}`;
      const r = where
        ? await execa('docker', ['exec', `${P}${where}`, 'sh', '-c', cmd.replace('busybox ', '')], {
            reject: false,
            all: true,
          })
        : await execa('sh', ['-c', cmd], { reject: false, all: true });
      if (r.exitCode === 0) return 'reachable';
      if (/refused/i.test(r.all ?? '')) return 'refused';
      if (/timed out/i.test(r.all ?? '')) return 'blocked';
      return assert.fail(`nc said: ${r.all ?? ''}`);
    };
    for (const [src, address] of [
      ['b1', '10.219.2.1'],
      ['a1', '10.219.1.1'],
      ['host', '127.0.0.1'],
      ['host', '10.219.1.1'],
    ] as const) {
      const r = reach(
        t,
        { src: src === 'host' ? 'host' : `${P}${src}`, dst: address, proto: 'tcp', port: 18481 },
        facts,
      );
      const seen = await probe(src === 'host' ? null : src, address, 18481);
      assert.equal(r.verdict, seen, `${src} → ${address}:18481\n${r.steps.map((x) => x.text).join('\n')}`);
    }
  });

  test('netloom reach: exit 0 when reachable, 4 when blocked with the deciding rule; the matrix JSON', async () => {
    const cli = (...args: string[]) =>
      execa(process.execPath, [join(repoRoot(), 'bin', 'netloom.js'), 'reach', ...args], { reject: false });
    const ok = await cli(`${P}a1`, `${P}a2`);
    assert.equal(ok.exitCode, 0, ok.stderr);
    assert.match(ok.stdout, /: reachable/);
    const no = await cli(`${P}a1`, `${P}b1`, '--json');
    assert.equal(no.exitCode, 4, no.stderr);
    const answer = JSON.parse(no.stdout) as { verdict: string; deciding: string };
    assert.equal(answer.verdict, 'blocked');
    assert.match(answer.deciding, /DOCKER-ISOLATION-STAGE-2 -o br-\w+ -j DROP/);
    const refused = await cli(`${P}a1`, `${P}web`, '--port', '81');
    assert.equal(refused.exitCode, 4);
    assert.match(refused.stdout, /refused/);
    assert.equal((await cli(`${P}a1`, `${P}nothing`)).exitCode, 2);
    // By name: the embedded DNS on their network answers a1; the default bridge has none for d1.
    const byName = await cli(`${P}a1`, `${P}a2`, '--by', 'name', '--json');
    assert.equal(byName.exitCode, 0, byName.stderr);
    const named = JSON.parse(byName.stdout) as { steps: { kind: string; text: string }[]; address: string };
    assert.equal(named.steps[0]?.kind, 'name');
    const a2 = JSON.parse(await docker('inspect', `${P}a2`))[0]?.NetworkSettings.Networks[`${P}a`]?.IPAddress as string;
    assert.equal(named.address, a2);
    const noName = await cli(`${P}d1`, `${P}a1`, '--by', 'name');
    assert.equal(noName.exitCode, 4);
    assert.match(noName.stdout, /no answer/);
    assert.equal((await cli(`${P}a1`, `${P}a2`, '--by', 'dns')).exitCode, 2);
    const m = await cli('--matrix', '--port', '80', '--json');
    assert.equal(m.exitCode, 0, m.stderr);
    const matrix = JSON.parse(m.stdout) as { pairs: Record<string, unknown>[]; names: Record<string, unknown>[] };
    const cell = matrix.pairs.find((p) => p.src === `${P}a1` && p.dst === `${P}web` && p.proto === 'tcp');
    assert.deepEqual(Object.keys(cell ?? {}).sort(), ['address', 'deciding', 'dst', 'port', 'proto', 'src', 'verdict']);
    assert.equal(cell?.verdict, 'reachable');
    assert.ok(matrix.names.some((n) => n.src === `${P}a1` && n.name === `${P}a2` && n.via === 'embedded-dns'));
  });

  test('--probe runs the real thing from inside the source, beside the prediction, only to this host', async () => {
    const cli = (...args: string[]) =>
      execa(process.execPath, [join(repoRoot(), 'bin', 'netloom.js'), 'reach', '--probe', '--json', ...args], {
        reject: false,
      });
    for (const [src, dst, extra, want] of [
      ['a1', 'a2', [], 'reachable'],
      ['a1', 'b1', [], 'blocked'],
      ['a1', 'web', ['--port', '80'], 'reachable'],
      ['a1', 'web', ['--port', '81'], 'refused'],
    ] as const) {
      const r = await cli(`${P}${src}`, `${P}${dst}`, ...extra);
      const answer = JSON.parse(r.stdout) as {
        verdict: string;
        agrees: boolean;
        probe: { verdict: string; command: string };
      };
      assert.equal(answer.probe.verdict, want, `${src} → ${dst} ${extra.join(' ')}: ${answer.probe.command}`);
      assert.equal(answer.agrees, true, r.stderr);
      assert.match(answer.probe.command, /^nsenter -t \d+ -n -- /);
      assert.equal(r.exitCode, want === 'reachable' ? 0 : 4);
    }
    // Refused before anything is sent: TEST-NET-1 is no address of this host.
    const away = await cli(`${P}a1`, '192.0.2.1');
    assert.equal(away.exitCode, 2);
    assert.match(away.stderr, /goes only to an address of a container, a namespace or a bridge on this host/);
  });

  test('--trace: the kernel names the same deciding rule; the marking is gone after, also after SIGINT and kill -9', async () => {
    const bin = join(repoRoot(), 'bin', 'netloom.js');
    const traceRules = async () =>
      (await sh('iptables-save', ['-t', 'raw'])).split('\n').filter((l) => l.includes('netloom-trace'));
    for (const [dst, want] of [
      ['b1', /-A DOCKER-ISOLATION-STAGE-2 -o br-\w+ -j DROP/],
      ['a2', /-A FORWARD -i br-\w+ -o br-\w+ -j ACCEPT/],
    ] as const) {
      const r = await execa(process.execPath, [bin, 'reach', `${P}a1`, `${P}${dst}`, '--trace', '--json'], {
        reject: false,
      });
      const answer = JSON.parse(r.stdout) as { traceAgrees: boolean; trace: { deciding: { text: string } | null } };
      assert.match(answer.trace.deciding?.text ?? '', want, r.stdout);
      assert.equal(answer.traceAgrees, true, r.stderr);
      assert.deepEqual(await traceRules(), [], 'no TRACE rule left');
    }
    // Interrupted while the probe waits for a reply that never comes.
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const child = execa(process.execPath, [bin, 'reach', `${P}a1`, `${P}b1`, '--trace'], { reject: false });
      for (let i = 0; i < 50 && (await traceRules()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok((await traceRules()).length > 0, 'marked while it runs');
      child.kill(signal);
      await child;
      if (signal === 'SIGINT') assert.deepEqual(await traceRules(), [], 'SIGINT unmarks');
      else assert.ok((await traceRules()).length > 0, 'kill -9 cannot unmark: the next run cleans it');
    }
    await execa(process.execPath, [bin, 'reach', `${P}a1`, `${P}a2`, '--trace'], { reject: false });
    assert.deepEqual(await traceRules(), [], 'a later run removed what the killed one left');
  });

  test('icc=false blocks traffic but not DNS: the embedded DNS answers n1 for n2', async () => {
    const name = reachMatrix(t).names.find((n) => n.src === `${P}n1` && n.name === `${P}n2`);
    assert.equal(name?.via, 'embedded-dns');
    const out = await sh('docker', ['exec', `${P}n1`, 'nslookup', '-type=a', `${P}n2`, '127.0.0.11'], {
      reject: false,
    });
    assert.ok(name?.address && out.includes(name.address), out);
  });
});
