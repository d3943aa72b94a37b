import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Docker from 'dockerode';
import { fixtureJson } from '../testkit/fixtures.js';
import { containerLines, createPlan } from './container-render.js';
import { portText, samePort, specFromInspect, specFromRun } from './container-spec.js';

/** One spec, two renderings: what the engine is asked and what the docker CLI would be told, from captured inspects. */

const web = fixtureJson<Docker.ContainerInspectInfo>('docker/inspect-nlc-publish.json');
const linked = fixtureJson<Docker.ContainerInspectInfo>('docker/inspect-nlc-linked.json');
const image = fixtureJson<Docker.ImageInspectInfo>('docker/image-netloom-busybox.json');
const names = async (ref: string) => (ref.startsWith('5') ? 'owner' : ref);
const CMD = ['sh', '-c', 'trap "exit 0" TERM; httpd -f -p 80 -h /www & wait'];

describe('specFromInspect', () => {
  test('keeps what was chosen, drops what the image or the engine gives anyway', async () => {
    const s = await specFromInspect(web, image, names);
    assert.equal(s.name, 'nlc-fx-web');
    assert.equal(s.image, 'netloom-busybox:test');
    assert.deepEqual(s.command, CMD);
    assert.equal(s.entrypoint, undefined);
    assert.deepEqual(s.env, ['GREETING=hello world'], "the image's PATH is not repeated");
    assert.equal(s.hostname, 'web-host');
    assert.deepEqual(s.labels, { 'netloom.test': '1', role: 'web' });
    assert.deepEqual(s.restart, { name: 'on-failure', maximumRetryCount: 3 });
    assert.equal(s.stopTimeout, 2);
    assert.deepEqual(s.tmpfs, { '/run': 'size=1m' });
    assert.deepEqual(s.dns, ['127.0.0.1']);
    assert.equal(s.networkMode, 'nlc-fx-a');
    assert.deepEqual(s.networks, [
      { name: 'nlc-fx-a', aliases: ['www'], ipv4: '10.241.0.30' },
      { name: 'nlc-fx-b', aliases: ['bee'] },
    ]);
    assert.deepEqual(
      s.mounts.map((m) => [m.type, m.source.length === 64 ? '<anonymous>' : m.source, m.target, m.readOnly]),
      [
        ['volume', 'nlc-fx-vol', '/data', false],
        ['bind', '/tmp/nlc-fx-bind', '/bind', true],
        ['volume', '<anonymous>', '/anon', false],
      ],
    );
    assert.deepEqual(s.ports, [
      { containerPort: 53, hostPort: 18452, proto: 'udp' },
      { hostIp: '127.0.0.1', hostPort: 18451, containerPort: 80, proto: 'tcp' },
    ]);
  });

  test('a link on a user network is read back from the endpoint, where the engine keeps it', async () => {
    // Captured with core/testkit/capture-reach-host.ts: --network nle-fx-net --link nle-fx-u:peer.
    const ul = fixtureJson<Docker.ContainerInspectInfo>('docker/inspect-nle-fx-ul.json');
    const s = await specFromInspect(ul, image, names);
    assert.equal(s.networkMode, 'nle-fx-net');
    assert.deepEqual(s.links, [{ container: 'nle-fx-u', alias: 'peer' }]);
    assert.deepEqual(createPlan(s).create.NetworkingConfig?.EndpointsConfig?.['nle-fx-net']?.Links, ['nle-fx-u:peer']);
  });

  test('links by name and alias; a default-bridge container; -P', async () => {
    const s = await specFromInspect(linked, image, names);
    assert.deepEqual(s.links, [{ container: 'nlc-fx-db', alias: 'db' }]);
    assert.equal(s.networkMode, 'bridge');
    assert.deepEqual(s.networks, [{ name: 'bridge', aliases: [] }]);
    assert.equal(s.hostname, undefined, 'the default host name is the short id: a new container gets its own');
    assert.equal(s.publishAll, true);
    assert.deepEqual(s.command, ['sleep', '1d']);
  });
});

