import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ruleFromArgs, tokenizeRuleLine } from '../firewall/iptables-args.js';
import { buildTopology } from '../model/build-topology.js';
import type { RawHost } from '../model/raw-host.js';
import type { Topology } from '../model/types.js';
import { fixtureJson } from '../testkit/fixtures.js';
import { reachMatrix } from './matrix.js';
import { probe, ProbeRefused } from './probe.js';
import { reach } from './reach.js';

/**
 * The captured scenario host. Its rules were captured before the parser read conntrack
 * state and address types: each is read again from its captured `iptables -S` text.
 */
function scenario(): Topology {
  const raw = fixtureJson<RawHost>('host/scenario-raw.json');
  if (raw.firewall)
    raw.firewall.rules = raw.firewall.rules.map((r) => {
      const args = tokenizeRuleLine(r.text)?.slice(2) ?? [];
      const again = ruleFromArgs(r.table, r.chain, r.index, r.text, args);
      assert.ok(typeof again !== 'string', again as string);
      return again;
    });
  return buildTopology(raw);
}

const t = scenario();
const ask = (src: string, dst: string, proto: 'icmp' | 'tcp' | 'udp' = 'icmp', port: number | null = null) =>
  reach(t, { src, dst, proto, port });

describe('reach on the captured scenario', () => {
  test('two containers on the default bridge: bridged, FORWARD accepts', () => {
    const r = ask('nlc-a', 'nlc-b');
    assert.equal(r.verdict, 'reachable', JSON.stringify(r.steps, null, 1));
    assert.equal(r.address, '172.17.0.3');
    assert.ok(r.steps.some((s) => s.kind === 'bridge' && s.text.includes('docker0')));
    assert.ok(r.steps.some((s) => s.kind === 'decides' && /-i docker0 -o docker0 -j ACCEPT/.test(s.text)));
  });

  test('between two user networks: DOCKER-ISOLATION-STAGE-2 drops it', () => {
    const r = ask('nlc-a', 'nlc-static');
    assert.equal(r.verdict, 'blocked', JSON.stringify(r.steps, null, 1));
    assert.match(r.deciding ?? '', /-A DOCKER-ISOLATION-STAGE-2 -o br-\w+ -j DROP/);
  });

  test('a container on two networks is reached by its address on the network it shares with the asker', () => {
    const fixed = ask('nlc-static', 'nlc-two');
    assert.equal(fixed.address, '10.231.0.2');
    assert.equal(fixed.verdict, 'reachable', JSON.stringify(fixed.steps, null, 1));
    assert.equal(ask('nlc-a', 'nlc-two').address, '172.17.0.4');
  });

  test('an internal network keeps its containers in, but not from its own host', () => {
    const out = ask('nlc-int', 'nlc-a');
    assert.notEqual(out.verdict, 'reachable', JSON.stringify(out.steps, null, 1));
    const host = ask('nlc-int', 'host');
    assert.equal(host.verdict, 'reachable', JSON.stringify(host.steps, null, 1));
    assert.ok(
      host.steps.some((s) => s.kind === 'policy' && s.text.includes('ACCEPT')),
      'INPUT policy ACCEPT',
    );
  });

  test('a shared namespace, a stopped container, no network, and names that are not there', () => {
    const shared = t.nodes.find((n) => n.kind === 'container' && n.name === 'nlc-shared');
    assert.ok(shared && shared.kind === 'container');
    const owner = t.nodes.find((n) => n.kind === 'container' && n.netns === shared.netns && n.name !== 'nlc-shared');
    assert.ok(owner && owner.kind === 'container');
    assert.equal(ask('nlc-shared', owner.name).verdict, 'reachable');
    assert.equal(ask('nlc-shared', owner.name).steps[0]?.kind, 'same-netns');
    assert.equal(ask('nlc-a', 'nlc-stopped').verdict, 'not-running');
    assert.equal(ask('nlc-none', 'nlc-a').verdict, 'no-route');
    assert.throws(() => ask('nlc-nothing', 'nlc-a'), /no container or named namespace "nlc-nothing"/);
  });

  test('a bare address and the host', () => {
    assert.equal(ask('nlc-a', '172.17.0.3').verdict, 'reachable');
    assert.equal(ask('nlc-a', '172.17.0.1').steps.at(-1)?.kind, 'deliver-host');
  });
});

