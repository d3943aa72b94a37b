import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TopologyIndex } from '../common/topology-index.js';
import { ruleFromArgs, tokenizeRuleLine } from '../firewall/iptables-args.js';
import { buildTopology } from '../model/build-topology.js';
import type { RawHost } from '../model/raw-host.js';
import type { Topology } from '../model/types.js';
import { fixtureJson } from '../testkit/fixtures.js';
import { outsideAddress } from './egress.js';
import { reach, type ReachResult } from './reach.js';

/** A captured host (fixtures/host/), changed by `edit` before it is built, as a test needs it. */
function host(file: string, edit: (raw: RawHost) => void = () => {}): Topology {
  const raw = fixtureJson<RawHost>(`host/${file}`);
  // The scenario's rules were captured before conntrack and addrtype were parsed: read them again.
  if (raw.firewall)
    raw.firewall.rules = raw.firewall.rules.map((r) => {
      const again = ruleFromArgs(r.table, r.chain, r.index, r.text, tokenizeRuleLine(r.text)?.slice(2) ?? []);
      assert.ok(typeof again !== 'string', again as string);
      return again;
    });
  edit(raw);
  return buildTopology(raw);
}

/** Adds a rule at the head of its chain, as `iptables -I` would. */
const insert = (raw: RawHost, table: string, text: string): void => {
  const args = tokenizeRuleLine(text)?.slice(2) ?? [];
  const chain = text.split(' ')[1] as string;
  const rules = raw.firewall?.rules ?? [];
  for (const r of rules) if (r.table === table && r.chain === chain) r.index += 1;
  const rule = ruleFromArgs(table, chain, 1, `${text}`, args);
  assert.ok(typeof rule !== 'string', rule as string);
  rules.push(rule);
};
const hostDumps = (raw: RawHost) => (raw.kernel?.dumps ?? []).filter((d) => d.inode === raw.kernel?.hostInode);

const t = host('reach-raw.json');
const ask = (topology: Topology, src: string, dst: string): ReachResult => reach(topology, { src, dst, proto: 'icmp' });
const explain = (r: ReachResult): string => r.steps.map((s) => `[${s.kind}] ${s.text}`).join('\n');
const ifaceId = (topology: Topology, netnsHost: boolean, name: string): string | undefined => {
  const index = TopologyIndex.of(topology);
  const ns = netnsHost ? index.hostNetns : undefined;
  return index.interfaces.find((i) => i.name === name && (!ns || i.parent === ns.id))?.id;
};