describe('rendering', () => {
  test('the engine request: one network at create, the others connected before the start', async () => {
    const plan = createPlan(await specFromInspect(web, image, names));
    const c = plan.create;
    assert.equal(c.name, 'nlc-fx-web');
    assert.deepEqual(c.Cmd, CMD);
    assert.deepEqual(c.Env, ['GREETING=hello world']);
    assert.equal(c.StopTimeout, 2);
    assert.deepEqual(c.ExposedPorts, { '53/udp': {}, '80/tcp': {} });
    assert.equal(c.HostConfig?.NetworkMode, 'nlc-fx-a');
    assert.deepEqual(c.HostConfig?.PortBindings, {
      '53/udp': [{ HostIp: '', HostPort: '18452' }],
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '18451' }],
    });
    assert.deepEqual(c.HostConfig?.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
    assert.equal(c.HostConfig?.Binds?.[0], 'nlc-fx-vol:/data');
    assert.equal(c.HostConfig?.Binds?.[1], '/tmp/nlc-fx-bind:/bind:ro');
    assert.match(c.HostConfig?.Binds?.[2] ?? '', /^[0-9a-f]{64}:\/anon$/);
    assert.deepEqual(c.NetworkingConfig, {
      EndpointsConfig: { 'nlc-fx-a': { Aliases: ['www'], IPAMConfig: { IPv4Address: '10.241.0.30' } } },
    });
    assert.deepEqual(plan.connects, [{ network: 'nlc-fx-b', endpoint: { Aliases: ['bee'] } }]);
  });

  test('the same spec as docker lines: create, connect, start, each value quoted', async () => {
    const s = await specFromInspect(web, image, names);
    const anon = s.mounts[2]?.source;
    assert.deepEqual(containerLines(s), [
      'docker create --name nlc-fx-web --network nlc-fx-a --network-alias www --ip 10.241.0.30 --hostname web-host ' +
        '--dns 127.0.0.1 -p 18452:53/udp -p 127.0.0.1:18451:80 --label netloom.test=1 --label role=web ' +
        `-e 'GREETING=hello world' -v nlc-fx-vol:/data -v /tmp/nlc-fx-bind:/bind:ro -v ${anon}:/anon ` +
        `--tmpfs /run:size=1m --restart on-failure:3 --stop-timeout 2 netloom-busybox:test sh -c 'trap "exit 0" TERM; httpd -f -p 80 -h /www & wait'`,
      'docker network connect --alias bee nlc-fx-b nlc-fx-web',
      'docker start nlc-fx-web',
    ]);
  });

  test('run params: one docker run line; the default bridge without --network (the 20.10 client refuses it beside --link)', () => {
    const s = specFromRun({
      image: 'netloom-busybox:test',
      name: 'app',
      links: [{ container: 'db', alias: 'database' }],
      labels: { note: "it's $(x)" },
      command: ['sh', '-c', 'echo $HOME; reboot'],
      publish: [{ containerPort: 80, proto: 'tcp' }],
    });
    assert.deepEqual(containerLines(s), [
      `docker run -d --name app -p 80 --link db:database --label 'note=it'\\''s $(x)' netloom-busybox:test sh -c 'echo $HOME; reboot'`,
    ]);
    const c = createPlan(s).create;
    assert.equal(c.HostConfig?.NetworkMode, 'bridge');
    assert.deepEqual(c.HostConfig?.Links, ['db:database']);
    assert.deepEqual(c.HostConfig?.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '' }] });
    assert.deepEqual(createPlan(specFromRun({ image: 'x', network: 'host' })).create.NetworkingConfig, undefined);
  });

  test('a link on a user network goes on its endpoint: the engine drops HostConfig.Links there silently', () => {
    const s = specFromRun({ image: 'x', name: 'app', network: 'appnet', links: [{ container: 'db', alias: 'store' }] });
    const c = createPlan(s).create;
    assert.equal(c.HostConfig?.Links, undefined);
    assert.deepEqual(c.NetworkingConfig, { EndpointsConfig: { appnet: { Links: ['db:store'] } } });
    // docker run moves --link to the endpoint itself: the line stays as a person types it.
    assert.deepEqual(containerLines(s), ['docker run -d --name app --network appnet --link db:store x']);
  });

  test('a container without a name is named by its id in the lines after the first; entrypoints of several words', () => {
    const s = { ...specFromRun({ image: 'img', network: 'n1' }), entrypoint: ['/bin/sh', '-c'], command: ['echo hi'] };
    s.networks.push({ name: 'n2', aliases: [] });
    assert.deepEqual(containerLines(s), [
      "id=$(docker create --network n1 --entrypoint /bin/sh img -c 'echo hi')",
      'docker network connect n2 "$id"',
      'docker start "$id"',
    ]);
  });

  test('ports as -p writes them, and the same port told apart from another', () => {
    assert.equal(portText({ containerPort: 80, proto: 'tcp' }), '80');
    assert.equal(portText({ hostPort: 8080, containerPort: 80, proto: 'tcp' }), '8080:80');
    assert.equal(portText({ hostIp: '127.0.0.1', containerPort: 53, proto: 'udp' }), '127.0.0.1::53/udp');
    assert.ok(
      samePort(
        { hostIp: '0.0.0.0', hostPort: 1, containerPort: 2, proto: 'tcp' },
        { hostPort: 1, containerPort: 2, proto: 'tcp' },
      ),
    );
    assert.ok(
      !samePort({ hostPort: 1, containerPort: 2, proto: 'tcp' }, { hostPort: 1, containerPort: 2, proto: 'udp' }),
    );
  });
});
