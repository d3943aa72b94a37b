import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceFormatError } from '../exec/run-tool.js';
import { fixtureReader } from '../testkit/fixtures.js';

const readFixture = fixtureReader('firewall');
import { parseIptablesSave } from './iptables-save.js';
import { emptyRule, type FirewallRule } from './types.js';

// Bridges and subnets of the captured scenario (fixtures/firewall/docker-scenario.txt).
const PUB_BRIDGE = 'br-9bcf12f01b85';
const INTERNAL_BRIDGE = 'br-3f2f965c38f3';
const NOICC_BRIDGE = 'br-437dbac7d5cb';

const docker = parseIptablesSave(readFixture('docker-iptables-save.txt'));
const legacy = parseIptablesSave(readFixture('legacy-iptables-save.txt'), 'iptables-legacy-save');

function rule(rules: FirewallRule[], table: string, chain: string, index: number): FirewallRule {
  const found = rules.find((r) => r.table === table && r.chain === chain && r.index === index);
  assert.ok(found, `no rule ${table} ${chain} ${index}`);
  return found;
}

function expectRule(actual: FirewallRule, fields: Partial<FirewallRule>): void {
  assert.deepEqual(actual, { ...emptyRule(actual.table, actual.chain, actual.index, actual.text), ...fields });
}

