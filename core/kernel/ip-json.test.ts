import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceFormatError } from '../exec/run-tool.js';
import { fixtureReader } from '../testkit/fixtures.js';
import {
  isNetnsDumpError,
  parseIpAddrJson,
  parseIpRouteJson,
  parseNsdumpLine,
  type KernelLink,
  type NetnsDump,
} from './ip-json.js';

const fixture = fixtureReader('kernel');
const addrs = (name: string): KernelLink[] => parseIpAddrJson(fixture(`${name}-addr.json`), `fixture ${name}`);
const routes = (name: string) => parseIpRouteJson(fixture(`${name}-route.json`), `fixture ${name}`);
const byName = (links: KernelLink[], name: string): KernelLink => {
  const link = links.find((l) => l.name === name);
  assert.ok(link, `no link ${name}`);
  return link;
};
const nsdumpLines = () => fixture('nsdump.ndjson').trim().split('\n').map(parseNsdumpLine);
const okDump = (value: ReturnType<typeof parseNsdumpLine> | undefined): NetnsDump => {
  assert.ok(value && !isNetnsDumpError(value), 'expected a dump, got an error line');
  return value;
};

describe('parseIpAddrJson on captured ip -j -d addr show', () => {
  it('reads the host: loopback, the NIC and its addresses', () => {
    const links = addrs('host');
    const lo = byName(links, 'lo');
    assert.deepEqual(lo.flags, ['LOOPBACK', 'UP', 'LOWER_UP']);
    assert.equal(lo.linkType, 'loopback');
    assert.equal(lo.mac, '00:00:00:00:00:00');
    assert.equal(lo.operstate, 'UNKNOWN');
    assert.equal(lo.kind, null);
    const eth0 = byName(links, 'eth0');
    assert.equal(eth0.up, true);
    assert.equal(eth0.mtu, 1400);
    assert.equal(eth0.mac, '02:fc:00:00:00:01');
    assert.deepEqual(eth0.addresses[0], { family: 'inet', local: '192.0.2.2', prefixlen: 24, scope: 'global' });
    assert.ok(eth0.addresses.some((a) => a.family === 'inet6' && a.scope === 'link'));
    const ifb = byName(links, 'ifb0');
    assert.equal(ifb.up, false);
    assert.equal(ifb.operstate, 'DOWN');
    assert.deepEqual(ifb.flags, ['BROADCAST', 'NOARP']);
  });

  it('reads the host end of a container veth: bridge master, peer index and nsid', () => {
    const veth = byName(addrs('host'), 'vethc9d5975');
    assert.equal(veth.ifindex, 135);
    assert.equal(veth.kind, 'veth');
    assert.equal(veth.slaveKind, 'bridge');
    assert.equal(veth.master, 'br-d3a1249bd906');
    assert.equal(veth.linkIndex, 134);
    assert.equal(veth.linkNetnsid, 2);
    assert.equal(veth.linkName, null, 'the peer is in another namespace: no local name');
    assert.equal(byName(addrs('host'), 'br-d3a1249bd906').kind, 'bridge');
  });

  it('resolves ip\'s "link":"<name>" form for a same-namespace veth pair', () => {
    const links = addrs('host');
    const va = byName(links, 'nscap-va');
    assert.equal(va.linkName, 'nscap-vb');
    assert.equal(va.linkIndex, byName(links, 'nscap-vb').ifindex);
    assert.equal(va.linkNetnsid, null);
  });

  it('reads a container on two networks', () => {
    const links = addrs('two-nets');
    assert.deepEqual(
      links.map((l) => l.name),
      ['lo', 'eth0', 'eth1'],
    );
    const eth0 = byName(links, 'eth0');
    assert.equal(eth0.ifindex, 134);
    assert.equal(eth0.linkIndex, 135);
    assert.equal(eth0.linkNetnsid, 0);
    assert.equal(eth0.kind, 'veth');
    assert.equal(eth0.slaveKind, null);
    assert.equal(eth0.master, null);
    assert.equal(eth0.mac, '02:42:c0:a8:50:02');
    assert.deepEqual(eth0.addresses, [{ family: 'inet', local: '192.168.80.2', prefixlen: 20, scope: 'global' }]);
    const eth1 = byName(links, 'eth1');
    assert.equal(eth1.linkIndex, 137);
    assert.equal(eth1.linkNetnsid, 0);
    assert.deepEqual(eth1.addresses, [{ family: 'inet', local: '172.17.0.4', prefixlen: 16, scope: 'global' }]);
  });

  it('reads a --network none container: lo only', () => {
    const links = addrs('none');
    assert.equal(links.length, 1);
    assert.equal(links[0]!.name, 'lo');
    assert.deepEqual(links[0]!.addresses, [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }]);
    assert.deepEqual(routes('none'), []);
  });

  it('reads a macvlan whose parent (a host veth end) is in another namespace', () => {
    const mv = byName(addrs('macvlan-ns'), 'nscap-mv');
    assert.equal(mv.kind, 'macvlan');
    assert.equal(mv.linkNetnsid, 0);
    assert.equal(mv.linkName, null);
    const parent = parseIpAddrJson(fixture('macvlan-parent-link.json'), 'fixture parent')[0]!;
    assert.equal(parent.name, 'nscap-va');
    assert.equal(mv.linkIndex, parent.ifindex);
    assert.equal(mv.linkIndex, 141);
    assert.deepEqual(mv.addresses[0], { family: 'inet', local: '10.253.0.2', prefixlen: 24, scope: 'global' });
    assert.equal(mv.addresses[1]?.family, 'inet6');
  });
});