describe('the matrix', () => {
  test('every running pair by every address, tcp with a port, and names as the embedded DNS answers them', () => {
    const m = reachMatrix(t, 80);
    const cell = (src: string, dst: string, proto: string) =>
      m.pairs.find((p) => p.src === src && p.dst === dst && p.proto === proto);
    assert.deepEqual(Object.keys(cell('nlc-a', 'nlc-b', 'icmp') ?? {}).sort(), [
      'address',
      'deciding',
      'dst',
      'port',
      'proto',
      'src',
      'verdict',
    ]);
    assert.equal(cell('nlc-a', 'nlc-b', 'tcp')?.port, 80);
    assert.equal(cell('nlc-a', 'nlc-b', 'icmp')?.port, null);
    assert.equal(cell('nlc-a', 'nlc-static', 'icmp')?.verdict, 'blocked');
    // nlc-two has two addresses: one cell each.
    assert.deepEqual(
      m.pairs
        .filter((p) => p.src === 'nlc-static' && p.dst === 'nlc-two' && p.proto === 'icmp')
        .map((p) => p.address)
        .sort(),
      ['10.231.0.2', '172.17.0.4'],
    );
    assert.ok(!m.pairs.some((p) => p.src === 'nlc-stopped' || p.dst === 'nlc-stopped'), 'running containers only');
    // The embedded DNS: on nlc-fixed, nlc-static finds nlc-two at its nlc-fixed address; the default bridge has none.
    const name = (src: string, n: string) => m.names.find((x) => x.src === src && x.name === n);
    assert.deepEqual(name('nlc-static', 'nlc-two'), {
      src: 'nlc-static',
      name: 'nlc-two',
      address: '10.231.0.2',
      via: 'embedded-dns',
    });
    assert.deepEqual(name('nlc-a', 'nlc-b'), { src: 'nlc-a', name: 'nlc-b', address: null, via: null });
  });
});

describe('from the host', () => {
  test('the host reaches a container on any bridge: OUTPUT, not FORWARD', () => {
    const r = ask('host', 'nlc-static');
    assert.equal(r.verdict, 'reachable', JSON.stringify(r.steps, null, 1));
    assert.ok(r.steps.some((s) => s.kind === 'policy' && s.text.startsWith('OUTPUT')));
    assert.ok(!r.steps.some((s) => s.text.includes('FORWARD')));
  });
});

describe('the probe refuses before anything is sent', () => {
  test('an address that is no container, namespace or bridge of this host; a stopped source', async () => {
    await assert.rejects(probe(t, { src: 'nlc-a', address: '192.0.2.1', proto: 'icmp', port: null }), ProbeRefused);
    const nic = t.nodes.find(
      (n) =>
        n.kind === 'interface' &&
        n.name === 'eth0' &&
        n.parent === t.nodes.find((x) => x.kind === 'netns' && x.host)?.id,
    );
    assert.ok(nic && nic.kind === 'interface');
    const own = nic.addresses[0]?.split('/')[0] ?? '';
    await assert.rejects(probe(t, { src: 'nlc-a', address: own, proto: 'icmp', port: null }), /on this host/);
    await assert.rejects(
      probe(t, { src: 'nlc-stopped', address: '172.17.0.3', proto: 'icmp', port: null }),
      /not running/,
    );
  });

  test('from outside: a published port by its host port (DNAT, FORWARD, DOCKER ACCEPT); loopback-only and unpublished ports are not', () => {
    const web = ask('outside', 'nlc-a', 'tcp', 80);
    assert.equal(web.verdict, 'reachable', web.steps.map((s) => s.text).join('\n'));
    assert.ok(web.steps.some((s) => s.kind === 'published' && s.params.published === '0.0.0.0:18080'));
    assert.ok(web.steps.some((s) => s.kind === 'dnat' && /--dport 18080/.test(s.params.rule ?? '')));
    assert.ok(web.steps.some((s) => s.kind === 'decides' && /-j ACCEPT/.test(s.params.rule ?? '')));
    const dns = ask('outside', 'nlc-ports', 'udp', 53);
    assert.equal(dns.verdict, 'no-route');
    assert.ok(dns.steps.some((s) => s.kind === 'published-loopback'));
    // Not published: asked for at its own address, FORWARD's policy drops it.
    const direct = ask('outside', 'nlc-a', 'tcp', 22);
    assert.equal(direct.verdict, 'blocked', direct.steps.map((s) => s.text).join('\n'));
    assert.equal(direct.steps.find((s) => s.kind === 'inbound')?.params.dev, 'eth0');
    assert.throws(() => ask('outside', 'outside'), /outside to outside/);
  });
});
