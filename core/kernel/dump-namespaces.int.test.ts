/**
 * Needs root and iproute2. Builds its own namespaces (nscap-t*), reads them with both
 * methods and checks each against `ip -n NAME -j …` read here, field for field.
 * Touches nothing it did not create; the host only gains nscap-t* veth ends, no addresses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runTool } from '../exec/run-tool.js';
import { defaultHelperPath, dumpNamespaces, listNamedNetns, type DumpNamespacesResult } from './dump-namespaces.js';
import { parseIpAddrJson, parseIpRouteJson, type KernelLink, type KernelRoute, type NetnsDump } from './ip-json.js';

const PREFIX = 'nscap-t';
const SPACES = ['nscap-t1', 'nscap-t2', 'nscap-t3'] as const;
const ODD = 'nscap-t4';
const BENCH = Array.from({ length: 50 }, (_, i) => `nscap-tb${i}`);
/** Needs JSON escaping (quote, backslash) and is multi-byte UTF-8. */
const QUOTED_NAME = 'q"\\é';
/** Bytes that are not UTF-8: created through an `ip -batch` file, since argv is text here. */
const RAW_NAME = Buffer.concat([Buffer.from('nscap-'), Buffer.from([0xff, 0xe2, 0x82])]);

const skip = process.getuid?.() !== 0 ? 'needs root' : false;
const path = (name: string): string => `/run/netns/${name}`;
const ip = (...args: string[]): Promise<string> => runTool('ip', args);
const tmp = mkdtempSync(join(tmpdir(), 'nscap-int-'));

async function removeLeftovers(): Promise<void> {
  const batch: string[] = [];
  for (const { name } of await listNamedNetns()) if (name.startsWith(PREFIX)) batch.push(`netns del ${name}`);
  const hostLinks = JSON.parse(await ip('-j', 'link', 'show')) as { ifname: string }[];
  for (const { ifname } of hostLinks) if (ifname.startsWith(PREFIX)) batch.push(`link del ${ifname}`);
  // -force: deleting one end of a veth pair already removed the other.
  if (batch.length > 0)
    await runTool('ip', ['-force', '-batch', '-'], { input: batch.join('\n') + '\n', okExitCodes: [0, 1] });
}

