import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { curl, inspectOrNull, iptablesSave, startControlServe, type ControlServe } from '../testkit/control-serve.js';
import { cleanupTestResources, docker, sh, TEST_IMAGE, TEST_LABEL } from '../testkit/test-host.js';

/**
 * container.publish recreates a container: everything it was configured with survives
 * (checked with docker inspect, iptables-save and curl), and a failure puts it back.
 */

const P = 'nlc-pub-';
const NAME = `${P}web`;
let s: ControlServe;
let blocker: Server | null = null;
const bindDir = mkdtempSync(join(tmpdir(), 'nlc-pub-bind-'));

interface CtrInspect {
  Id: string;
  Name: string;
  State: { Running: boolean };
  Config: { Labels: Record<string, string>; Env: string[]; Hostname: string };
  HostConfig: {
    RestartPolicy: { Name: string; MaximumRetryCount: number };
    PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
  };
  Mounts: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
  NetworkSettings: {
    Networks: Record<
      string,
      { IPAddress: string; Aliases: string[] | null; IPAMConfig: { IPv4Address?: string } | null }
    >;
  };
}

const SERVE_TWO = ['sh', '-c', 'trap "exit 0" TERM; httpd -f -p 80 -h /www & httpd -f -p 8080 -h /www & wait'];

async function volumes(): Promise<void> {
  await sh('docker', ['volume', 'rm', '-f', `${P}vol`], { reject: false });
}

before(async () => {
  await cleanupTestResources(P);
  await volumes();
  writeFileSync(join(bindDir, 'hello'), 'from the host\n');
  await docker('network', 'create', '--label', TEST_LABEL, '--subnet', '10.213.21.0/24', `${P}a`);
  await docker('network', 'create', '--label', TEST_LABEL, `${P}b`);
  await docker(
    ...['run', '-d', '--name', NAME, '--label', TEST_LABEL, '--label', 'role=web', '--dns', '127.0.0.1'],
    ...['--network', `${P}a`, '--ip', '10.213.21.30', '--network-alias', 'www', '--hostname', 'web-host'],
    ...['-e', 'GREETING=hello world', '-v', `${P}vol:/data`, '-v', '/anon', '-v', `${bindDir}:/bind:ro`],
    ...['--restart', 'on-failure:3', '-p', '127.0.0.1:18441:80', TEST_IMAGE, ...SERVE_TWO],
  );
  await docker('network', 'connect', '--alias', 'bee', `${P}b`, NAME);
  await docker('exec', NAME, 'sh', '-c', 'echo kept > /anon/f && echo named > /data/f');
  s = await startControlServe();
});
after(async () => {
  await s?.stop();
  blocker?.close();
  await cleanupTestResources(P);
  await volumes();
});

test('without confirm nothing changes: the answer is what recreating would do', { timeout: 30_000 }, async () => {
  const id = (await inspectOrNull<CtrInspect>('container', NAME))?.Id;
  const a = await s.client.request('container.publish', {
    container: NAME,
    publish: [{ hostIp: '127.0.0.1', hostPort: 18442, containerPort: 8080, proto: 'tcp' }],
  });
  assert.ok(a.ok, JSON.stringify(a.error));
  assert.equal(a.result.done, false);
  if (a.result.done) return;
  assert.equal(a.result.cli[0], `docker stop ${NAME}`);
  assert.equal(a.result.cli.at(-1), `docker rm ${NAME}-netloom-previous`);
  const create = a.result.cli.find((l) => l.startsWith('docker create')) ?? '';
  for (const part of [
    '--ip 10.213.21.30',
    '--network-alias www',
    `-v ${P}vol:/data`,
    "-e 'GREETING=hello world'",
    '-p 127.0.0.1:18441:80',
    '-p 127.0.0.1:18442:8080',
    '--restart on-failure:3',
    '--hostname web-host',
  ])
    assert.ok(create.includes(part), `${part} in ${create}`);
  assert.ok(a.result.cli.includes(`docker network connect --alias bee ${P}b ${NAME}`), a.result.cli.join('\n'));
  assert.ok(a.result.lost.some((l) => l.includes(id?.slice(0, 12) ?? '?')));
  assert.equal((await inspectOrNull<CtrInspect>('container', NAME))?.Id, id);
  assert.doesNotMatch(await iptablesSave(), /--dport 18442 /);
});

