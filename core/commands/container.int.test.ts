import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
import {
  curl,
  HTTPD,
  IDLE,
  inspectOrNull,
  iptablesSave,
  LABELS,
  startControlServe,
  type ControlServe,
} from '../testkit/control-serve.js';
import { cleanupTestResources, sh, TEST_IMAGE } from '../testkit/test-host.js';

/** container.* and image.list through a real `netloom serve`, checked with docker inspect, iptables-save and curl. */

const P = 'nlc-ctr-';
let s: ControlServe;

interface CtrInspect {
  Id: string;
  Name: string;
  State: { Status: string; Running: boolean; Pid: number };
  Config: { Labels: Record<string, string>; Hostname: string; Cmd: string[] };
  HostConfig: { Dns: string[]; Links: string[] | null; PortBindings: Record<string, { HostPort: string }[]> };
  NetworkSettings: {
    Networks: Record<string, { IPAddress: string; Aliases: string[] | null; Links: string[] | null }>;
  };
}

before(async () => {
  await cleanupTestResources(P);
  s = await startControlServe();
});
after(async () => {
  await s?.stop();
  await cleanupTestResources(P);
});

const run = (params: Record<string, unknown>) =>
  s.client.request('container.run', { image: TEST_IMAGE, dns: ['127.0.0.1'], labels: LABELS, ...params });

describe('container.run', { timeout: 60_000 }, () => {
  test('on a network with an alias, a static address and a published port: reached through 127.0.0.1 with curl', async () => {
    assert.ok(
      (
        await s.client.request('network.create', {
          name: `${P}web`,
          driver: 'bridge',
          subnet: '10.213.11.0/24',
          labels: LABELS,
        })
      ).ok,
    );
    const a = await run({
      name: `${P}web1`,
      network: `${P}web`,
      ipv4: '10.213.11.20',
      aliases: ['www'],
      hostname: 'web-one',
      publish: [{ hostIp: '127.0.0.1', hostPort: 18431, containerPort: 80, proto: 'tcp' }],
      command: HTTPD,
    });
    assert.ok(a.ok, JSON.stringify(a.error));
    const c = await inspectOrNull<CtrInspect>('container', `${P}web1`);
    assert.equal(c?.Id, a.result.id);
    assert.equal(c?.State.Running, true);
    assert.equal(c?.Config.Hostname, 'web-one');
    assert.deepEqual(c?.HostConfig.Dns, ['127.0.0.1']);
    assert.equal(c?.NetworkSettings.Networks[`${P}web`]?.IPAddress, '10.213.11.20');
    assert.ok(c?.NetworkSettings.Networks[`${P}web`]?.Aliases?.includes('www'));
    assert.match(
      await iptablesSave(),
      /-d 127\.0\.0\.1\/32 .*--dport 18431 -j DNAT --to-destination 10\.213\.11\.20:80/,
    );
    assert.equal((await curl('http://127.0.0.1:18431/')).trim(), 'netloom test page');
    // The answer came once the client's model showed the container, its endpoint and its DNAT'd port.
    assert.equal(a.result.effect.seen, true);
    const port = a.model.nodes.find((n) => n.kind === 'port' && n.hostPort === 18431);
    assert.ok(port && port.kind === 'port' && port.rule, 'the port and its DNAT rule are in the client’s model');
    const items = a.result.effect.items;
    assert.ok(
      items.some((i) => i.kind === 'nat-rule' && i.change === 'added' && i.label.includes('--dport 18431')),
      JSON.stringify(items),
    );
    assert.ok(items.some((i) => i.kind === 'veth' && i.change === 'added'));
    assert.ok(items.some((i) => i.kind === 'dns-name' && i.label === 'www'));
  });

  test('a link on the default bridge; the preview replays in a POSIX shell with the 20.10 client', async () => {
    assert.ok((await run({ name: `${P}db`, command: IDLE })).ok);
    const params = {
      image: TEST_IMAGE,
      name: `${P}app`,
      dns: ['127.0.0.1'],
      labels: { ...LABELS, note: "it's $(x)" },
      links: [{ container: `${P}db`, alias: 'database' }],
      command: ['sh', '-c', 'trap "exit 0" TERM; ping -c1 -W1 database > /tmp/ping; sleep 1d & wait'],
    };
    const preview = await s.client.request('action.preview', { method: 'container.run', params });
    assert.ok(preview.ok, JSON.stringify(preview.error));
    assert.equal(preview.result.cli.length, 1);
    const line = preview.result.cli[0] ?? '';
    assert.doesNotMatch(line, /--network/, 'the 20.10 client refuses --network bridge with --link');
    assert.equal(await inspectOrNull('container', `${P}app`), null, 'a preview changes nothing');
    // The line as a person would paste it, with Debian's 20.10 client first on PATH.
    const bin = mkdtempSync(join(tmpdir(), 'nlc-bin-'));
    symlinkSync('/usr/bin/docker', join(bin, 'docker'));
    const r = await execa('sh', ['-c', line], { env: { PATH: `${bin}:/usr/bin:/bin` }, reject: false });
    assert.equal(r.exitCode, 0, r.stderr);
    const c = await inspectOrNull<CtrInspect>('container', `${P}app`);
    assert.deepEqual(c?.HostConfig.Links, [`/${P}db:/${P}app/database`]);
    assert.equal(c?.Config.Labels.note, "it's $(x)", 'quoted, never expanded');
    await sh('docker', ['rm', '-f', `${P}app`]);
    const a = await run(params);
    assert.ok(a.ok, JSON.stringify(a.error));
    assert.deepEqual((await inspectOrNull<CtrInspect>('container', `${P}app`))?.HostConfig.Links, [
      `/${P}db:/${P}app/database`,
    ]);
  });

  test('a link on a user network: kept on the endpoint, and the alias answers inside, as docker run does it', async () => {
    // The user network of the first test, with someone to link to on it.
    assert.ok((await run({ name: `${P}udb`, network: `${P}web`, command: IDLE })).ok);
    const params = {
      name: `${P}uapp`,
      network: `${P}web`,
      links: [{ container: `${P}udb`, alias: 'store' }],
      command: IDLE,
    };
    const preview = await s.client.request('action.preview', {
      method: 'container.run',
      params: { image: TEST_IMAGE, dns: ['127.0.0.1'], labels: LABELS, ...params },
    });
    assert.ok(preview.ok, JSON.stringify(preview.error));
    const endpointLinks = async () =>
      (await inspectOrNull<CtrInspect>('container', `${P}uapp`))?.NetworkSettings.Networks[`${P}web`]?.Links;
    const a = await run(params);
    assert.ok(a.ok, JSON.stringify(a.error));
    assert.deepEqual(await endpointLinks(), [`${P}udb:store`]);
    const ping = await execa('docker', ['exec', `${P}uapp`, 'ping', '-c', '1', '-W', '1', 'store'], { reject: false });
    assert.match(ping.stdout, /1 packets received/, ping.stderr);
    // The preview's line, pasted, makes the same container.
    await sh('docker', ['rm', '-f', `${P}uapp`]);
    const r = await execa('sh', ['-c', preview.result.cli[0] ?? ''], { reject: false });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(await endpointLinks(), [`${P}udb:store`]);
  });

  test('a command that cannot start leaves no container behind', async () => {
    const a = await run({ name: `${P}broken`, command: ['/no/such/program'] });
    assert.equal(a.ok, false);
    assert.equal(a.error?.code, 'failed');
    assert.match(String(a.error?.details?.engine), /no such file|not found/i);
    assert.equal(await inspectOrNull('container', `${P}broken`), null);
    const log = await s.client.request('action.log');
    const entry = log.result?.actions.at(-1);
    assert.equal(entry?.method, 'container.run');
    assert.equal(entry?.ok, false);
    assert.equal(entry?.error?.code, 'failed');
  });
});

