import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ids } from '../model/ids.js';
import { type ContainerNode, type Topology } from '../model/types.js';
import { cleanText, formatTopologyText, MAX_LINE, truncate } from './format-text.js';

import { WEB, API, SIDECAR, OLD, sampleTopology } from '../testkit/sample-topology.js';

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

/** The lines of one section, from its heading to the blank line after it. */
function sectionOf(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(heading);
  assert.notEqual(start, -1, `section "${heading}" missing in:\n${text}`);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** The line containing every fragment, in order, with any spacing between them. */
function lineMatching(lines: string[], ...fragments: string[]): string {
  const re = new RegExp(fragments.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' +'));
  const found = lines.find((l) => re.test(l));
  assert.ok(found, `no line matches ${re} in:\n${lines.join('\n')}`);
  return found;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('formatTopologyText', () => {
  const text = formatTopologyText(sampleTopology());

  it('prints a header with host, kernel, engine, ip_forward and firewall backend', () => {
    const lines = text.split('\n');
    assert.equal(lines[0], 'Host devbox');
    lineMatching(lines, 'kernel', '6.8.0-45-generic');
    lineMatching(lines, 'engine', 'Docker 27.3.1 (API 1.47)');
    lineMatching(lines, 'ip_forward', 'on');
    lineMatching(lines, 'firewall', 'iptables-nft, FORWARD policy DROP');
  });

  it('says when there is no engine, no ip_forward reading and no firewall', () => {
    const t = sampleTopology();
    t.host.engine = null;
    t.host.ipForward = null;
    t.firewall = null;
    const lines = formatTopologyText(t).split('\n');
    lineMatching(lines, 'engine', 'no Docker engine');
    lineMatching(lines, 'ip_forward', 'unknown');
    lineMatching(lines, 'firewall', 'unknown');
    t.host.ipForward = false;
    lineMatching(formatTopologyText(t).split('\n'), 'ip_forward', 'off');
  });

  it('lists every missing facet with its reason, and nothing when all were read', () => {
    assert.ok(!text.includes('Missing:'));
    const t = sampleTopology();
    t.facets.firewall = { ok: false, reason: 'iptables-save not found' };
    t.facets.docker = { ok: false, reason: 'cannot connect to /var/run/docker.sock' };
    const missing = sectionOf(formatTopologyText(t), 'Missing:');
    assert.deepEqual(missing, [
      '  docker    cannot connect to /var/run/docker.sock',
      '  firewall  iptables-save not found',
    ]);
  });

  it('prints the sections in order and leaves out empty ones', () => {
    const headings = [
      'Networks',
      'Containers',
      'Bridges',
      'Namespaces',
      'Published ports',
      'NAT rules',
      'Filter rules (FORWARD, DOCKER*)',
    ];
    const lines = text.split('\n');
    const at = headings.map((h) => lines.indexOf(h));
    assert.ok(
      at.every((i) => i > 0),
      `all headings present: ${at.join(',')}`,
    );
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at,
    );

    const bare: Topology = { ...sampleTopology(), nodes: [], edges: [], firewall: null };
    const out = formatTopologyText(bare);
    for (const h of headings) assert.ok(!out.split('\n').includes(h), `${h} should be omitted`);
    assert.ok(out.startsWith('Host devbox\n'));
  });

  it('lists networks by name with subnet, gateway, bridge and flags, and their containers', () => {
    const lines = sectionOf(text, 'Networks');
    const appnet = lineMatching(
      lines,
      'appnet',
      'bridge',
      '172.20.0.0/16 gw 172.20.0.1',
      'br-1a2b3c4d5e6f',
      'icc off, embedded DNS',
    );
    const bridge = lineMatching(lines, 'bridge', 'bridge', '172.17.0.0/16 gw 172.17.0.1', 'docker0');
    assert.ok(!bridge.includes('embedded DNS'), 'the default bridge has no embedded DNS');
    assert.ok(!bridge.includes('icc off'));
    assert.ok(lines.indexOf(appnet) < lines.indexOf(bridge), 'networks sorted by name');
    // Attached containers sit under their network, sorted by name.
    const under = lines.slice(lines.indexOf(bridge) + 1);
    assert.match(under[0] ?? '', /^ {6}api +172\.17\.0\.3\/16 +02:42:ac:11:00:03 +eth0$/);
    assert.match(under[1] ?? '', /^ {6}old-job +— +— +— +\(stopped\)$/);
    assert.match(under[2] ?? '', /^ {6}web +172\.17\.0\.2\/16 +02:42:ac:11:00:02 +eth0$/);
    const underApp = lines.slice(lines.indexOf(appnet) + 1);
    assert.match(underApp[0] ?? '', /^ {6}api +172\.20\.0\.2\/16 +02:42:ac:14:00:02 +eth1$/);
  });

  it('lines up the columns of network rows', () => {
    const lines = sectionOf(text, 'Networks').filter((l) => /^ {2}\S/.test(l));
    assert.equal(lines.length, 2);
    const col = (l: string): number => l.indexOf('172.');
    assert.equal(col(lines[0] as string), col(lines[1] as string));
  });

  it('lists containers with short id, image, state, network mode, IPs per network and ports', () => {
    const lines = sectionOf(text, 'Containers');
    const web = lineMatching(lines, 'web', WEB.slice(0, 12), 'nginx:1.27', 'running', 'bridge');
    lineMatching(lines, 'api', API.slice(0, 12), 'example/api:2', 'running', 'appnet');
    lineMatching(lines, 'sidecar', SIDECAR.slice(0, 12), 'busybox', 'running', 'container:api');
    lineMatching(lines, 'old-job', OLD.slice(0, 12), 'alpine', 'exited (stopped)', 'bridge');
    const after = lines.slice(lines.indexOf(web) + 1);
    assert.match(after[0] ?? '', /^ {6}net +bridge +172\.17\.0\.2\/16$/);
    assert.match(after[1] ?? '', /^ {6}ports +0\.0\.0\.0:8080→80\/tcp$/);
    const api = lines.indexOf(lineMatching(lines, 'api', API.slice(0, 12)));
    assert.match(lines[api + 1] ?? '', /net +appnet +172\.20\.0\.2\/16/);
    assert.match(lines[api + 2] ?? '', /net +bridge +172\.17\.0\.3\/16/);
    assert.match(lines[api + 3] ?? '', /ports +127\.0\.0\.1:9000→9000\/tcp/);
    const names = lines.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/ +/)[0]);
    assert.deepEqual(names, ['api', 'old-job', 'sidecar', 'web']);
  });

  it('shows container:<id> modes by name even when the target is unknown', () => {
    const t = sampleTopology();
    t.nodes = t.nodes.filter((n) => n.id !== ids.container(API));
    lineMatching(
      sectionOf(formatTopologyText(t), 'Containers'),
      'sidecar',
      SIDECAR.slice(0, 12),
      'busybox',
      'running',
      `container:${API.slice(0, 12)}`,
    );
  });

  it('lists host bridges with addresses, state and their ports with veth peers', () => {
    const lines = sectionOf(text, 'Bridges');
    const br = lineMatching(lines, 'br-1a2b3c4d5e6f', '172.20.0.1/16', 'up', 'network appnet');
    const d0 = lineMatching(lines, 'docker0', '172.17.0.1/16', 'up', 'network bridge');
    assert.ok(lines.indexOf(br) < lines.indexOf(d0));
    assert.equal(lines[lines.indexOf(br) + 1], '      veth3333ccc ⇄ eth1 in api, sidecar  up');
    assert.match(lines[lines.indexOf(d0) + 1] ?? '', /^ {6}veth1111aaa ⇄ eth0 in web +up$/);
    assert.match(lines[lines.indexOf(d0) + 2] ?? '', /^ {6}veth2222bbb ⇄ eth0 in api, sidecar +up$/);
    assert.ok(!lines.some((l) => l.includes('veth-lab')), 'veth-lab is no bridge port');
  });

  it('lists only namespaces no container owns, with interfaces and veth peers', () => {
    const lines = sectionOf(text, 'Namespaces');
    assert.match(lines[0] ?? '', /^ {2}lab +inode 4026532400$/);
    assert.match(lines[1] ?? '', /^ {6}lo +— +down$/);
    assert.match(lines[2] ?? '', /^ {6}veth0 +10\.0\.0\.2\/24 +up +⇄ veth-lab in host$/);
    assert.equal(lines.length, 3, 'container namespaces are not listed');
  });

  it('lists published ports with their DNAT rule or "no DNAT rule"', () => {
    const lines = sectionOf(text, 'Published ports');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^ {2}0\.0\.0\.0:8080\/tcp +→ +web:80 +nat:nat:DOCKER:2$/);
    assert.equal(
      lines[1],
      '      -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    );
    assert.match(lines[2] ?? '', /^ {2}127\.0\.0\.1:9000\/tcp +→ +api:9000 +no DNAT rule$/);
  });

  it('lists NAT rules grouped by chain, in index order, long texts cut with …', () => {
    const lines = sectionOf(text, 'NAT rules');
    const keys = lines.map((l) => l.trim().split(/ +/).slice(0, 2).join(' '));
    assert.deepEqual(keys, ['PREROUTING #1', 'POSTROUTING #1', 'DOCKER #1', 'DOCKER #2', 'DOCKER #10']);
    lineMatching(
      lines,
      'DOCKER',
      '#2',
      'DNAT',
      '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    );
    lineMatching(
      lines,
      'POSTROUTING',
      '#1',
      'MASQUERADE',
      '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
    );
    const long = lineMatching(lines, 'DOCKER', '#10', 'DNAT', '-A DOCKER ! -i br-1a2b3c4d5e6f');
    assert.ok(long.endsWith('…'));
    assert.ok([...long].length <= MAX_LINE, `${[...long].length} chars`);
  });

  it('limits filter rules to FORWARD and DOCKER* chains, grouped under their chain with its policy', () => {
    const lines = sectionOf(text, 'Filter rules (FORWARD, DOCKER*)');
    assert.deepEqual(
      lines.map((l) => l.replace(/ +/g, ' ')),
      [
        ' FORWARD policy DROP',
        ' #1 DOCKER-USER -A FORWARD -j DOCKER-USER',
        ' DOCKER-ISOLATION-STAGE-1',
        ' #1 DOCKER-ISOLATION-STAGE-2 -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2',
        ' DOCKER-USER',
        ' #1 RETURN -A DOCKER-USER -j RETURN',
      ],
    );
    assert.match(lines[1] ?? '', /^ {6}#1 {2}DOCKER-USER {15}-A FORWARD/);
    assert.ok(!text.includes('-A INPUT'));
  });

  it('keeps every line within the width limit', () => {
    for (const l of text.split('\n')) assert.ok([...l].length <= MAX_LINE, `too long: ${l}`);
  });

  it('is the same whatever order nodes and edges come in', () => {
    const t = sampleTopology();
    for (const seed of [1, 7, 42]) {
      const s = { ...t, nodes: shuffled(t.nodes, seed), edges: shuffled(t.edges, seed + 1) };
      assert.equal(formatTopologyText(s), text);
    }
  });

  it('uses no ANSI codes by default; with color, bold headers and dim details over the same text', () => {
    assert.ok(!text.includes('\x1b'));
    const colored = formatTopologyText(sampleTopology(), { color: true });
    assert.ok(colored.includes('\x1b[1mNetworks\x1b[22m'));
    assert.ok(colored.includes(`\x1b[2m${WEB.slice(0, 12)}\x1b[22m`));
    assert.equal(stripAnsi(colored), text);
  });

  it('never passes control characters from names to the terminal', () => {
    const t = sampleTopology();
    const web = t.nodes.find((n) => n.id === ids.container(WEB)) as ContainerNode;
    web.name = 'evil\x1b[31mred\x07';
    const out = formatTopologyText(t);
    assert.ok(!out.includes('\x1b'));
    assert.ok(!out.includes('\x07'));
    assert.ok(out.includes('evil\\x1b[31mred\\x07'));
    assert.equal(cleanText('a\tb\nc'), 'a\\x09b\\x0ac');
  });

  it('truncates with an ellipsis only when needed', () => {
    assert.equal(truncate('short', 10), 'short');
    assert.equal(truncate('abcdefghij', 5), 'abcd…');
    assert.equal([...truncate('→'.repeat(50), 10)].length, 10);
  });
});