async function build(): Promise<void> {
  await runTool('ip', ['-batch', '-'], {
    input: [...SPACES, ODD, ...BENCH].map((n) => `netns add ${n}`).join('\n') + '\n',
  });
  const steps: string[][] = [
    // t1 looks like a container: a veth to the host, an address, routes, a macvlan on eth0.
    ['link', 'add', 'nscap-th1', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', 'nscap-t1'],
    ['link', 'set', 'nscap-th1', 'up'],
    ['-n', 'nscap-t1', 'link', 'set', 'lo', 'up'],
    ['-n', 'nscap-t1', 'link', 'set', 'eth0', 'up'],
    ['-n', 'nscap-t1', 'addr', 'add', '10.252.1.2/24', 'dev', 'eth0'],
    ['-n', 'nscap-t1', 'route', 'add', 'default', 'via', '10.252.1.1'],
    ['-n', 'nscap-t1', 'route', 'add', '10.252.9.9', 'via', '10.252.1.1', 'dev', 'eth0', 'metric', '7'],
    ['-n', 'nscap-t1', 'route', 'add', 'blackhole', '10.252.66.0/24'],
    ['-n', 'nscap-t1', 'link', 'add', 'link', 'eth0', 'name', 'nscap-mv1', 'type', 'macvlan', 'mode', 'bridge'],
    ['-n', 'nscap-t1', 'addr', 'add', '10.252.2.3/24', 'dev', 'nscap-mv1'],
    ['-n', 'nscap-t1', 'link', 'set', 'nscap-mv1', 'up'],
    // t2: a bridge and its port (peer in t3), a same-namespace pair with one end down,
    // a macvlan on the down end, and a name that needs escaping.
    ['-n', 'nscap-t2', 'link', 'add', 'nscap-br0', 'type', 'bridge'],
    ['-n', 'nscap-t2', 'link', 'set', 'nscap-br0', 'up'],
    ['-n', 'nscap-t2', 'addr', 'add', '10.252.3.1/24', 'dev', 'nscap-br0'],
    ['-n', 'nscap-t2', 'link', 'add', 'nscap-a2', 'type', 'veth', 'peer', 'name', 'nscap-b3', 'netns', 'nscap-t3'],
    ['-n', 'nscap-t2', 'link', 'set', 'nscap-a2', 'master', 'nscap-br0', 'up'],
    ['-n', 'nscap-t2', 'link', 'add', 'nscap-c2', 'type', 'veth', 'peer', 'name', 'nscap-d2'],
    ['-n', 'nscap-t2', 'link', 'set', 'nscap-c2', 'up'],
    ['-n', 'nscap-t2', 'link', 'add', 'link', 'nscap-d2', 'name', 'nscap-m2', 'type', 'macvlan', 'mode', 'private'],
    ['-n', 'nscap-t2', 'link', 'add', QUOTED_NAME, 'type', 'veth', 'peer', 'name', 'nscap-e2'],
    // t3: the bridge port's other end, plus a macvlan made on the host and moved in.
    ['-n', 'nscap-t3', 'link', 'set', 'nscap-b3', 'up'],
    ['-n', 'nscap-t3', 'addr', 'add', '10.252.3.2/24', 'dev', 'nscap-b3'],
    ['-n', 'nscap-t3', 'route', 'add', 'default', 'via', '10.252.3.1'],
    ['link', 'add', 'nscap-tva', 'type', 'veth', 'peer', 'name', 'nscap-tvb'],
    ['link', 'add', 'link', 'nscap-tva', 'name', 'nscap-tmv', 'type', 'macvlan', 'mode', 'bridge'],
    ['link', 'set', 'nscap-tmv', 'netns', 'nscap-t3'],
    // t4 holds a control character ip cannot print as valid JSON: helper only.
    ['-n', ODD, 'link', 'add', 'nscap-\u0001x', 'type', 'veth', 'peer', 'name', 'nscap-f4'],
  ];
  for (const step of steps) await ip(...step);
  const rawBatch = join(tmp, 'raw-name.batch');
  writeFileSync(
    rawBatch,
    Buffer.concat([Buffer.from('link add '), RAW_NAME, Buffer.from(' type veth peer name nscap-g2\n')]),
  );
  await ip('-n', 'nscap-t2', '-batch', rawBatch);
  // Something to read in each timing namespace: a veth pair with one end up.
  await runTool('ip', ['-batch', '-'], {
    input:
      BENCH.map((n, i) => `link add nscap-tp${i} netns ${n} type veth peer name nscap-tq${i} netns ${n}`).join('\n') +
      '\n',
  });
}

interface Truth {
  links: KernelLink[];
  routes: KernelRoute[];
}

async function truthOf(name: string): Promise<Truth> {
  return {
    links: parseIpAddrJson(await ip('-n', name, '-j', '-d', 'addr', 'show'), `ip -n ${name} -j -d addr show`),
    routes: parseIpRouteJson(await ip('-n', name, '-j', 'route', 'show'), `ip -n ${name} -j route show`),
  };
}

/** The keys the helper promises to print exactly as ip does, from both raw outputs. */
function comparableLinks(raw: Record<string, unknown>[]): unknown[] {
  const indexOf = new Map(raw.map((l) => [l.ifname, l.ifindex]));
  return raw.map((l) => {
    const linkinfo = l.linkinfo as Record<string, unknown> | undefined;
    return {
      ifindex: l.ifindex,
      ifname: l.ifname,
      flags: l.flags,
      mtu: l.mtu,
      operstate: l.operstate,
      link_type: l.link_type,
      address: l.address,
      master: l.master,
      lower: typeof l.link === 'string' ? indexOf.get(l.link) : l.link_index,
      link_netnsid: l.link_netnsid,
      linkinfo: linkinfo && { info_kind: linkinfo.info_kind, info_slave_kind: linkinfo.info_slave_kind },
      addr_info: (l.addr_info as Record<string, unknown>[]).map((a) => ({
        family: a.family,
        local: a.local,
        address: a.address,
        prefixlen: a.prefixlen,
        broadcast: a.broadcast,
        scope: a.scope,
        label: a.label,
      })),
    };
  });
}

function comparableRoutes(raw: Record<string, unknown>[]): unknown[] {
  const keys = ['type', 'dst', 'gateway', 'dev', 'protocol', 'scope', 'prefsrc', 'metric', 'flags'];
  return raw.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
}

function dumpOf(result: DumpNamespacesResult, target: string): NetnsDump {
  const dump = result.dumps.find((d) => d.target === target);
  assert.ok(dump, `no dump for ${target}`);
  return dump;
}

const linkNamed = (links: KernelLink[], name: string): KernelLink => {
  const link = links.find((l) => l.name === name);
  assert.ok(link, `no link ${name}`);
  return link;
};

describe('dumpNamespaces against real namespaces', { skip }, () => {
  const helper = defaultHelperPath();

  before(async () => {
    await removeLeftovers();
    await build();
  });

  after(async () => {
    await removeLeftovers();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('has a built helper to test', async () => {
    await stat(helper);
  });

  for (const method of ['helper', 'nsenter'] as const) {
    it(`${method}: agrees with ip -n NAME -j field for field`, async () => {
      const result = await dumpNamespaces(SPACES.map(path), { forceNsenter: method === 'nsenter' });
      assert.equal(result.method, method);
      assert.deepEqual(result.errors, []);
      for (const name of SPACES) {
        const dump = dumpOf(result, path(name));
        const truth = await truthOf(name);
        assert.deepEqual(dump.links, truth.links, `${name} links (${method})`);
        assert.deepEqual(dump.routes, truth.routes, `${name} routes (${method})`);
        assert.equal(dump.inode, (await stat(path(name))).ino);
      }
    });
  }

  it('helper: prints what ip prints, raw, for every promised key', async () => {
    const lines = (await runTool(helper, SPACES.map(path))).trim().split('\n');
    for (const [i, name] of SPACES.entries()) {
      const mine = JSON.parse(lines[i]!) as { links: Record<string, unknown>[]; routes: Record<string, unknown>[] };
      const ipAddr = JSON.parse(await ip('-n', name, '-j', '-d', 'addr', 'show')) as Record<string, unknown>[];
      const ipRoute = JSON.parse(await ip('-n', name, '-j', 'route', 'show')) as Record<string, unknown>[];
      assert.deepEqual(comparableLinks(mine.links), comparableLinks(ipAddr), `${name} links`);
      assert.deepEqual(comparableRoutes(mine.routes), comparableRoutes(ipRoute), `${name} routes`);
    }
  });

  it('helper: reads what makes the model (veth pairs, nsids, bridge ports, macvlan parents)', async () => {
    const result = await dumpNamespaces(['host', ...SPACES.map(path)]);
    const host = dumpOf(result, 'host');
    const [t1, t2, t3] = SPACES.map((n) => dumpOf(result, path(n)));
    assert.equal(host.inode, (await stat('/proc/self/ns/net')).ino);

    const hostEnd = linkNamed(host.links, 'nscap-th1');
    const eth0 = linkNamed(t1!.links, 'eth0');
    assert.notEqual(t1!.nsid, null);
    assert.equal(hostEnd.linkNetnsid, t1!.nsid, 'host numbers t1 as the helper says');
    assert.equal(eth0.linkNetnsid, t1!.hostNsid, 't1 numbers the host as the helper says');
    assert.equal(hostEnd.linkIndex, eth0.ifindex);
    assert.equal(eth0.linkIndex, hostEnd.ifindex);
    assert.deepEqual(eth0.addresses[0], { family: 'inet', local: '10.252.1.2', prefixlen: 24, scope: 'global' });
    assert.ok(eth0.addresses.slice(1).every((a) => a.family === 'inet6' && a.scope === 'link'));
    assert.deepEqual(
      t1!.routes.map((r) => [r.dst, r.gateway, r.type]),
      [
        ['default', '10.252.1.1', null],
        ['10.252.1.0/24', null, null],
        ['10.252.2.0/24', null, null],
        ['10.252.9.9', '10.252.1.1', null],
        ['10.252.66.0/24', null, 'blackhole'],
      ],
    );
    const mv1 = linkNamed(t1!.links, 'nscap-mv1');
    assert.equal(mv1.kind, 'macvlan');
    assert.equal(mv1.linkName, 'eth0');
    assert.equal(mv1.linkIndex, eth0.ifindex);

    const port = linkNamed(t2!.links, 'nscap-a2');
    assert.equal(port.master, 'nscap-br0');
    assert.equal(port.slaveKind, 'bridge');
    assert.equal(linkNamed(t3!.links, 'nscap-b3').linkIndex, port.ifindex);
    const c2 = linkNamed(t2!.links, 'nscap-c2');
    assert.deepEqual(c2.flags, ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP', 'M-DOWN']);
    assert.equal(c2.operstate, 'LOWERLAYERDOWN');
    assert.equal(c2.linkName, 'nscap-d2');
    assert.ok(linkNamed(t2!.links, 'nscap-m2').flags.includes('M-DOWN'));
    assert.ok(t2!.links.some((l) => l.name === QUOTED_NAME));
    assert.ok(
      t2!.links.some((l) => l.name === RAW_NAME.toString('utf8')),
      'non-UTF-8 bytes decode as Node decodes ip',
    );

    const tmv = linkNamed(t3!.links, 'nscap-tmv');
    assert.equal(tmv.linkNetnsid, t3!.hostNsid);
    assert.equal(tmv.linkIndex, linkNamed(host.links, 'nscap-tva').ifindex);
  });

  it('helper: agrees with ip on the host too (our links; the host is shared, so retried)', async () => {
    const ours = (links: KernelLink[]) => links.filter((l) => l.name.startsWith(PREFIX) || l.name === 'lo');
    let last: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await dumpNamespaces(['host']);
      const truth = parseIpAddrJson(await ip('-j', '-d', 'addr', 'show'), 'ip -j -d addr show');
      try {
        assert.deepEqual(ours(dumpOf(result, 'host').links), ours(truth));
        return;
      } catch (error) {
        last = error;
      }
    }
    throw last;
  });

  it('helper: escapes a control character in a name as JSON', async () => {
    const result = await dumpNamespaces([path(ODD)]);
    assert.ok(linkNamed(dumpOf(result, path(ODD)).links, 'nscap-\u0001x'));
  });

  for (const method of ['helper', 'nsenter'] as const) {
    it(`${method}: a path that is not a namespace goes to errors, the rest is read`, async () => {
      const notNetns = join(tmp, 'not-a-netns');
      writeFileSync(notNetns, '');
      const targets = [path('nscap-t1'), notNetns, '/nonexistent/nscap-x', path('nscap-t3')];
      const result = await dumpNamespaces(targets, { forceNsenter: method === 'nsenter' });
      assert.deepEqual(
        result.dumps.map((d) => d.target),
        [path('nscap-t1'), path('nscap-t3')],
      );
      assert.deepEqual(
        result.errors.map((e) => e.target),
        [notNetns, '/nonexistent/nscap-x'],
      );
      assert.equal(result.errors[0]!.error, 'Invalid argument');
      assert.equal(result.errors[1]!.error, 'No such file or directory');
    });
  }

  it('helper: parallel workers print exactly what one process prints', async () => {
    const notNetns = join(tmp, 'not-a-netns-2');
    writeFileSync(notNetns, '');
    const args = [...SPACES.map(path), notNetns, path(ODD), ...BENCH.map(path)];
    const withWorkers = async (n: string): Promise<string> => {
      process.env.NETLOOM_NSDUMP_WORKERS = n;
      try {
        return await runTool(helper, args);
      } finally {
        delete process.env.NETLOOM_NSDUMP_WORKERS;
      }
    };
    const one = await withWorkers('1');
    assert.equal(one.trim().split('\n').length, args.length);
    assert.equal(await withWorkers('3'), one);
    assert.equal(await withWorkers('8'), one);
  });

  it('helper unprivileged: reads the host, refuses the rest with EPERM/EACCES', async () => {
    const out = await runTool('setpriv', [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      helper,
      '/proc/self/ns/net',
      path('nscap-t1'),
    ]);
    const [host, t1] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(Array.isArray(host!.links) && host!.links.length > 0);
    assert.ok(t1!.errno === 1 || t1!.errno === 13, `errno ${String(t1!.errno)}`);
  });

  it('timing: 50 namespaces + host, helper vs nsenter', async (t) => {
    const targets = ['host', ...BENCH.map(path)];
    const timed = async (forceNsenter: boolean): Promise<number> => {
      const started = performance.now();
      const result = await dumpNamespaces(targets, { forceNsenter });
      assert.equal(result.dumps.length, targets.length);
      return performance.now() - started;
    };
    await timed(false); // warm the page cache for the binary
    const helperMs = Math.min(await timed(false), await timed(false), await timed(false));
    const nsenterMs = await timed(true);
    const line = `kernel dump of ${targets.length} namespaces: helper ${helperMs.toFixed(1)} ms, nsenter ${nsenterMs.toFixed(1)} ms`;
    t.diagnostic(line);
    console.log(line);
  });
});