describe('container.start / stop / restart / remove', { timeout: 90_000 }, () => {
  test('each changes the engine’s state, and the answer comes with the model showing it', async () => {
    const a = await run({
      name: `${P}life`,
      publish: [{ hostPort: 18432, containerPort: 80, proto: 'tcp' }],
      command: HTTPD,
    });
    assert.ok(a.ok, JSON.stringify(a.error));
    const node = `container:${a.result.id}`;
    const state = async () => (await inspectOrNull<CtrInspect>('container', `${P}life`))?.State;

    const stop = await s.client.request('container.stop', { container: `${P}life` });
    assert.ok(stop.ok, JSON.stringify(stop.error));
    assert.equal((await state())?.Status, 'exited');
    assert.doesNotMatch(await iptablesSave(), /--dport 18432 /);
    assert.ok(stop.model.nodes.some((n) => n.id === node && n.kind === 'container' && n.state === 'exited'));
    assert.ok(stop.result.effect.items.some((i) => i.kind === 'nat-rule' && i.change === 'removed'));

    const start = await s.client.request('container.start', { container: a.result.id.slice(0, 12) });
    assert.ok(start.ok, JSON.stringify(start.error));
    const started = await state();
    assert.equal(started?.Running, true);
    assert.match(await iptablesSave(), /--dport 18432 -j DNAT/);
    assert.equal((await curl('http://127.0.0.1:18432/')).trim(), 'netloom test page');
    const again = await s.client.request('container.start', { container: `${P}life` });
    assert.equal(again.error?.code, 'conflict', 'already running');

    const restart = await s.client.request('container.restart', { container: `${P}life`, force: true });
    assert.ok(restart.ok, JSON.stringify(restart.error));
    const restarted = await state();
    assert.equal(restarted?.Running, true);
    assert.notEqual(restarted?.Pid, started?.Pid);
    assert.ok(restart.model.nodes.some((n) => n.id === node && n.kind === 'container' && n.pid === restarted?.Pid));

    const refused = await s.client.request('container.remove', { container: `${P}life` });
    assert.equal(refused.error?.code, 'conflict', 'a running container needs force');
    assert.ok(await inspectOrNull('container', `${P}life`));
    const preview = await s.client.request('action.preview', {
      method: 'container.remove',
      params: { container: `${P}life`, force: true },
    });
    assert.deepEqual(preview.result?.cli, [`docker rm -f ${P}life`]);
    assert.ok(
      preview.result?.lost.some((l) => l.includes('18432')),
      JSON.stringify(preview.result?.lost),
    );
    const remove = await s.client.request('container.remove', { container: `${P}life`, force: true });
    assert.ok(remove.ok, JSON.stringify(remove.error));
    assert.equal(await inspectOrNull('container', `${P}life`), null);
    assert.ok(!remove.model.nodes.some((n) => n.id === node));
    assert.ok(remove.result.effect.items.some((i) => i.kind === 'container' && i.change === 'removed'));
  });
});

test('image.list: the local images, with what they expose', { timeout: 30_000 }, async () => {
  const a = await s.client.request('image.list');
  assert.ok(a.ok, JSON.stringify(a.error));
  const image = a.result.images.find((i) => i.tags.includes(TEST_IMAGE));
  assert.ok(image);
  assert.equal(image.id, (await sh('docker', ['image', 'inspect', '-f', '{{.Id}}', TEST_IMAGE])).trim());
});