test(
  'with confirm: a new container with every setting kept and the new port, reached with curl; undo takes the port away',
  { timeout: 60_000 },
  async () => {
    const old = await inspectOrNull<CtrInspect>('container', NAME);
    assert.ok(old);
    const a = await s.client.request('container.publish', {
      container: NAME,
      publish: [{ hostIp: '127.0.0.1', hostPort: 18442, containerPort: 8080, proto: 'tcp' }],
      confirm: true,
    });
    assert.ok(a.ok, JSON.stringify(a.error));
    assert.equal(a.result.done, true);
    if (!a.result.done) return;
    assert.equal(a.result.previousId, old.Id);
    const c = await inspectOrNull<CtrInspect>('container', NAME);
    assert.ok(c);
    assert.equal(c.Id, a.result.id);
    assert.notEqual(c.Id, old.Id);
    assert.equal(await inspectOrNull('container', old.Id), null, 'the old container is gone');
    assert.equal(c.State.Running, true);
    assert.equal(c.Config.Labels.role, 'web');
    assert.ok(c.Config.Env.includes('GREETING=hello world'));
    assert.equal(c.Config.Hostname, 'web-host');
    assert.deepEqual(c.HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
    const a1 = c.NetworkSettings.Networks[`${P}a`];
    assert.equal(a1?.IPAddress, '10.213.21.30');
    assert.equal(a1?.IPAMConfig?.IPv4Address, '10.213.21.30');
    assert.ok(a1?.Aliases?.includes('www'));
    assert.ok(c.NetworkSettings.Networks[`${P}b`]?.Aliases?.includes('bee'));
    const mount = (dest: string) => c.Mounts.find((m) => m.Destination === dest);
    const oldAnon = old.Mounts.find((m) => m.Destination === '/anon')?.Name;
    assert.equal(mount('/data')?.Name, `${P}vol`);
    assert.equal(mount('/anon')?.Name, oldAnon, 'the anonymous volume is mounted again');
    assert.equal(mount('/bind')?.Source, bindDir);
    assert.equal(mount('/bind')?.RW, false);
    assert.equal(
      (await docker('exec', NAME, 'cat', '/anon/f', '/data/f', '/bind/hello')).trim(),
      'kept\nnamed\nfrom the host',
    );
    const rules = await iptablesSave();
    assert.match(rules, /--dport 18441 -j DNAT --to-destination 10\.213\.21\.30:80/);
    assert.match(rules, /--dport 18442 -j DNAT --to-destination 10\.213\.21\.30:8080/);
    assert.equal((await curl('http://127.0.0.1:18442/')).trim(), 'netloom test page');
    assert.equal((await curl('http://127.0.0.1:18441/')).trim(), 'netloom test page');
    assert.equal(a.result.effect.seen, true);
    assert.ok(a.model.nodes.some((n) => n.kind === 'port' && n.hostPort === 18442 && n.rule));
    assert.ok(!a.model.nodes.some((n) => n.id === `container:${old.Id}`));

    const undo = await s.client.request('action.undo', { id: a.result.actionId });
    assert.ok(undo.ok, JSON.stringify(undo.error));
    const back = await inspectOrNull<CtrInspect>('container', NAME);
    assert.deepEqual(Object.keys(back?.HostConfig.PortBindings ?? {}), ['80/tcp']);
    assert.equal(back?.NetworkSettings.Networks[`${P}a`]?.IPAddress, '10.213.21.30');
    assert.doesNotMatch(await iptablesSave(), /--dport 18442 /);
    assert.equal((await curl('http://127.0.0.1:18441/')).trim(), 'netloom test page');
  },
);

test('a failure puts the old container back as it was', { timeout: 60_000 }, async () => {
  // A dual-stack socket on [::] holds the port for IPv4 too: the new container cannot
  // start. From /proc/net/tcp6 alone the check cannot tell it from a v6-only socket, so it
  // warns and lets the engine decide — the path where recreating fails half-way.
  blocker = createServer();
  await new Promise<void>((resolve) => blocker?.listen({ port: 18443, host: '::', ipv6Only: false }, resolve));
  const preview = await s.client.request('action.preview', {
    method: 'container.publish',
    params: { container: NAME, publish: [{ hostIp: '127.0.0.1', hostPort: 18443, containerPort: 8080, proto: 'tcp' }] },
  });
  assert.ok(preview.ok, JSON.stringify(preview.error));
  assert.ok(
    preview.result.warnings.some((w) => w.code === 'port-maybe-in-use'),
    JSON.stringify(preview.result),
  );
  const old = await inspectOrNull<CtrInspect>('container', NAME);
  const a = await s.client.request('container.publish', {
    container: NAME,
    publish: [{ hostIp: '127.0.0.1', hostPort: 18443, containerPort: 8080, proto: 'tcp' }],
    confirm: true,
  });
  assert.equal(a.ok, false);
  assert.equal(a.error?.code, 'conflict');
  assert.ok(a.error?.details?.engine);
  const c = await inspectOrNull<CtrInspect>('container', NAME);
  assert.equal(c?.Id, old?.Id, 'the same container, under its own name');
  assert.equal(c?.State.Running, true, 'running again');
  assert.equal(await inspectOrNull('container', `${NAME}-netloom-previous`), null);
  const names = (await docker('ps', '-a', '--format', '{{.Names}}', '--filter', `name=${P}`))
    .split('\n')
    .filter(Boolean);
  assert.deepEqual(names, [NAME], 'nothing half-made is left');
  assert.equal((await curl('http://127.0.0.1:18441/')).trim(), 'netloom test page');
});
