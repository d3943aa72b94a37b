import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ids } from '../../core/model/ids.js';
import {
  API,
  API_ETH1,
  BR_APP,
  DNAT_RULE,
  DOCKER0,
  MASQ_RULE,
  NET_APP,
  NET_BRIDGE,
  OLD,
  PORT_8080,
  SIDECAR,
  WEB,
  WEB_ETH0,
  container,
  hex,
  sampleTopology,
} from '../../core/testkit/sample-topology.js';
import type { Topology } from '../../core/model/types.js';
import type { Language } from '../store/types.js';
import { explain, findElement } from './explain.js';
import { shQuote } from '../../core/common/shell-quote.js';

const LANGS: Language[] = ['en', 'zh-CN'];

function explainId(t: Topology, id: string, lang: Language = 'en') {
  const el = findElement(t, id);
  assert.ok(el, `no element ${id}`);
  return explain(el, t, lang);
}

describe('shQuote', () => {
  it('leaves plain words bare and single-quotes everything else', () => {
    assert.equal(shQuote('br-1a2b3c4d5e6f'), 'br-1a2b3c4d5e6f');
    assert.equal(shQuote('$(rm -rf /)'), `'$(rm -rf /)'`);
    assert.equal(shQuote(`it's`), `'it'\\''s'`);
    assert.equal(shQuote(''), `''`);
  });
});

