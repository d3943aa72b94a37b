import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa, type ResultPromise } from 'execa';
import { TopologyIndex } from '../common/topology-index.js';
import type { Topology } from '../model/types.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import {
  cleanupTestResources,
  createNetwork,
  docker,
  runContainer,
  sh,
  vethBetween as veth,
} from '../testkit/test-host.js';
import { repoRoot } from '../util/repo-root.js';
import { resolveName } from './matrix.js';
import { findContainer } from './places.js';
import { reach, type ReachResult } from './reach.js';
import { socketFacts } from './socket-facts.js';

const P = 'nle-';
const explain = (r: ReachResult): string => r.steps.map((s) => `[${s.kind}] ${s.text}`).join('\n');
const ns = (name: string, ...args: string[]) => sh('ip', ['-n', `${P}${name}`, ...args]);
/** A veth with one end in each of two of the test's namespaces. */
const vethBetween = (a: string, devA: string, b: string, devB: string) =>
  veth(`${P}${a}`, `${P}${devA}`, `${P}${b}`, `${P}${devB}`);
const cli = (...args: string[]) =>
  execa(process.execPath, [join(repoRoot(), 'bin', 'netloom.js'), 'reach', ...args], { reject: false });

/** The probe, run by the test itself inside the namespace: one busybox ping, one second. */
async function pingsFrom(name: string, address: string): Promise<boolean> {
  const r = await execa('ip', ['netns', 'exec', `${P}${name}`, 'busybox', 'ping', '-c', '1', '-W', '1', address], {
    reject: false,
  });
  return /1 packets received/.test(r.stdout);
}

/** The /etc/hosts line naming `name`, as the container's own file has it. */
async function hostsLine(container: string, name: string): Promise<string | undefined> {
  const hosts = await docker('exec', `${P}${container}`, 'cat', '/etc/hosts');
  return hosts.split('\n').find((l) => l.split(/\s+/).slice(1).includes(name));
}

let t: Topology;
let listener: ResultPromise | null = null;