describe('outside: out of the host by its default route', () => {
  test('from a container: its route, its bridge, the host default route, FORWARD, MASQUERADE, the NIC', () => {
    const r = ask(t, 'nle-fx-u', 'outside');
    assert.equal(r.verdict, 'reachable', explain(r));
    assert.equal(r.address, null, 'no one address stands for outside');
    assert.equal(r.from, '10.250.4.2');
    assert.deepEqual(
      r.steps.filter((s) => s.kind !== 'rule').map((s) => s.kind),
      ['route', 'veth', 'outbound', 'decides', 'masquerade', 'egress'],
    );
    const out = r.steps.find((s) => s.kind === 'outbound');
    assert.equal(out?.params.route, 'default via 192.0.2.1 dev eth0');
    assert.match(r.steps.find((s) => s.kind === 'decides')?.text ?? '', /-A FORWARD -i br-\w+ ! -o br-\w+ -j ACCEPT/);
    const masq = r.steps.find((s) => s.kind === 'masquerade');
    assert.match(masq?.params.rule ?? '', /^-A POSTROUTING -s 10\.250\.4\.0\/24 ! -o br-\w+ -j MASQUERADE$/);
    assert.deepEqual([masq?.params.from, masq?.params.to, masq?.params.dev], ['10.250.4.2', '192.0.2.2', 'eth0']);
    const last = r.steps.at(-1);
    assert.equal(last?.element, ifaceId(t, true, 'eth0'), "the last step is the host's NIC, for the UI to draw");
    assert.equal(last?.params.next, '192.0.2.1');
  });

  test('from the host itself: OUTPUT, no FORWARD, no ip_forward, and its own address needs no MASQUERADE', () => {
    const r = ask(t, 'host', 'outside');
    assert.equal(r.verdict, 'reachable', explain(r));
    assert.deepEqual(
      r.steps.map((s) => s.kind),
      ['route', 'policy', 'egress'],
    );
    assert.equal(r.from, '192.0.2.2');
  });

  test('a network with masquerading off: it leaves with its own address, and the step says so', () => {
    const r = ask(t, 'nle-fx-nm', 'outside');
    assert.equal(r.verdict, 'reachable', explain(r));
    assert.ok(!r.steps.some((s) => s.kind === 'masquerade'));
    assert.equal(r.steps.find((s) => s.kind === 'no-masquerade')?.params.from, '10.250.3.2');
  });

  test('an internal network: DOCKER-ISOLATION-STAGE-1 drops what would leave it', () => {
    const r = ask(host('scenario-raw.json'), 'nlc-int', 'outside');
    assert.equal(r.verdict, 'blocked', explain(r));
    assert.equal(r.deciding, '-A DOCKER-ISOLATION-STAGE-1 ! -d 10.234.0.0/24 -i br-bae57ffd5230 -j DROP');
    assert.ok(!r.steps.some((s) => s.kind === 'egress'));
  });

  test('a namespace on its own bridge, or hanging off the host by a veth: FORWARD policy DROP (Docker set it)', () => {
    for (const [topology, src] of [
      [host('scenario-raw.json'), 'nlc-ns'],
      [t, 'nle-fx-c'],
    ] as const) {
      const r = ask(topology, src, 'outside');
      assert.equal(r.verdict, 'blocked', explain(r));
      assert.equal(r.deciding, 'policy DROP of FORWARD');
    }
    assert.equal(ask(t, 'nle-fx-c', 'outside').steps[1]?.kind, 'veth-pair');
  });

  test('ip_forward off: the routing decision drops it before FORWARD; bridged traffic does not need it', () => {
    const off = host('reach-raw.json', (raw) => void (raw.ipForward = false));
    const r = ask(off, 'nle-fx-u', 'outside');
    assert.equal(r.verdict, 'blocked', explain(r));
    assert.equal(r.deciding, 'net.ipv4.ip_forward = 0');
    assert.equal(r.steps.at(-1)?.kind, 'forwarding-off');
    assert.ok(!r.steps.some((s) => s.kind === 'rule' || s.kind === 'decides'), 'no filter chain is walked');
    // Between two bridges the host routes too; on one bridge it only bridges.
    assert.equal(ask(off, 'nle-fx-u', 'nle-fx-db').deciding, 'net.ipv4.ip_forward = 0');
    assert.equal(ask(off, 'nle-fx-app', 'nle-fx-db').verdict, 'reachable');
    assert.equal(ask(off, 'host', 'outside').verdict, 'reachable', 'the host sending its own needs no forwarding');
    const unknown = host('reach-raw.json', (raw) => void (raw.ipForward = null));
    const u = ask(unknown, 'nle-fx-u', 'outside');
    assert.equal(u.verdict, 'reachable');
    assert.ok(u.steps.some((s) => s.kind === 'forwarding-unknown'));
  });

  test('a rule matching the NIC by -o decides; SNAT names its address; MASQUERADE with no address drops', () => {
    const dropped = host('reach-raw.json', (raw) => insert(raw, 'filter', '-A DOCKER-USER -o eth0 -j DROP'));
    assert.equal(ask(dropped, 'nle-fx-u', 'outside').deciding, '-A DOCKER-USER -o eth0 -j DROP');
    assert.equal(ask(dropped, 'nle-fx-u', '198.51.100.7').verdict, 'reachable', 'another way out is not -o eth0');
    const snat = host('reach-raw.json', (raw) =>
      insert(raw, 'nat', '-A POSTROUTING -s 10.250.3.0/24 -o eth0 -j SNAT --to-source 192.0.2.50'),
    );
    const s = ask(snat, 'nle-fx-nm', 'outside').steps.find((x) => x.kind === 'snat');
    assert.equal(s?.params.to, '192.0.2.50');
    const bare = host('reach-raw.json', (raw) => {
      for (const d of hostDumps(raw))
        for (const l of d.links) if (l.name === 'eth0') l.addresses = l.addresses.filter((a) => a.family !== 'inet');
    });
    const r = ask(bare, 'nle-fx-u', 'outside');
    assert.equal(r.verdict, 'blocked', explain(r));
    assert.equal(r.steps.at(-1)?.kind, 'masquerade-none');
  });

  test('no default route on the host: no way out; a NIC that is down: nothing crosses it', () => {
    const noDefault = host('reach-raw.json', (raw) => {
      for (const d of hostDumps(raw)) d.routes = d.routes.filter((x) => x.dst !== 'default');
    });
    const r = ask(noDefault, 'nle-fx-u', 'outside');
    assert.equal(r.verdict, 'no-route', explain(r));
    assert.deepEqual(r.steps.at(-1)?.params, { src: 'host', address: 'outside' });
    assert.equal(ask(noDefault, 'host', 'outside').verdict, 'no-route');
    const unplugged = host('reach-raw.json', (raw) => {
      for (const d of hostDumps(raw)) for (const l of d.links) if (l.name === 'eth0') l.operstate = 'DOWN';
    });
    assert.equal(ask(unplugged, 'nle-fx-u', 'outside').steps.at(-1)?.kind, 'link-down');
  });

  test('the address standing for outside is one no route, interface or rule here names', () => {
    assert.equal(outsideAddress(t, TopologyIndex.of(t)), '203.0.113.1');
    const named = host('reach-raw.json', (raw) => {
      for (const d of hostDumps(raw))
        d.routes.push({ ...(d.routes[0] as (typeof d.routes)[0]), dst: '203.0.113.0/24', gateway: null, dev: 'eth0' });
    });
    // 198.51.100.0/24 is routed by the uplink, 192.0.2.0/24 is eth0's own subnet.
    assert.equal(outsideAddress(named, TopologyIndex.of(named)), '1.1.1.1');
    assert.equal(
      ask(named, 'nle-fx-u', 'outside').steps.find((s) => s.kind === 'outbound')?.params.route,
      'default via 192.0.2.1 dev eth0',
    );
  });
});