describe('explain', () => {
  it('explains every node and edge of the sample in both languages, with no empty text', () => {
    const t = sampleTopology();
    for (const lang of LANGS) {
      for (const el of [...t.nodes, ...t.edges]) {
        const x = explain(el, t, lang);
        assert.ok(x.title.length > 0 && x.summary.length > 0, `${el.id} ${lang}`);
        assert.ok(x.commands.length > 0, `no command for ${el.id}`);
        for (const [label, value] of x.facts) assert.ok(label && value, `${el.id}: empty fact`);
        assert.ok(!x.summary.includes('undefined') && !x.summary.includes('null'), `${el.id}: ${x.summary}`);
        // i18next answers a missing key with the key itself.
        const words = [x.title, x.summary, ...x.facts.flat()].join('\n');
        assert.ok(!/explain\./.test(words), `${el.id} ${lang}: a key shows: ${words}`);
        if (lang === 'zh-CN') assert.ok(!/[。：] /.test(x.summary), `${el.id}: Chinese sentences run together`);
      }
    }
  });

  it('links: the hosts-file ones on the container, the embedded-DNS ones on the endpoint, both languages', () => {
    const t = sampleTopology();
    const api = t.nodes.find((n) => n.id === ids.container(API));
    const onApp = t.edges.find((e) => e.id === ids.endpoint(API, ids.network(NET_APP)));
    assert.ok(api?.kind === 'container' && onApp?.kind === 'endpoint');
    api.links = [{ container: ids.container(WEB), alias: 'db' }];
    onApp.links = [{ container: 'gone', alias: 'peer' }];
    const web = t.nodes.find((n) => n.id === ids.container(WEB))?.label ?? '';
    const fact = (id: string, lang: Language, label: RegExp) =>
      explainId(t, id, lang).facts.find(([l]) => label.test(l))?.[1];
    assert.equal(fact(api.id, 'en', /\/etc\/hosts/), `db → ${web}`);
    assert.equal(fact(onApp.id, 'en', /this container only/), 'peer → gone', 'a name no container read has');
    assert.equal(fact(api.id, 'zh-CN', /链接/), `db → ${web}`);
    assert.equal(fact(onApp.id, 'zh-CN', /链接/), 'peer → gone');
    // None: the dash, as for every other empty fact.
    assert.equal(fact(ids.container(WEB), 'en', /\/etc\/hosts/), '—');
  });

  it('a plain namespace says whether it routes packets on (its own ip_forward); a container’s does not', () => {
    const t = sampleTopology();
    const plain = t.nodes.find((n) => n.kind === 'netns' && !n.host && n.name !== null);
    assert.ok(plain?.kind === 'netns', 'the sample has a plain namespace');
    const fact = (lang: Language) =>
      explainId(t, plain.id, lang).facts.find(([l]) => /IP forwarding|转发/.test(l))?.[1];
    plain.ipForward = false;
    assert.equal(fact('en'), 'no');
    plain.ipForward = true;
    assert.equal(fact('zh-CN'), '是');
    plain.ipForward = null;
    assert.equal(fact('en'), '—');
  });

  it('a user-defined bridge network mentions embedded DNS, icc and the commands to see it', () => {
    const t = sampleTopology();
    const en = explainId(t, `network:${NET_APP}`);
    assert.match(en.summary, /127\.0\.0\.11/);
    assert.match(en.summary, /enable_icc=false/);
    assert.ok(en.commands.includes('docker network inspect appnet'));
    assert.ok(en.commands.includes('bridge link show master br-1a2b3c4d5e6f'));
    assert.ok(en.commands.includes('sudo iptables -S FORWARD'));
    const zh = explainId(t, `network:${NET_APP}`, 'zh-CN');
    assert.match(zh.summary, /内嵌 DNS/);
    assert.equal(zh.title, 'Docker 网络 appnet');
  });

  it('the default bridge has no embedded DNS and masquerades', () => {
    const x = explainId(sampleTopology(), `network:${NET_BRIDGE}`);
    assert.match(x.summary, /no embedded DNS/);
    assert.ok(x.commands.includes('sudo iptables -t nat -S POSTROUTING'));
    assert.ok(x.commands.includes('sysctl net.ipv4.ip_forward'));
  });

  it('a published port points at DNAT and docker port', () => {
    const t = sampleTopology();
    const x = explainId(t, PORT_8080);
    assert.equal(x.title, 'Published port 0.0.0.0:8080→80/tcp');
    assert.ok(x.commands.includes('docker port web'));
    assert.ok(x.commands.includes('sudo iptables -t nat -S DOCKER'));
    assert.match(explainId(t, PORT_8080, 'zh-CN').summary, /目的地址转换（DNAT）/);
    assert.match(explainId(t, DNAT_RULE).summary, /DNAT/);
  });

  it('MASQUERADE rules and edges say so in both languages', () => {
    const t = sampleTopology();
    assert.match(explainId(t, MASQ_RULE).summary, /MASQUERADE/);
    assert.ok(explainId(t, MASQ_RULE).commands.includes('sudo iptables -t nat -S POSTROUTING'));
    const edge = t.edges.find((e) => e.kind === 'masquerade');
    assert.ok(edge);
    assert.match(explain(edge, t, 'zh-CN').summary, /地址伪装/);
  });

  it('interfaces get commands for the namespace they live in', () => {
    const t = sampleTopology();
    const bridge = explainId(t, DOCKER0);
    assert.ok(bridge.commands.includes('ip -d link show docker0'));
    assert.ok(bridge.commands.includes('bridge link show master docker0'));
    const eth0 = explainId(t, WEB_ETH0);
    const pid = t.nodes.find((n) => n.id === `container:${WEB}`);
    assert.ok(pid?.kind === 'container');
    assert.ok(
      eth0.commands.includes(`sudo nsenter -t ${pid.pid} -n ip -d addr show dev eth0`),
      eth0.commands.join('\n'),
    );
    assert.match(eth0.summary, /veth1111aaa/);
    const lab = explainId(t, ids.iface(4026532400, 12));
    assert.ok(lab.commands.includes('ip -n lab -d addr show dev veth0'));
    assert.match(explainId(t, API_ETH1, 'zh-CN').summary, /veth 对/);
  });

  it('container modes: shared netns, stopped, bridged with ports', () => {
    const t = sampleTopology();
    assert.match(explainId(t, `container:${SIDECAR}`).summary, /shares the network namespace of api/);
    assert.match(explainId(t, `container:${SIDECAR}`, 'zh-CN').summary, /共用网络命名空间/);
    const old = explainId(t, `container:${OLD}`);
    assert.match(old.summary, /not running \(exited\)/);
    const web = explainId(t, `container:${WEB}`);
    assert.ok(web.commands.includes('docker inspect web'));
    assert.ok(web.commands.includes('docker port web'));
    assert.match(explainId(t, `container:${API}`).summary, /embedded DNS/);
  });

  it('host and none mode containers', () => {
    const base = sampleTopology();
    const t = {
      ...base,
      nodes: [
        ...base.nodes,
        container(hex('e'), 'hosty', { networkMode: 'host' }),
        container(hex('f'), 'lonely', { networkMode: 'none' }),
      ],
    };
    assert.match(explainId(t, `container:${hex('e')}`).summary, /host mode/);
    assert.match(explainId(t, `container:${hex('f')}`, 'zh-CN').summary, /none 模式/);
  });

  it('quotes hostile names in every command', () => {
    const t = sampleTopology();
    const evil = '$(rm -rf /)';
    const web = t.nodes.find((n) => n.id === `container:${WEB}`);
    const net = t.nodes.find((n) => n.id === `network:${NET_APP}`);
    assert.ok(web?.kind === 'container' && net?.kind === 'network');
    web.name = evil;
    net.name = `a'b $(id)`;
    const c = explainId(t, web.id);
    assert.ok(c.commands.includes(`docker inspect '$(rm -rf /)'`));
    assert.ok(c.commands.includes(`docker port '$(rm -rf /)'`));
    const n = explainId(t, net.id);
    assert.ok(n.commands.includes(`docker network inspect 'a'\\''b $(id)'`));
    for (const command of [...c.commands, ...n.commands]) {
      assert.ok(!/(^|[^'])\$\(/.test(command.replace(/\\'/g, '').replace(/'[^']*'/g, '')), `unquoted: ${command}`);
    }
  });

  it('counts take the plural form each language uses', () => {
    const t = sampleTopology();
    const web = `container:${WEB}`;
    assert.match(explainId(t, web).summary, /\b1 port is published to the host/);
    assert.match(explainId(t, web, 'zh-CN').summary, /有 1 个端口通过 DNAT 规则发布到主机上。/);
    const port = t.nodes.find((n) => n.id === PORT_8080);
    assert.ok(port?.kind === 'port');
    // Topologies are values: more ports make a new one.
    const t2 = {
      ...t,
      nodes: [
        ...t.nodes,
        { ...port, id: `${port.id}-2`, hostPort: 8081 },
        { ...port, id: `${port.id}-3`, hostPort: 8082 },
      ],
    };
    assert.match(explainId(t2, web).summary, /\b3 ports are published to the host/);
    assert.match(explainId(t2, web, 'zh-CN').summary, /有 3 个端口通过 DNAT 规则发布到主机上。/);

    assert.match(explainId(t2, `network:${NET_APP}`).summary, /\b1 container is connected to it\.$/);
    assert.match(explainId(t2, `network:${NET_BRIDGE}`).summary, /\b3 containers are connected to it\.$/);
    assert.match(explainId(t2, `network:${NET_BRIDGE}`, 'zh-CN').summary, /有 3 个容器连接在这个网络上。$/);

    assert.match(explainId(t2, BR_APP).summary, /\(1 port now\)/);
    assert.match(explainId(t2, DOCKER0).summary, /\(2 ports now\)/);
    assert.match(explainId(t2, DOCKER0, 'zh-CN').summary, /（目前 2 个端口）/);

    assert.match(explainId(t2, web).summary, /joins it to network bridge: one end is its eth0, the other/);
    assert.match(
      explainId(t2, `container:${API}`).summary,
      /to networks bridge, appnet: one end is its eth0, eth1, …,/,
    );
    assert.match(explainId(t2, `container:${API}`, 'zh-CN').summary, /接入网络 bridge、appnet：/);
  });

  it('optional parts pick their own sentence, in both languages', () => {
    const t = sampleTopology();
    assert.match(
      explainId(t, DOCKER0).summary,
      /for Docker network bridge\. .* Its own address, 172\.17\.0\.1\/16, is/,
    );
    const t2 = {
      ...t,
      nodes: t.nodes
        .filter((n) => n.id !== `network:${NET_BRIDGE}`)
        .map((n) => (n.id === DOCKER0 && n.kind === 'interface' ? { ...n, addresses: [] } : n)),
    };
    const bare = explainId(t2, DOCKER0);
    assert.match(bare.summary, /^A Linux bridge: a virtual switch inside the host\. /);
    assert.ok(!bare.summary.includes('gateway'), bare.summary);
    assert.match(explainId(t2, DOCKER0, 'zh-CN').summary, /^Linux 网桥：主机内部的一台虚拟交换机。每个/);
  });
});