describe('plain namespaces joined by a veth, and links', { timeout: 180_000 }, () => {
  before(async () => {
    await cleanupTestResources(P);
    // a ↔ b by one veth, no bridge: the classic first exercise. b also holds 10.250.8.2,
    // which a routes to via b, and 10.250.9.2, which a has no route to.
    for (const n of ['a', 'b', 'd']) await sh('ip', ['netns', 'add', `${P}${n}`]);
    await vethBetween('a', 'va', 'b', 'vb');
    await ns('a', 'addr', 'add', '10.250.1.1/24', 'dev', `${P}va`);
    await ns('b', 'addr', 'add', '10.250.1.2/24', 'dev', `${P}vb`);
    for (const [n, dev] of [
      ['a', 'va'],
      ['b', 'vb'],
    ] as const) {
      await ns(n, 'link', 'set', 'lo', 'up');
      await ns(n, 'link', 'set', `${P}${dev}`, 'up');
    }
    await ns('b', 'addr', 'add', '10.250.8.2/32', 'dev', 'lo');
    await ns('b', 'addr', 'add', '10.250.9.2/32', 'dev', 'lo');
    await ns('a', 'route', 'add', '10.250.8.0/24', 'via', '10.250.1.2');
    // a ↔ d with d's end left down: the cable is there, nothing crosses it.
    await vethBetween('a', 'vc', 'd', 'vd');
    await ns('a', 'addr', 'add', '10.250.6.1/24', 'dev', `${P}vc`);
    await ns('a', 'link', 'set', `${P}vc`, 'up');
    await ns('d', 'addr', 'add', '10.250.6.2/24', 'dev', `${P}vd`);
    // Something listening in b, held by a process of its own (no container to find it by).
    listener = execa('ip', ['netns', 'exec', `${P}b`, 'busybox', 'nc', '-l', '-p', '8080'], { reject: false });
    const bound = async (): Promise<boolean> =>
      /:1F90 /.test(await sh('ip', ['netns', 'exec', `${P}b`, 'cat', '/proc/net/tcp', '/proc/net/tcp6']));
    for (let i = 0; i < 50 && !(await bound()); i++) await new Promise((r) => setTimeout(r, 100));
    // --link: l1 gets an /etc/hosts line for d1 (as db, and by its name); d1 none for l1.
    await runContainer(`${P}d1`, []);
    await runContainer(`${P}l1`, ['--link', `${P}d1:db`]);
    // --link on a user network: an embedded-DNS name for ul1 alone.
    await createNetwork(`${P}un`);
    await runContainer(`${P}u1`, ['--network', `${P}un`]);
    await runContainer(`${P}ul1`, ['--network', `${P}un`, '--link', `${P}u1:peer`]);
    t = (await takeSnapshot({})).topology;
  });
  after(async () => {
    // Ours, by its handle (it ends by itself after one connection).
    listener?.kill();
    await listener;
    await cleanupTestResources(P);
  });

  for (const [src, dst, want, what] of [
    ['a', `${P}b`, 'reachable', 'by name, straight over the veth'],
    ['b', `${P}a`, 'reachable', 'and back'],
    ['a', '10.250.8.2', 'reachable', "by a's route via b"],
    ['a', '10.250.9.2', 'no-route', 'an address of b that a has no route to'],
    ['a', `${P}d`, 'no-route', 'a veth whose other end is down'],
  ] as const)
    test(`${src} → ${dst}: ${what} (${want}), as ping from inside ${src} says`, async () => {
      const r = reach(t, { src: `${P}${src}`, dst, proto: 'icmp' });
      assert.equal(r.verdict, want, explain(r));
      assert.ok(r.address);
      assert.equal(await pingsFrom(src, r.address), want === 'reachable', explain(r));
      if (dst === `${P}b`) assert.ok(r.steps.some((s) => s.kind === 'veth-pair' && s.params.name === `${P}b`));
      if (dst === `${P}d`)
        assert.ok(
          r.steps.some((s) => s.kind === 'link-down'),
          explain(r),
        );
    });

  test('tcp into a namespace: a listener found by its own process (reachable), a port no one holds (refused)', async () => {
    const index = TopologyIndex.of(t);
    const b = index.netns.find((n) => n.name === `${P}b`);
    assert.ok(b);
    const facts = await socketFacts(t, [b.id]);
    const refused = reach(t, { src: `${P}a`, dst: `${P}b`, proto: 'tcp', port: 8081 }, facts);
    assert.equal(refused.verdict, 'refused', explain(refused));
    const nc81 = await execa('ip', ['netns', 'exec', `${P}a`, 'busybox', 'nc', '-w', '2', '10.250.1.2', '8081'], {
      reject: false,
      all: true,
      input: '',
    });
    assert.match(nc81.all ?? '', /refused/i);
    const open = reach(t, { src: `${P}a`, dst: `${P}b`, proto: 'tcp', port: 8080 }, facts);
    assert.equal(open.verdict, 'reachable', explain(open));
    assert.ok(
      open.steps.some((s) => s.kind === 'listens'),
      explain(open),
    );
    const nc80 = await execa('ip', ['netns', 'exec', `${P}a`, 'busybox', 'nc', '-w', '2', '10.250.1.2', '8080'], {
      reject: false,
      input: 'hello\n',
    });
    assert.equal(nc80.exitCode, 0, nc80.stderr);
  });

  test('netloom reach nsA nsB: exit 0, and --probe runs inside nsA and agrees; exit 4 for no route', async () => {
    const ok = await cli(`${P}a`, `${P}b`, '--probe', '--json');
    assert.equal(ok.exitCode, 0, ok.stderr);
    const answer = JSON.parse(ok.stdout) as { verdict: string; agrees: boolean; probe: { command: string } };
    assert.equal(answer.verdict, 'reachable');
    assert.equal(answer.agrees, true, ok.stderr);
    assert.match(answer.probe.command, new RegExp(`^nsenter --net=/run/netns/${P}a -- `));
    const none = await cli(`${P}a`, '10.250.9.2');
    assert.equal(none.exitCode, 4);
    assert.match(none.stdout, /no-route/);
  });

  test('--link is one-way: l1 finds d1 as db and by name in its /etc/hosts, d1 finds nothing for l1', async () => {
    const index = TopologyIndex.of(t);
    const l1 = findContainer(index, `${P}l1`);
    const d1 = findContainer(index, `${P}d1`);
    assert.ok(l1 && d1);
    assert.deepEqual(l1.links, [{ container: d1.id, alias: 'db' }]);
    const line = await hostsLine('l1', 'db');
    assert.ok(line, 'l1 has a line for db');
    for (const name of ['db', `${P}d1`]) {
      const found = resolveName(index, l1, name);
      assert.equal(found.via, 'hosts-file', name);
      assert.equal(found.address, line.split(/\s+/)[0], `${name}: the address in l1's own /etc/hosts`);
    }
    assert.ok((await hostsLine('l1', `${P}d1`))?.startsWith(line.split(/\s+/)[0] as string));
    // The file answers the container's own resolver: ping by the alias works.
    const byAlias = await execa('docker', ['exec', `${P}l1`, 'ping', '-c', '1', '-W', '1', 'db'], { reject: false });
    assert.match(byAlias.stdout, /1 packets received/);
    // The other way: nothing.
    assert.deepEqual(resolveName(index, d1, `${P}l1`), { src: `${P}d1`, name: `${P}l1`, address: null, via: null });
    assert.equal(await hostsLine('d1', `${P}l1`), undefined);
    const back = await execa('docker', ['exec', `${P}d1`, 'ping', '-c', '1', '-W', '1', `${P}l1`], {
      reject: false,
      all: true,
    });
    assert.notEqual(back.exitCode, 0);
    // netloom reach --by name follows the same lookup.
    const named = await cli(`${P}l1`, 'db', '--by', 'name', '--json');
    assert.equal(named.exitCode, 0, named.stderr);
    const answer = JSON.parse(named.stdout) as { address: string; steps: { kind: string; params: { via: string } }[] };
    assert.equal(answer.steps[0]?.kind, 'name');
    assert.equal(answer.steps[0]?.params.via, 'hosts-file');
    assert.equal(answer.address, line.split(/\s+/)[0]);
    assert.equal((await cli(`${P}d1`, `${P}l1`, '--by', 'name')).exitCode, 4);
  });

  test('--link on a user network: ul1 resolves peer through the embedded DNS, u1 does not', async () => {
    const index = TopologyIndex.of(t);
    const ul1 = findContainer(index, `${P}ul1`);
    const u1 = findContainer(index, `${P}u1`);
    assert.ok(ul1 && u1);
    // The container's own resolver, asked by the test: busybox nslookup goes to the embedded DNS.
    const asked = await execa('docker', ['exec', `${P}ul1`, 'nslookup', 'peer'], { reject: false });
    const answered = [...asked.stdout.matchAll(/Address:\s+(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]);
    const u1Address = (
      await docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${P}un").IPAddress}}`, `${P}u1`)
    ).trim();
    assert.ok(answered.includes(u1Address), `ul1's nslookup peer: ${asked.stdout}`);
    assert.deepEqual(resolveName(index, ul1, 'peer'), {
      src: `${P}ul1`,
      name: 'peer',
      address: u1Address,
      via: 'embedded-dns',
    });
    assert.equal(await hostsLine('ul1', 'peer'), undefined, 'no /etc/hosts line on a user network');
    const byAlias = await execa('docker', ['exec', `${P}ul1`, 'ping', '-c', '1', '-W', '1', 'peer'], { reject: false });
    assert.match(byAlias.stdout, /1 packets received/);
    // One way: u1's resolver has no answer (the embedded DNS forwards it to --dns 127.0.0.1, where nothing listens).
    const back = await execa('docker', ['exec', `${P}u1`, 'timeout', '4', 'nslookup', 'peer'], { reject: false });
    assert.ok(!back.stdout.includes(u1Address), `u1's nslookup peer: ${back.stdout}`);
    assert.equal(resolveName(index, u1, 'peer').address, null);
    const named = await cli(`${P}ul1`, 'peer', '--by', 'name', '--json');
    assert.equal(named.exitCode, 0, named.stderr);
    const answer = JSON.parse(named.stdout) as { address: string; steps: { kind: string; params: { via: string } }[] };
    assert.equal(answer.steps[0]?.params.via, 'embedded-dns');
    assert.equal(answer.address, u1Address);
    assert.equal((await cli(`${P}u1`, 'peer', '--by', 'name')).exitCode, 4);
  });

  test("the hosts line follows d1's address now: restarted at another address, both agree again", async () => {
    const old = (await hostsLine('l1', 'db'))?.split(/\s+/)[0];
    await docker('stop', '-t', '0', `${P}d1`);
    // Take d1's address while it is down, so it comes back at another.
    await runContainer(`${P}squat`, []);
    await docker('start', `${P}d1`);
    const now = (await docker('inspect', '-f', '{{.NetworkSettings.IPAddress}}', `${P}d1`)).trim();
    assert.notEqual(now, old);
    const later = (await takeSnapshot({})).topology;
    const index = TopologyIndex.of(later);
    const l1 = findContainer(index, `${P}l1`);
    assert.ok(l1);
    assert.equal(resolveName(index, l1, 'db').address, now);
    assert.equal((await hostsLine('l1', 'db'))?.split(/\s+/)[0], now);
  });
});
