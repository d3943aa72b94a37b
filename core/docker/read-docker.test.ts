import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SourceFormatError } from '../exec/run-tool.js';
import { fixtureJson } from '../testkit/fixtures.js';
import { compareApiVersions, dockerEndpoint, negotiateApiVersion, parseApi } from './client.js';
import { normaliseContainer, normaliseNetwork } from './read-docker.js';
import { ContainerInspectSchema, ContainerListSchema, NetworkListSchema, VersionSchema } from './schema.js';

const inspect = (name: string) =>
  parseApi(ContainerInspectSchema, fixtureJson(`docker/inspect-${name}.json`), `GET /containers/${name}/json`);

const all = ['nlf-web', 'nlf-two', 'nlf-shared', 'nlf-stopped'].map(inspect);
const idByName = new Map(all.flatMap((c) => [[c.Name.slice(1), c.Id] as const, [c.Id, c.Id] as const]));

describe('Docker API normalisation (fixtures from engine 20.10 / API 1.41)', () => {
  test('version: the engine speaks 1.41, and we speak it back', () => {
    const v = parseApi(VersionSchema, fixtureJson('docker/version.json'), 'GET /version');
    assert.equal(v.ApiVersion, '1.41');
    assert.equal(negotiateApiVersion(v.ApiVersion), '1.41');
    assert.equal(negotiateApiVersion('1.52'), '1.47');
    assert.ok(compareApiVersions('1.9', '1.41') < 0, 'versions compare numerically, not as text');
  });

  test('published ports, IPv4 and IPv6 bindings, protocols', () => {
    const web = normaliseContainer(inspect('nlf-web'), idByName);
    assert.equal(web.name, 'nlf-web');
    assert.equal(web.state, 'running');
    assert.ok(web.pid > 0);
    assert.equal(web.networkMode, 'default');
    assert.match(web.sandboxKey ?? '', /^\/var\/run\/docker\/netns\//);
    const ports = web.ports.map((p) => `${p.proto} ${p.hostIp}:${p.hostPort}->${p.containerPort}`).sort();
    assert.deepEqual(ports, ['tcp 0.0.0.0:18090->80', 'tcp :::18090->80', 'udp 127.0.0.1:15390->53']);
    assert.equal(web.endpoints.length, 1);
    assert.equal(web.endpoints[0]?.networkName, 'bridge');
    assert.match(web.endpoints[0]?.ipv4 ?? '', /^172\.17\.\d+\.\d+\/16$/);
  });

  test('two networks, a static IP and an alias', () => {
    const two = normaliseContainer(inspect('nlf-two'), idByName);
    assert.deepEqual(
      two.endpoints.map((e) => e.networkName),
      ['bridge', 'nlf-net'],
    );
    const net = two.endpoints.find((e) => e.networkName === 'nlf-net');
    assert.equal(net?.ipv4, '10.240.0.9/24');
    assert.equal(net?.gateway, '10.240.0.1');
    assert.ok(net?.aliases.includes('db'));
    assert.match(net?.mac ?? '', /^02:42:0a:f0:00:09$/);
  });

  test('container: mode is resolved to the full id of the other container', () => {
    const shared = normaliseContainer(inspect('nlf-shared'), idByName);
    const web = inspect('nlf-web');
    assert.equal(shared.networkMode, `container:${web.Id}`);
    assert.deepEqual(shared.endpoints, []);
    // A name reference (as some engines keep it) resolves the same way.
    const byName = normaliseContainer(
      { ...inspect('nlf-shared'), HostConfig: { NetworkMode: 'container:nlf-web' } },
      idByName,
    );
    assert.equal(byName.networkMode, `container:${web.Id}`);
  });

  test('a stopped container: pid 0, endpoint kept without address, no ports', () => {
    const stopped = normaliseContainer(inspect('nlf-stopped'), idByName);
    assert.equal(stopped.state, 'exited');
    assert.equal(stopped.pid, 0);
    assert.deepEqual(stopped.ports, []);
    assert.equal(stopped.endpoints.length, 1);
    assert.equal(stopped.endpoints[0]?.ipv4, null);
  });

  test('legacy links: HostConfig.Links, each linked container by its id when read, else by its name', () => {
    // Captured with core/testkit/capture-reach-host.ts: app run with --link nle-fx-db:db --link nle-fx-web.
    const app = inspect('nle-fx-app');
    const db = inspect('nle-fx-db');
    const known = new Map([
      ['nle-fx-app', app.Id],
      ['nle-fx-db', db.Id],
    ]);
    assert.deepEqual(normaliseContainer(app, known).links, [
      { target: db.Id, alias: 'db' },
      { target: 'nle-fx-web', alias: 'nle-fx-web' },
    ]);
    assert.deepEqual(normaliseContainer(db, known).links, [], 'one way: the linked container has none');
    assert.deepEqual(normaliseContainer(inspect('nlc-linked'), idByName).links, [{ target: 'nlc-fx-db', alias: 'db' }]);
    assert.deepEqual(normaliseContainer(inspect('nlf-web'), idByName).links, [], 'HostConfig.Links null');
  });

  test("links on a user-defined network: the endpoint's Links, `name:alias`, not HostConfig's", () => {
    // Captured with core/testkit/capture-reach-host.ts: ul run with --network nle-fx-net --link nle-fx-u:peer.
    const ul = inspect('nle-fx-ul');
    const uId = 'e'.repeat(64);
    const c = normaliseContainer(ul, new Map([['nle-fx-u', uId]]));
    assert.deepEqual(c.links, [], 'HostConfig.Links is null: no /etc/hosts line');
    assert.deepEqual(
      c.endpoints.map((e) => [e.networkName, e.links]),
      [['nle-fx-net', [{ target: uId, alias: 'peer' }]]],
    );
    assert.deepEqual(normaliseContainer(ul, new Map()).endpoints[0]?.links, [{ target: 'nle-fx-u', alias: 'peer' }]);
    assert.deepEqual(
      normaliseContainer(inspect('nlf-two'), idByName).endpoints.flatMap((e) => e.links),
      [],
    );
  });

  test('networks: IPAM, options, drivers', () => {
    const nets = parseApi(NetworkListSchema, fixtureJson('docker/networks.json'), 'GET /networks').map(
      normaliseNetwork,
    );
    const bridge = nets.find((n) => n.name === 'bridge');
    assert.equal(bridge?.options['com.docker.network.bridge.name'], 'docker0');
    assert.equal(bridge?.subnets[0]?.subnet, '172.17.0.0/16');
    const mine = nets.find((n) => n.name === 'nlf-net');
    assert.deepEqual(mine?.subnets, [{ subnet: '10.240.0.0/24', gateway: '10.240.0.1' }]);
    assert.equal(mine?.labels['netloom.test'], '1');
    assert.deepEqual(nets.map((n) => n.driver).sort(), ['bridge', 'bridge', 'host', 'null']);
  });

  test('the container list parses', () => {
    const list = parseApi(ContainerListSchema, fixtureJson('docker/containers.json'), 'GET /containers/json');
    assert.equal(list.length, 4);
  });

  test('malformed responses name the request', () => {
    assert.throws(
      () => parseApi(ContainerListSchema, { not: 'a list' }, 'GET /containers/json?all=1'),
      (e: unknown) => e instanceof SourceFormatError && /Docker API GET \/containers\/json\?all=1/.test(e.message),
    );
    const truncated = { ...inspect('nlf-web'), State: undefined };
    assert.throws(
      () => parseApi(ContainerInspectSchema, truncated, 'GET /containers/x/json'),
      (e: unknown) => e instanceof SourceFormatError && /State/.test(e.message),
    );
  });

  test('DOCKER_HOST is honoured', () => {
    assert.equal(dockerEndpoint({}).socketPath, '/var/run/docker.sock');
    assert.equal(
      dockerEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).socketPath,
      '/run/user/1000/docker.sock',
    );
    assert.deepEqual(
      {
        host: dockerEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }).host,
        port: dockerEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }).port,
      },
      { host: '127.0.0.1', port: 2375 },
    );
    assert.throws(() => dockerEndpoint({ DOCKER_HOST: 'ssh://me@box' }), /not a unix/);
  });
});
