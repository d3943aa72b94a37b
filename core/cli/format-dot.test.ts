import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { ids } from '../model/ids.js';
import { type InterfaceNode, type Topology } from '../model/types.js';
import { escapeDot, escapeDotText, formatTopologyDot } from './format-dot.js';

import {
  HOST,
  WEB_NS,
  API_NS,
  LAB_NS,
  WEB,
  API,
  OLD,
  NET_BRIDGE,
  NET_APP,
  iface,
  veth,
  hostIf,
  DOCKER0,
  BR_APP,
  WEB_ETH0,
  LAB_VETH0,
  DNAT_RULE,
  MASQ_RULE,
  PORT_8080,
  PORT_9000,
  sampleTopology,
} from '../testkit/sample-topology.js';

const q = (s: string): string => escapeDot(s);

/** The statements inside one cluster, from its `subgraph` line to its closing brace. */
function clusterOf(dot: string, netnsId: string): string[] {
  const lines = dot.split('\n');
  const start = lines.indexOf(`  subgraph ${q(`cluster_${netnsId}`)} {`);
  assert.notEqual(start, -1, `no cluster for ${netnsId}`);
  const end = lines.indexOf('  }', start);
  return lines.slice(start + 1, end);
}

/** The one statement declaring a node, or the edge between two nodes (either order). */
function nodeLine(dot: string, id: string): string {
  const found = dot.split('\n').filter((l) => l.trimStart().startsWith(`${q(id)} [`));
  assert.equal(found.length, 1, `node ${id} declared ${found.length} times`);
  return found[0] as string;
}
function edgeLine(dot: string, a: string, b: string): string {
  const found = dot.split('\n').filter((l) => l.includes(`${q(a)} -> ${q(b)} [`) || l.includes(`${q(b)} -> ${q(a)} [`));
  assert.equal(found.length, 1, `edge ${a} — ${b} drawn ${found.length} times`);
  return found[0] as string;
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

/** The sample host with hostile names everywhere a person can choose one. */
function hostileTopology(): Topology {
  const t = sampleTopology();
  for (const n of t.nodes) {
    if (n.id === ids.container(WEB) && n.kind === 'container') n.name = 'a"b\\c';
    if (n.id === ids.network(NET_APP) && n.kind === 'network') n.name = '$(rm -rf /)';
    if (n.id === ids.netns(LAB_NS) && n.kind === 'netns') {
      n.name = 'lab\\';
      n.label = 'lab\\';
    }
    if (n.id === ids.container(API) && n.kind === 'container') n.image = 'x" ]; evil [label="y\nz';
  }
  return t;
}

async function dotAvailable(): Promise<boolean> {
  try {
    await execa('dot', ['-V']);
    return true;
  } catch {
    return false;
  }
}
const hasDot = await dotAvailable();
const noDot = hasDot ? false : 'Graphviz `dot` is not installed (apt-get install graphviz)';

async function renderSvg(dot: string): Promise<string> {
  const { stdout } = await execa('dot', ['-Tsvg'], { input: dot });
  // Graphviz writes '-' as &#45; in SVG text; undo it so assertions read naturally.
  return stdout.replaceAll('&#45;', '-');
}

describe('escapeDot', () => {
  it('quotes and escapes quotes, backslashes and line breaks', () => {
    assert.equal(escapeDot('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(escapeDot('$(rm -rf /)'), '"$(rm -rf /)"');
    assert.equal(escapeDot('trailing\\'), '"trailing\\\\"');
    assert.equal(escapeDot('two\nlines\r\n'), '"two\\nlines\\n"');
    assert.equal(escapeDot('nul\u0000bell\u0007'), '"nulbell"');
    assert.equal(escapeDot('if:4026531840:3'), '"if:4026531840:3"');
    assert.equal(escapeDot('veth:if:1:2|if:3:4'), '"veth:if:1:2|if:3:4"');
    assert.equal(escapeDotText('<b>html</b>'), '<b>html</b>');
  });

  it('leaves no unescaped quote that could end the string early', () => {
    for (const s of ['"', '\\"', '\\\\"', 'a"b\\c', 'x" ]; evil [label="y']) {
      const inner = escapeDot(s).slice(1, -1);
      // Every quote must be preceded by an odd run of backslashes.
      for (const m of inner.matchAll(/(\\*)"/g)) assert.equal((m[1] as string).length % 2, 1, `${s} → ${inner}`);
      assert.ok(!/(^|[^\\])(\\\\)*\\$/.test(inner), `dangling backslash in ${inner}`);
    }
  });
});

describe('formatTopologyDot', () => {
  const dot = formatTopologyDot(sampleTopology());

  it('is one digraph named netloom', () => {
    assert.ok(dot.startsWith('digraph netloom {\n'));
    assert.ok(dot.endsWith('\n}\n'));
  });

  it('draws the host netns as a cluster holding its interfaces, loopback left out', () => {
    const host = clusterOf(dot, ids.netns(HOST));
    assert.match(host[0] ?? '', /label="devbox \(host\)"/);
    const declared = host.slice(1).map((l) => l.trim().split(' ')[0]);
    assert.deepEqual(declared, [BR_APP, DOCKER0, hostIf(2), hostIf(13), hostIf(7), hostIf(9), hostIf(11)].map(q));
    assert.ok(!dot.includes(q(hostIf(1))), 'host lo is not drawn');
    assert.ok(dot.indexOf(`cluster_${ids.netns(HOST)}`) < dot.indexOf(`cluster_${ids.netns(WEB_NS)}`), 'host first');
  });

  it('draws bridges as boxes in their network colour, labelled with the network', () => {
    const d0 = nodeLine(dot, DOCKER0);
    assert.ok(d0.includes('label="docker0 (bridge)\\n172.17.0.1/16"'));
    assert.ok(d0.includes('shape="box"'));
    assert.ok(d0.includes('color="#1192e8"'), 'second network by name (bridge) takes the second colour');
    assert.ok(nodeLine(dot, BR_APP).includes('color="#6929c4"'));
  });

  it('draws every other netns as a cluster labelled with its containers or its name', () => {
    const web = clusterOf(dot, ids.netns(WEB_NS));
    assert.match(web[0] ?? '', /label="web"/);
    assert.ok(web.some((l) => l.trim().startsWith(`${q(WEB_ETH0)} [label="eth0\\n172.17.0.2/16"`)));
    const api = clusterOf(dot, ids.netns(API_NS));
    assert.match(api[0] ?? '', /label="api, sidecar"/);
    assert.equal(api.length, 3, 'eth0 and eth1, no lo');
    const lab = clusterOf(dot, ids.netns(LAB_NS));
    assert.match(lab[0] ?? '', /label="lab".*style="rounded,dashed"/, 'plain netns boxes are dashed');
    assert.ok(!(web[0] ?? '').includes('dashed'));
  });

  it('draws networks as rounded filled boxes with name and subnet', () => {
    const app = nodeLine(dot, ids.network(NET_APP));
    assert.ok(app.includes('label="appnet\\n172.20.0.0/16\\n(icc off)"'));
    assert.ok(app.includes('shape="box", style="rounded,filled"'));
    assert.ok(nodeLine(dot, ids.network(NET_BRIDGE)).includes('label="bridge\\n172.17.0.0/16"'));
  });

  it('draws containers as components, stopped ones dotted', () => {
    const web = nodeLine(dot, ids.container(WEB));
    assert.ok(web.includes('label="web\\nnginx:1.27\\naaaaaaaaaaaa"'));
    assert.ok(web.includes('shape="component"'));
    assert.ok(!web.includes('dotted'));
    const old = nodeLine(dot, ids.container(OLD));
    assert.ok(old.includes('style="dotted"'));
  });

  it('draws endpoints from container to network labelled with the IPv4, no uses-netns edges', () => {
    const ep = edgeLine(dot, ids.container(API), ids.network(NET_APP));
    assert.ok(ep.startsWith(`  ${q(ids.container(API))} -> ${q(ids.network(NET_APP))}`));
    assert.ok(ep.includes('label="172.20.0.2/16"'));
    assert.ok(ep.includes('taillabel="eth1"'));
    assert.ok(ep.includes('color="#6929c4"'));
    assert.ok(edgeLine(dot, ids.container(OLD), ids.network(NET_BRIDGE)).includes('style="dotted"'));
    assert.ok(!/-> "netns:/.test(dot), 'no edges into namespaces');
  });

  it('draws veth cables thick and green, host end first', () => {
    const v = edgeLine(dot, hostIf(7), WEB_ETH0);
    assert.ok(v.startsWith(`  ${q(hostIf(7))} -> ${q(WEB_ETH0)}`));
    assert.ok(v.includes('dir="none", penwidth=3, color="#00805C"'));
    assert.ok(!v.includes('dashed'));
  });

  it('dashes a veth cable with a down end', () => {
    const t = sampleTopology();
    (t.nodes.find((n) => n.id === LAB_VETH0) as InterfaceNode).up = false;
    assert.ok(edgeLine(formatTopologyDot(t), hostIf(13), LAB_VETH0).includes('style="dashed"'));
  });

  it('draws bridge ports undirected in the bridge colour', () => {
    const bp = edgeLine(dot, DOCKER0, hostIf(9));
    assert.ok(bp.includes('dir="none"'));
    assert.ok(bp.includes('color="#1192e8"'));
    assert.ok(edgeLine(dot, BR_APP, hostIf(11)).includes('color="#6929c4"'));
  });

  it('draws MASQUERADE dashed purple from its rule to the bridge', () => {
    const m = edgeLine(dot, MASQ_RULE, DOCKER0);
    assert.ok(m.includes('style="dashed", color="#A8508A"'));
    assert.ok(m.includes('label="172.17.0.0/16"'));
  });

  it('draws published ports as orange cds nodes, publishing dashed to the interface', () => {
    const p = nodeLine(dot, PORT_8080);
    assert.ok(p.includes('label="0.0.0.0:8080→80/tcp", shape="cds", color="#C4530A"'));
    assert.ok(edgeLine(dot, PORT_8080, WEB_ETH0).includes('style="dashed", color="#C4530A"'));
    assert.ok(edgeLine(dot, DNAT_RULE, PORT_8080).includes('style="dashed"'));
    assert.ok(edgeLine(dot, PORT_9000, ids.container(API)).includes('label="no DNAT rule"'));
  });

  it('draws only the NAT rules an edge refers to, as small diamonds', () => {
    assert.ok(nodeLine(dot, DNAT_RULE).includes('shape="diamond"'));
    assert.ok(nodeLine(dot, DNAT_RULE).includes('xlabel="DOCKER #2"'));
    assert.ok(nodeLine(dot, MASQ_RULE).includes('label="M"'));
    assert.ok(!dot.includes(q(ids.natRule({ table: 'nat', chain: 'DOCKER', index: 1 }))));
    assert.ok(!dot.includes(q(ids.natRule({ table: 'nat', chain: 'PREROUTING', index: 1 }))));
    assert.ok(!dot.includes('filter:'), 'filter rules are text-only detail');
  });

  it('draws lower links dotted', () => {
    const t = sampleTopology();
    const mv = iface(HOST, 20, 'macvlan0', 'macvlan');
    t.nodes.push(mv);
    t.edges.push({ id: ids.lower(mv.id), kind: 'lower', source: mv.id, target: hostIf(2) });
    assert.ok(edgeLine(formatTopologyDot(t), mv.id, hostIf(2)).includes('style="dotted"'));
  });

  it('skips edges whose ends are not drawn instead of inventing nodes', () => {
    const t = sampleTopology();
    t.edges.push(veth(hostIf(99), ids.iface(1, 1)));
    const out = formatTopologyDot(t);
    assert.ok(!out.includes(q(hostIf(99))));
  });

  it('is the same whatever order nodes and edges come in', () => {
    const t = sampleTopology();
    for (const seed of [3, 11, 99]) {
      assert.equal(
        formatTopologyDot({ ...t, nodes: shuffled(t.nodes, seed), edges: shuffled(t.edges, seed + 1) }),
        dot,
      );
    }
  });

  it('quotes hostile names so they stay inside their label', () => {
    const out = formatTopologyDot(hostileTopology());
    assert.ok(out.includes('label="a\\"b\\\\c\\nnginx:1.27\\naaaaaaaaaaaa"'));
    assert.ok(out.includes('label="$(rm -rf /)\\n172.20.0.0/16\\n(icc off)"'));
    assert.ok(out.includes('label="lab\\\\"'));
    assert.ok(out.includes('x\\" ]; evil [label=\\"y\\nz'));
    assert.ok(!out.includes('evil [label="'));
  });

  it('is accepted by Graphviz', { skip: noDot }, async () => {
    const svg = await renderSvg(dot);
    assert.match(svg, /<svg/);
    assert.ok(svg.includes('devbox (host)'));
    assert.ok(svg.includes('0.0.0.0:8080→80/tcp'));
  });

  it('survives hostile names in Graphviz, which prints them literally', { skip: noDot }, async () => {
    const svg = await renderSvg(formatTopologyDot(hostileTopology()));
    assert.ok(svg.includes('a&quot;b\\c'), 'quote and backslash kept as typed');
    assert.ok(svg.includes('$(rm -rf /)'));
    assert.ok(svg.includes('>lab\\<'));
    assert.ok(svg.includes('x&quot; ]; evil [label=&quot;y'));
    assert.ok(!svg.includes('<title>evil</title>'), 'no node was injected');
  });
});