describe('an address no one here holds, and one someone does', () => {
  test('routed out by a route of its own, through a link whose far end Netloom does not read', () => {
    const r = ask(t, 'nle-fx-db', '198.51.100.7');
    assert.equal(r.verdict, 'reachable', explain(r));
    assert.equal(r.address, '198.51.100.7');
    assert.equal(r.steps.find((s) => s.kind === 'masquerade')?.params.to, '10.250.7.1');
    assert.equal(r.steps.at(-1)?.element, ifaceId(t, true, 'nle-fx-up'));
    assert.equal(r.steps.at(-1)?.params.next, '10.250.7.2');
    assert.equal(ask(t, 'nle-fx-db', '8.8.8.8').steps.at(-1)?.params.next, '192.0.2.1', 'any other: the default route');
  });

  test("someone's here but the host routes it away (astray); on a bridge, an address no one holds (unheld)", () => {
    for (const src of ['host', 'nle-fx-db']) {
      const r = ask(t, src, 'nle-fx-a');
      assert.equal(r.verdict, 'no-route', explain(r));
      assert.equal(r.steps.at(-1)?.kind, 'astray');
      assert.equal(r.steps.at(-1)?.params.name, 'nle-fx-a');
    }
    const r = ask(t, 'nle-fx-db', '172.17.0.99');
    assert.equal(r.verdict, 'no-route', explain(r));
    assert.equal(r.steps.at(-1)?.kind, 'unheld');
  });

  test('a macvlan child goes out on its parent, past the host, when the parent leaves the host', () => {
    // The scenario's parent is a test veth whose peer is read: that does not leave, so the walk stops.
    const scenario = host('scenario-raw.json');
    assert.equal(ask(scenario, 'nlc-mv', 'outside').steps.at(-1)?.kind, 'unmodelled');
    const mva = ifaceId(scenario, true, 'nlc-mva');
    // Its peer unread, the parent is a cable to somewhere else, as a NIC is.
    const wired = {
      ...scenario,
      edges: scenario.edges.filter((e) => !(e.kind === 'veth' && (e.source === mva || e.target === mva))),
    };
    const r = ask(wired, 'nlc-mv', 'outside');
    assert.equal(r.verdict, 'reachable', explain(r));
    assert.deepEqual(
      r.steps.map((s) => s.kind),
      ['route', 'macvlan-out', 'egress'],
    );
    assert.equal(r.steps.at(-1)?.element, mva);
  });
});