describe('parseIpRouteJson on captured ip -j route show', () => {
  it('reads the host default route (proto boot is not printed)', () => {
    assert.deepEqual(routes('host')[0], {
      dst: 'default',
      gateway: '192.0.2.1',
      dev: 'eth0',
      protocol: null,
      scope: null,
      prefsrc: null,
      type: null,
    });
  });

  it("reads a container's default and connected routes", () => {
    assert.deepEqual(routes('two-nets'), [
      { dst: 'default', gateway: '172.17.0.1', dev: 'eth1', protocol: null, scope: null, prefsrc: null, type: null },
      {
        dst: '172.17.0.0/16',
        gateway: null,
        dev: 'eth1',
        protocol: 'kernel',
        scope: 'link',
        prefsrc: '172.17.0.4',
        type: null,
      },
      {
        dst: '192.168.80.0/20',
        gateway: null,
        dev: 'eth0',
        protocol: 'kernel',
        scope: 'link',
        prefsrc: '192.168.80.2',
        type: null,
      },
    ]);
    assert.equal(routes('macvlan-ns')[0]?.gateway, '10.253.0.1');
  });

  it('keeps host routes without /32 and non-unicast types', () => {
    const text =
      '[{"type":"blackhole","dst":"10.9.0.0/16","flags":[]},{"dst":"10.9.9.9","dev":"lo","scope":"link","flags":[]}]';
    const parsed = parseIpRouteJson(text, 'test');
    assert.equal(parsed[0]!.type, 'blackhole');
    assert.equal(parsed[0]!.dev, null);
    assert.equal(parsed[1]!.dst, '10.9.9.9');
    assert.equal(parsed[1]!.type, null);
  });
});

