import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceFormatError } from '../exec/run-tool.js';
import { fixtureReader } from '../testkit/fixtures.js';

const readFixture = fixtureReader('firewall');
import { parseIptablesSave } from './iptables-save.js';
import { parseNftJson } from './nft-json.js';
import { emptyRule, type FirewallRule } from './types.js';

const docker = parseNftJson(readFixture('docker-nft.json'));
const native = parseNftJson(readFixture('native-nft.json'));

function rule(rules: FirewallRule[], table: string, chain: string, index: number): FirewallRule {
  const found = rules.find((r) => r.table === table && r.chain === chain && r.index === index);
  assert.ok(found, `no rule ${table} ${chain} ${index}`);
  return found;
}

function expectRule(actual: FirewallRule, fields: Partial<FirewallRule>): void {
  assert.deepEqual(actual, { ...emptyRule(actual.table, actual.chain, actual.index, actual.text), ...fields });
}

function parseError(text: string): SourceFormatError {
  try {
    parseNftJson(text);
  } catch (error) {
    assert.ok(error instanceof SourceFormatError, `expected SourceFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail('parsed without complaint');
}

describe('parseNftJson on Docker rules written through iptables-nft', () => {
  it('keeps the xt DNAT opaque: target known, address not', () => {
    expectRule(rule(docker.rules, 'nat', 'DOCKER', 5), {
      text: 'iifname != "docker0" tcp dport 8080 xt DNAT',
      target: 'DNAT',
      proto: 'tcp',
      inIface: 'docker0',
      inIfaceNegated: true,
      dport: '8080',
    });
    expectRule(rule(docker.rules, 'nat', 'DOCKER', 7), {
      text: 'iifname != "br-9bcf12f01b85" ip daddr 127.0.0.1 udp dport 5300 xt DNAT',
      target: 'DNAT',
      proto: 'udp',
      destination: '127.0.0.1',
      inIface: 'br-9bcf12f01b85',
      inIfaceNegated: true,
      dport: '5300',
    });
  });

  it('reads the MASQUERADE per subnet and the chain policies', () => {
    expectRule(rule(docker.rules, 'nat', 'POSTROUTING', 4), {
      text: 'oifname != "docker0" ip saddr 172.17.0.0/16 xt MASQUERADE',
      target: 'MASQUERADE',
      source: '172.17.0.0/16',
      outIface: 'docker0',
      outIfaceNegated: true,
    });
    assert.deepEqual(
      docker.chains.find((c) => c.table === 'filter' && c.chain === 'FORWARD'),
      { table: 'filter', chain: 'FORWARD', policy: 'DROP' },
    );
    assert.deepEqual(
      docker.chains.find((c) => c.table === 'nat' && c.chain === 'DOCKER'),
      { table: 'nat', chain: 'DOCKER', policy: null },
    );
  });

  it('numbers rules as iptables does, matching the iptables-save capture of the same moment', () => {
    const iptables = parseIptablesSave(readFixture('docker-iptables-save.txt'));
    const shape = (r: FirewallRule) => [
      r.table,
      r.chain,
      r.index,
      r.target,
      r.inIface,
      r.inIfaceNegated,
      r.outIface,
      r.outIfaceNegated,
      r.dport,
    ];
    const sorted = (rules: FirewallRule[]) =>
      rules.map(shape).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    assert.deepEqual(sorted(docker.rules), sorted(iptables.rules));
  });
});

describe('parseNftJson on a native nftables ruleset', () => {
  it('reads dnat with address and port, and the range forms', () => {
    expectRule(rule(native.rules, 'nat', 'docker', 2), {
      text: 'iifname != "br-native" tcp dport 8080 dnat to 10.88.0.2:80',
      target: 'DNAT',
      proto: 'tcp',
      inIface: 'br-native',
      inIfaceNegated: true,
      dport: '8080',
      toDestination: '10.88.0.2:80',
    });
    expectRule(rule(native.rules, 'nat', 'docker', 4), {
      text: 'iifname != "br-native" tcp dport 9000-9002 dnat to 10.88.0.4:9000-9002',
      target: 'DNAT',
      proto: 'tcp',
      inIface: 'br-native',
      inIfaceNegated: true,
      dport: '9000:9002',
      toDestination: '10.88.0.4:9000-9002',
    });
  });

  it('leaves a port set out of dport but in the text', () => {
    const r = rule(native.rules, 'nat', 'docker', 5);
    assert.equal(r.text, 'tcp dport { 7000, 7001 } dnat to 10.88.0.5');
    assert.equal(r.dport, null);
    assert.equal(r.toDestination, '10.88.0.5');
  });

  it('reads masquerade and snat, and leaves counters out of the text', () => {
    expectRule(rule(native.rules, 'nat', 'postrouting', 1), {
      text: 'ip saddr 10.88.0.0/16 oifname != "br-native" masquerade',
      target: 'MASQUERADE',
      source: '10.88.0.0/16',
      outIface: 'br-native',
      outIfaceNegated: true,
    });
    const snat = rule(native.rules, 'nat', 'postrouting', 2);
    assert.equal(snat.target, 'SNAT');
    assert.equal(snat.toSource, '192.0.2.1');
    assert.equal(rule(native.rules, 'inet/filter', 'isolation-drop', 1).text, 'drop');
  });

  it('names inet tables apart, takes jump/goto targets, comments, and skips ip6 tables', () => {
    assert.deepEqual(
      native.rules.filter((r) => r.table === 'inet/filter').map((r) => [r.chain, r.index, r.target]),
      [
        ['forward', 1, 'ACCEPT'],
        ['forward', 2, 'isolation'],
        ['forward', 3, 'DROP'],
        ['forward', 4, 'ACCEPT'],
        ['forward', 5, 'ACCEPT'],
        ['isolation', 1, 'isolation-drop'],
        ['isolation', 2, 'RETURN'],
        ['isolation-drop', 1, 'DROP'],
      ],
    );
    const commented = rule(native.rules, 'inet/filter', 'forward', 4);
    assert.equal(commented.comment, 'ssh and web');
    assert.equal(commented.destination, '10.88.0.0/16');
    assert.equal(commented.destinationNegated, true);
    assert.equal(commented.text, 'ip daddr != 10.88.0.0/16 tcp dport { 22, 80 } accept comment "ssh and web"');
    assert.equal(rule(native.rules, 'inet/filter', 'forward', 1).text, 'ct state established,related accept');
    assert.ok(!native.rules.some((r) => r.table.includes('ip6')));
    assert.deepEqual(native.chains.find((c) => c.table === 'inet/filter' && c.chain === 'forward')?.policy, 'DROP');
  });
});

describe('parseNftJson refuses malformed output', () => {
  it('refuses text that is not JSON', () => {
    assert.match(parseError('table ip nat {\n}').message, /^unexpected output from nft: not JSON \(/);
    assert.match(parseError('').message, /not JSON/);
  });

  it('refuses JSON that is not a ruleset', () => {
    assert.match(parseError('{}').message, /^unexpected output from nft: not an nft ruleset: nftables: /);
    assert.match(parseError('{"nftables": {"rule": {}}}').message, /not an nft ruleset: nftables: /);
    assert.match(parseError('[1, 2]').message, /not an nft ruleset/);
  });

  it('refuses a rule or chain of the wrong shape, naming its position', () => {
    const chain = '{"chain": {"family": "ip", "table": "nat", "name": "DOCKER"}}';
    assert.match(
      parseError(`{"nftables": [${chain}, {"rule": {"family": "ip", "table": "nat", "chain": "DOCKER"}}]}`).message,
      /nftables\[1\]\.rule: expr: /,
    );
    assert.match(
      parseError('{"nftables": [{"chain": {"family": "ip", "table": "nat"}}]}').message,
      /nftables\[0\]\.chain: name: /,
    );
  });

  it('refuses a rule in a chain that was never listed', () => {
    const message = parseError(
      '{"nftables": [{"rule": {"family": "ip", "table": "nat", "chain": "DOCKER", "expr": []}}]}',
    ).message;
    assert.match(message, /nftables\[0\]: rule in chain ip nat DOCKER, which was never listed/);
  });
});

describe('nft matches the reachability walk reads', () => {
  const rules = parseNftJson(readFixture('nft-matches.json')).rules;
  const table = 'inet/nlfx_capture';
  it('ct state as a set and negated, fib address types, negated protocol and port, sport ranges, goto vs jump', () => {
    const [est, local, notUdp, fromLocal] = [1, 2, 3, 4].map((i) => rule(rules, table, 'nlmain', i));
    assert.deepEqual(est?.ctstate, ['ESTABLISHED', 'RELATED']);
    assert.equal(est?.ctstateNegated, false);
    assert.equal(est?.outIface, 'br-x');
    assert.equal(est?.target, 'ACCEPT');
    assert.equal(local?.dstType, 'LOCAL');
    assert.equal(local?.dstTypeNegated, false);
    assert.equal(local?.dport, null, 'a negated port is no match on that port');
    assert.equal(local?.dportNot, '53');
    assert.equal(local?.sport, '1024:2000');
    assert.equal(local?.target, 'nlnext');
    assert.equal(local?.goto, true);
    assert.equal(notUdp?.proto, null);
    assert.equal(notUdp?.protoNot, 'udp');
    assert.deepEqual(notUdp?.ctstate, ['INVALID']);
    assert.equal(notUdp?.ctstateNegated, true);
    assert.equal(notUdp?.target, 'DROP');
    assert.equal(fromLocal?.srcType, 'LOCAL');
    assert.equal(fromLocal?.goto, false);
  });
});
