import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { fixtureJson } from '../testkit/fixtures.js';
import { createParamsOf, networkCreateLine, networkCreateOptions } from './network-spec.js';

const params = {
  name: 'lab',
  driver: 'bridge' as const,
  subnet: '10.9.0.0/24',
  gateway: '10.9.0.254',
  ipRange: '10.9.0.128/25',
  icc: false,
  mtu: 1400,
  internal: true,
  labels: { 'netloom.test': '1', owner: "o'brien" },
};

test('network.create params: one description, rendered to the engine request and to the docker line', () => {
  assert.deepEqual(networkCreateOptions(params), {
    Name: 'lab',
    Driver: 'bridge',
    CheckDuplicate: true,
    Internal: true,
    IPAM: { Driver: 'default', Config: [{ Subnet: '10.9.0.0/24', Gateway: '10.9.0.254', IPRange: '10.9.0.128/25' }] },
    Options: { 'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.driver.mtu': '1400' },
    Labels: { 'netloom.test': '1', owner: "o'brien" },
  });
  assert.equal(
    networkCreateLine(params),
    'docker network create --driver bridge --subnet 10.9.0.0/24 --gateway 10.9.0.254 --ip-range 10.9.0.128/25 --internal ' +
      '-o com.docker.network.bridge.enable_icc=false -o com.docker.network.driver.mtu=1400 ' +
      `--label netloom.test=1 --label 'owner=o'\\''brien' lab`,
  );
  assert.equal(
    networkCreateLine({ name: 'mv', driver: 'macvlan', parent: 'nlv-p0' }),
    'docker network create --driver macvlan -o parent=nlv-p0 mv',
  );
});

test('a network read back into the params that create it again', () => {
  const n = fixtureJson<Docker.NetworkInspectInfo>('docker/network-nlc-fx-a.json');
  assert.deepEqual(createParamsOf(n), {
    name: 'nlc-fx-a',
    driver: 'bridge',
    subnet: '10.241.0.0/24',
    labels: { 'netloom.test': '1' },
  });
  assert.equal(createParamsOf({ ...n, Name: 'bridge' }), null, 'the default bridge is not created');
  assert.equal(createParamsOf({ ...n, Driver: 'host' }), null);
});