describe("parseNsdumpLine on the helper's capture of the same namespaces", () => {
  it('gives exactly what ip gave, namespace by namespace', () => {
    const lines = nsdumpLines();
    assert.equal(lines.length, 5);
    const names = ['host', 'two-nets', 'none', 'macvlan-ns'];
    names.forEach((name, i) => {
      const dump = okDump(lines[i]);
      assert.deepEqual(dump.links, addrs(name), `${name} links`);
      assert.deepEqual(dump.routes, routes(name), `${name} routes`);
    });
  });

  it('reports inodes and both directions of nsid', () => {
    const [host, two, none, mv] = nsdumpLines().map((l) => l);
    const h = okDump(host);
    assert.equal(h.target, '/proc/self/ns/net');
    assert.equal(h.inode, 4026531833);
    assert.equal(h.nsid, null, 'the host has no nsid for itself');
    assert.equal(h.hostNsid, null);
    const t = okDump(two);
    assert.equal(t.nsid, 2);
    assert.equal(t.hostNsid, 0);
    assert.equal(okDump(none).nsid, null, 'nothing links the host to a --network none namespace');
    assert.equal(okDump(mv).nsid, 3);
    assert.equal(okDump(mv).target, '/run/netns/nscap-ns');
  });

  it('pairs veth ends across namespaces with the nsids', () => {
    const lines = nsdumpLines();
    const host = okDump(lines[0]);
    const two = okDump(lines[1]);
    for (const inner of two.links.filter((l) => l.kind === 'veth')) {
      assert.equal(inner.linkNetnsid, two.hostNsid);
      const outer = host.links.find((l) => l.ifindex === inner.linkIndex);
      assert.ok(outer, `host end of ${inner.name}`);
      assert.equal(outer.linkNetnsid, two.nsid);
      assert.equal(outer.linkIndex, inner.ifindex);
    }
  });

  it('reads an error line for a stale docker netns file', () => {
    const stale = nsdumpLines()[4];
    assert.ok(stale && isNetnsDumpError(stale));
    assert.match(stale.target, /^\/var\/run\/docker\/netns\/[0-9a-f]{12}$/);
    assert.equal(stale.error, 'Invalid argument');
    assert.equal(stale.errno, 22);
  });
});

describe('normalising both lower-link forms', () => {
  const link = (extra: Record<string, unknown>) => ({
    ifindex: 5,
    ifname: 'x',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    mtu: 1500,
    operstate: 'UP',
    link_type: 'ether',
    address: '02:42:AC:11:00:02',
    ...extra,
  });
  const lower = { ifindex: 2, ifname: 'eth0', flags: ['UP'], mtu: 1500, link_type: 'ether' };

  it('gives the helper form (link_index) the name and the ip form (link) the index', () => {
    const helperForm = parseIpAddrJson(JSON.stringify([lower, link({ link_index: 2 })]), 'test');
    const ipForm = parseIpAddrJson(JSON.stringify([lower, link({ link: 'eth0' })]), 'test');
    assert.deepEqual(helperForm, ipForm);
    assert.equal(ipForm[1]!.linkIndex, 2);
    assert.equal(ipForm[1]!.linkName, 'eth0');
    assert.equal(ipForm[1]!.mac, '02:42:ac:11:00:02', 'lower-cased');
  });

  it('reads ip\'s "if<N>" fallback and "link":null', () => {
    const [, unnamed, none] = parseIpAddrJson(
      JSON.stringify([lower, link({ link: 'if12' }), link({ ifindex: 6, link: null })]),
      'test',
    );
    assert.equal(unnamed!.linkIndex, 12);
    assert.equal(unnamed!.linkName, null);
    assert.equal(none!.linkIndex, null);
    assert.equal(none!.linkName, null);
  });

  it('does not resolve an index that belongs to another namespace', () => {
    const [, peer] = parseIpAddrJson(JSON.stringify([lower, link({ link_index: 2, link_netnsid: 1 })]), 'test');
    assert.equal(peer!.linkIndex, 2);
    assert.equal(peer!.linkName, null);
    assert.equal(peer!.linkNetnsid, 1);
  });

  it('keeps numeric scopes as text, drops non-IP families and tunnel "MACs"', () => {
    const [l] = parseIpAddrJson(
      JSON.stringify([
        link({
          link_type: 'ipip',
          address: '0.0.0.0',
          addr_info: [
            { family: 'inet', local: '10.0.0.1', prefixlen: 32, scope: 100 },
            { family: 'mpls', local: '16', prefixlen: 20, scope: 'global' },
            {},
          ],
        }),
      ]),
      'test',
    );
    assert.equal(l!.mac, null);
    assert.deepEqual(l!.addresses, [{ family: 'inet', local: '10.0.0.1', prefixlen: 32, scope: '100' }]);
  });
});