function parseError(text: string, source?: string): SourceFormatError {
  try {
    parseIptablesSave(text, source);
  } catch (error) {
    assert.ok(error instanceof SourceFormatError, `expected SourceFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail('parsed without complaint');
}

describe('parseIptablesSave on a Docker 20.10 host (iptables-nft)', () => {
  it('reads the backend from the header and the chains with their policies', () => {
    assert.equal(docker.backendHint, 'nf_tables');
    assert.equal(docker.chains.length, 12);
    assert.deepEqual(
      docker.chains.find((c) => c.table === 'filter' && c.chain === 'FORWARD'),
      { table: 'filter', chain: 'FORWARD', policy: 'DROP' },
    );
    assert.deepEqual(
      docker.chains.find((c) => c.table === 'nat' && c.chain === 'DOCKER'),
      { table: 'nat', chain: 'DOCKER', policy: null },
    );
    assert.equal(docker.rules.length, 63);
  });

  it('reads the DNAT of a published port (-p 8080:80 and -p 18080:80)', () => {
    expectRule(rule(docker.rules, 'nat', 'DOCKER', 5), {
      text: '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
      target: 'DNAT',
      proto: 'tcp',
      inIface: 'docker0',
      inIfaceNegated: true,
      dport: '8080',
      toDestination: '172.17.0.2:80',
    });
    expectRule(rule(docker.rules, 'nat', 'DOCKER', 6), {
      text: '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 18080 -j DNAT --to-destination 172.17.0.4:80',
      target: 'DNAT',
      proto: 'tcp',
      inIface: 'docker0',
      inIfaceNegated: true,
      dport: '18080',
      toDestination: '172.17.0.4:80',
    });
  });

  it('reads a udp port published on 127.0.0.1 only', () => {
    expectRule(rule(docker.rules, 'nat', 'DOCKER', 7), {
      text: `-A DOCKER -d 127.0.0.1/32 ! -i ${PUB_BRIDGE} -p udp -m udp --dport 5300 -j DNAT --to-destination 192.168.32.2:53`,
      target: 'DNAT',
      proto: 'udp',
      destination: '127.0.0.1/32',
      inIface: PUB_BRIDGE,
      inIfaceNegated: true,
      dport: '5300',
      toDestination: '192.168.32.2:53',
    });
  });

  it('reads a published range as the one rule per port that Docker 20.10 writes', () => {
    const range = docker.rules.filter((r) => r.target === 'DNAT' && r.toDestination?.startsWith('192.168.32.3:'));
    assert.deepEqual(
      range.map((r) => [r.index, r.dport, r.toDestination]),
      [
        [8, '9002', '192.168.32.3:9002'],
        [9, '9001', '192.168.32.3:9001'],
        [10, '9000', '192.168.32.3:9000'],
      ],
    );
  });

  it('reads the random port of -P', () => {
    const random = rule(docker.rules, 'nat', 'DOCKER', 11);
    assert.equal(random.dport, '32773');
    assert.equal(random.toDestination, '172.17.0.5:80');
  });

  it('reads one MASQUERADE per subnet, for traffic not leaving through its own bridge', () => {
    const masquerades = docker.rules.filter((r) => r.target === 'MASQUERADE' && r.destination === null);
    assert.deepEqual(
      masquerades.map((r) => [r.chain, r.index, r.source, r.outIface, r.outIfaceNegated]),
      [
        ['POSTROUTING', 1, '192.168.64.0/20', NOICC_BRIDGE, true],
        ['POSTROUTING', 2, '192.168.32.0/20', PUB_BRIDGE, true],
        ['POSTROUTING', 3, '172.18.0.0/16', 'br-25268a20f17c', true],
        ['POSTROUTING', 4, '172.17.0.0/16', 'docker0', true],
      ],
    );
    expectRule(masquerades[3] as FirewallRule, {
      text: '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
      target: 'MASQUERADE',
      source: '172.17.0.0/16',
      outIface: 'docker0',
      outIfaceNegated: true,
    });
  });

  it('reads the isolation stages between networks', () => {
    expectRule(rule(docker.rules, 'filter', 'DOCKER-ISOLATION-STAGE-1', 4), {
      text: `-A DOCKER-ISOLATION-STAGE-1 -i ${PUB_BRIDGE} ! -o ${PUB_BRIDGE} -j DOCKER-ISOLATION-STAGE-2`,
      target: 'DOCKER-ISOLATION-STAGE-2',
      inIface: PUB_BRIDGE,
      outIface: PUB_BRIDGE,
      outIfaceNegated: true,
    });
    expectRule(rule(docker.rules, 'filter', 'DOCKER-ISOLATION-STAGE-2', 2), {
      text: `-A DOCKER-ISOLATION-STAGE-2 -o ${PUB_BRIDGE} -j DROP`,
      target: 'DROP',
      outIface: PUB_BRIDGE,
    });
    assert.equal(rule(docker.rules, 'filter', 'DOCKER-ISOLATION-STAGE-2', 5).target, 'RETURN');
  });

  it('reads the rules that shut an --internal network in', () => {
    expectRule(rule(docker.rules, 'filter', 'DOCKER-ISOLATION-STAGE-1', 2), {
      text: `-A DOCKER-ISOLATION-STAGE-1 ! -s 192.168.48.0/20 -o ${INTERNAL_BRIDGE} -j DROP`,
      target: 'DROP',
      source: '192.168.48.0/20',
      sourceNegated: true,
      outIface: INTERNAL_BRIDGE,
    });
    expectRule(rule(docker.rules, 'filter', 'DOCKER-ISOLATION-STAGE-1', 3), {
      text: `-A DOCKER-ISOLATION-STAGE-1 ! -d 192.168.48.0/20 -i ${INTERNAL_BRIDGE} -j DROP`,
      target: 'DROP',
      destination: '192.168.48.0/20',
      destinationNegated: true,
      inIface: INTERNAL_BRIDGE,
    });
    assert.ok(
      !docker.rules.some((r) => r.table === 'nat' && (r.inIface === INTERNAL_BRIDGE || r.outIface === INTERNAL_BRIDGE)),
    );
  });

  it('reads the bridge-to-itself DROP of a network with enable_icc=false', () => {
    expectRule(rule(docker.rules, 'filter', 'FORWARD', 19), {
      text: `-A FORWARD -i ${NOICC_BRIDGE} -o ${NOICC_BRIDGE} -j DROP`,
      target: 'DROP',
      inIface: NOICC_BRIDGE,
      outIface: NOICC_BRIDGE,
    });
    const sameBridge = docker.rules.filter(
      (r) => r.inIface === NOICC_BRIDGE && r.outIface === NOICC_BRIDGE && !r.outIfaceNegated,
    );
    assert.deepEqual(
      sameBridge.map((r) => r.target),
      ['DROP'],
    );
  });

  it('numbers rules from 1 within each (table, chain), so DOCKER in nat and in filter count apart', () => {
    const byChain = new Map<string, number[]>();
    for (const r of docker.rules)
      byChain.set(`${r.table} ${r.chain}`, [...(byChain.get(`${r.table} ${r.chain}`) ?? []), r.index]);
    for (const [chain, indexes] of byChain) {
      assert.deepEqual(
        indexes,
        indexes.map((_, i) => i + 1),
        chain,
      );
    }
    assert.equal(byChain.get('filter DOCKER')?.length, 7);
    assert.equal(byChain.get('nat DOCKER')?.length, 11);
    assert.equal(byChain.get('filter FORWARD')?.length, 19);
  });

  it('strips the counters of iptables-save -c and reads the same rules', () => {
    const counted = parseIptablesSave(readFixture('docker-iptables-save-counters.txt'));
    assert.deepEqual(counted.rules, docker.rules);
    assert.deepEqual(counted.chains, docker.chains);
    assert.ok(counted.rules.every((r) => r.text.startsWith('-A ')));
  });
});

describe('parseIptablesSave on legacy iptables', () => {
  it('takes a header without "(nf_tables)" as the legacy backend', () => {
    assert.equal(legacy.backendHint, 'legacy');
  });

  it('unquotes comments, escaped quotes included', () => {
    expectRule(rule(legacy.rules, 'nat', 'DOCKER', 3), {
      text: '-A DOCKER ! -i br-legacy -p tcp -m tcp --dport 8443 -m comment --comment "web \\"tls\\" port" -j DNAT --to-destination 172.30.0.2:443',
      target: 'DNAT',
      proto: 'tcp',
      inIface: 'br-legacy',
      inIfaceNegated: true,
      dport: '8443',
      toDestination: '172.30.0.2:443',
      comment: 'web "tls" port',
    });
    assert.equal(rule(legacy.rules, 'filter', 'DOCKER-USER', 1).comment, 'blocked range');
  });

  it('reads a port range and its DNAT range', () => {
    const r = rule(legacy.rules, 'nat', 'DOCKER', 2);
    assert.equal(r.dport, '9100:9102');
    assert.equal(r.toDestination, '172.30.0.3:9100-9102');
  });

  it('reads SNAT and -g', () => {
    assert.equal(rule(legacy.rules, 'nat', 'POSTROUTING', 2).toSource, '192.0.2.10');
    assert.equal(rule(legacy.rules, 'filter', 'FORWARD', 2).target, 'fwcap-drop');
  });

  it('leaves a negated port out of dport rather than read it as the match', () => {
    const r = rule(legacy.rules, 'filter', 'DOCKER-USER', 2);
    assert.equal(r.proto, 'udp');
    assert.equal(r.dport, null);
    assert.match(r.text, /! --dport 53/);
  });
});

describe('parseIptablesSave edge cases', () => {
  const table = (...rules: string[]) =>
    ['*filter', ':INPUT ACCEPT [0:0]', ':X - [0:0]', ...rules, 'COMMIT', ''].join('\n');

  it('reads the negation of iptables before 1.4.3 (-i ! eth0)', () => {
    const [r] = parseIptablesSave(table('-A X -i ! eth0 -s ! 10.0.0.0/8 -j DROP')).rules;
    assert.equal(r?.inIface, 'eth0');
    assert.equal(r?.inIfaceNegated, true);
    assert.equal(r?.source, '10.0.0.0/8');
    assert.equal(r?.sourceNegated, true);
  });

  it('keeps a ! that belongs to an option it does not model away from the next one', () => {
    const [r] = parseIptablesSave(table('-A X -m conntrack ! --ctstate NEW -i eth0 -j ACCEPT')).rules;
    assert.equal(r?.inIfaceNegated, false);
  });

  it('joins quoted pieces and unescapes backslashes as iptables-restore does', () => {
    const [joined, escaped] = parseIptablesSave(
      table(
        '-A X -m comment --comment "a b"c -j ACCEPT',
        '-A X -m comment --comment "back\\\\slash \\"q\\"" -j ACCEPT',
      ),
    ).rules;
    assert.equal(joined?.comment, 'a bc');
    assert.equal(escaped?.comment, 'back\\slash "q"');
    assert.equal(escaped?.text, '-A X -m comment --comment "back\\\\slash \\"q\\"" -j ACCEPT');
  });

  it('reads a rule without a target and an empty dump', () => {
    const [r] = parseIptablesSave(table('-A X -s 10.0.0.1/32')).rules;
    assert.equal(r?.target, null);
    assert.deepEqual(parseIptablesSave(''), { chains: [], rules: [], backendHint: null });
  });
});

describe('parseIptablesSave refuses malformed output', () => {
  it('refuses a table without COMMIT as truncated', () => {
    const text = readFixture('docker-iptables-save.txt');
    const truncated = text.slice(0, text.lastIndexOf('COMMIT'));
    const error = parseError(truncated);
    assert.match(
      error.message,
      /^unexpected output from iptables-save: table nat \(line \d+\) ends without COMMIT: the output looks truncated$/,
    );
  });

  it('refuses a new table while one is still open', () => {
    const error = parseError('*filter\n:INPUT ACCEPT [0:0]\n*nat\nCOMMIT\n');
    assert.match(error.message, /line 3: table filter \(line 1\) has no COMMIT before the next table/);
  });

  it('refuses a rule before any table, naming the line', () => {
    const error = parseError(
      '# Generated by iptables-save v1.8.9 (nf_tables) on Wed Nov 25 12:41:48 2026\n-A FORWARD -j DROP\n',
    );
    assert.match(
      error.message,
      /^unexpected output from iptables-save: line 2: line outside a table .*: "-A FORWARD -j DROP"$/,
    );
  });

  it('refuses a rule for a chain the table never declared, naming the source', () => {
    const error = parseError('*nat\n:PREROUTING ACCEPT [0:0]\n-A DOCKER -j RETURN\nCOMMIT\n', 'iptables-legacy-save');
    assert.equal(error.source, 'iptables-legacy-save');
    assert.match(error.message, /iptables-legacy-save: line 3: rule for chain DOCKER, which table nat never declared/);
  });

  it('refuses unknown lines, unterminated quotes and options without a value', () => {
    assert.match(
      parseError('*nat\n:A - [0:0]\n-I A -j DROP\nCOMMIT\n').message,
      /line 3: not a chain, rule or COMMIT line/,
    );
    assert.match(
      parseError('*nat\n:A - [0:0]\n-A A -m comment --comment "open\nCOMMIT\n').message,
      /line 3: unterminated quote/,
    );
    assert.match(parseError('*nat\n:A - [0:0]\n-A A -j\nCOMMIT\n').message, /line 3: -j has no value/);
    assert.match(parseError('*nat\n:A\nCOMMIT\n').message, /line 2: chain declaration without a policy/);
  });
});

describe('the matches the reachability walk reads, from the Docker capture', () => {
  it('conntrack state, address type, goto and negated protocol and port', () => {
    const est = docker.rules.find((r) => r.chain === 'FORWARD' && r.outIface === 'docker0' && r.ctstate !== null);
    assert.deepEqual(est?.ctstate, ['RELATED', 'ESTABLISHED']);
    assert.equal(est?.ctstateNegated, false);
    const pre = docker.rules.find((r) => r.table === 'nat' && r.chain === 'PREROUTING' && r.target === 'DOCKER');
    assert.equal(pre?.dstType, 'LOCAL');
    assert.equal(pre?.dstTypeNegated, false);
    const out = docker.rules.find((r) => r.table === 'nat' && r.chain === 'OUTPUT' && r.target === 'DOCKER');
    assert.equal(out?.destination, '127.0.0.0/8');
    assert.equal(out?.destinationNegated, true);
    const [g, np] = parseIptablesSave(
      [
        '*filter',
        ':X - [0:0]',
        ':Y - [0:0]',
        '-A X -g Y',
        '-A X ! -p udp -p tcp ! --dport 53 --sport 1024:2000 -m state ! --state INVALID -m addrtype ! --src-type LOCAL -j DROP',
        'COMMIT',
        '',
      ].join('\n'),
    ).rules;
    assert.equal(g?.target, 'Y');
    assert.equal(g?.goto, true);
    assert.equal(np?.protoNot, 'udp');
    assert.equal(np?.proto, 'tcp');
    assert.equal(np?.dport, null);
    assert.equal(np?.dportNot, '53');
    assert.equal(np?.sport, '1024:2000');
    assert.deepEqual(np?.ctstate, ['INVALID']);
    assert.equal(np?.ctstateNegated, true);
    assert.equal(np?.srcType, 'LOCAL');
    assert.equal(np?.srcTypeNegated, true);
    assert.equal(np?.goto, false);
  });
});