describe('malformed input', () => {
  const source = 'ip -j -d addr show (netns /run/netns/x)';

  it('rejects empty and truncated output, naming the source', () => {
    for (const text of ['', '  \n', fixture('two-nets-addr.json').slice(0, 200), '[{"ifindex":1,"ifname":"lo"']) {
      assert.throws(
        () => parseIpAddrJson(text, source),
        (e: unknown) => e instanceof SourceFormatError && e.source === source && e.message.includes(source),
      );
    }
    assert.throws(() => parseIpRouteJson('[{"dst":"default"', 'ip -j route show'), SourceFormatError);
  });

  it('rejects the wrong shapes, saying where', () => {
    assert.throws(() => parseIpAddrJson('{"ifindex":1}', source), SourceFormatError);
    assert.throws(
      () => parseIpAddrJson('[{"ifindex":"1","ifname":"lo","flags":[]}]', source),
      (e: unknown) => e instanceof SourceFormatError && e.message.includes('0.ifindex'),
    );
    assert.throws(() => parseIpRouteJson('[{"gateway":"10.0.0.1"}]', 'ip -j route show'), /at 0\.dst/);
  });

  it('rejects truncated and incomplete helper lines, naming the namespace', () => {
    const line = fixture('nsdump.ndjson').split('\n')[1]!;
    assert.throws(() => parseNsdumpLine(line.slice(0, line.length - 5)), SourceFormatError);
    assert.throws(
      () => parseNsdumpLine('{"target":"/run/netns/a","inode":5,"nsid":-1,"hostNsid":-1,"links":[]}'),
      (e: unknown) =>
        e instanceof SourceFormatError && e.message.includes('/run/netns/a') && e.message.includes('routes'),
    );
    assert.throws(() => parseNsdumpLine('{"target":"/x","error":5}'), SourceFormatError);
    assert.throws(() => parseNsdumpLine(''), SourceFormatError);
  });
});

describe('parseNsdumpLine: the namespaces links point into', () => {
  const ip = JSON.parse(fixture('veth-pairs/ip.json')) as { spaces: Record<string, { inode: number }> };
  const inode = (name: string): number => (ip.spaces[name] as { inode: number }).inode;
  const dumps = fixture('veth-pairs/nsdump.ndjson').trim().split('\n').map(parseNsdumpLine).map(okDump);

  it('ties each nsid a namespace uses to the inode of the namespace it names', () => {
    const c = dumps.find((d) => d.inode === inode('nlvp-c'));
    assert.deepEqual(c?.linkNetns, [
      { nsid: 0, inode: inode('nlvp-d') },
      { nsid: 1, inode: inode('nlvp-e') },
    ]);
    // The same nsid 0 names another namespace in e.
    assert.deepEqual(dumps.find((d) => d.inode === inode('nlvp-e'))?.linkNetns?.[0], {
      nsid: 0,
      inode: inode('nlvp-f'),
    });
  });

  it('leaves the ties out when the helper printed none (older output)', () => {
    assert.equal(okDump(nsdumpLines()[0]).linkNetns, undefined);
    assert.throws(
      () =>
        parseNsdumpLine(
          '{"target":"/x","inode":1,"nsid":-1,"hostNsid":-1,"nsids":[{"nsid":-1,"inode":2}],"links":[],"routes":[]}',
        ),
      SourceFormatError,
    );
  });
});
