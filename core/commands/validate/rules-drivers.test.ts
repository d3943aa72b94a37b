import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandError } from '../../protocol/server.js';
import type { Facts, TargetNetwork } from './facts.js';
import { networkJoinable } from './rules-drivers.js';

/**
 * The one rule no integration test can build: a swarm network needs `docker swarm init`,
 * which would change the engine every other test shares. The rule reads nothing but the
 * network, so no facts are needed.
 */
const overlay: TargetNetwork = {
  id: 'f'.repeat(64),
  name: 'svc-net',
  driver: 'overlay',
  scope: 'swarm',
  internal: false,
  attachable: false,
  ipv6: false,
  subnets: [{ subnet: '10.0.1.0/24', gateway: '10.0.1.1' }],
  options: {},
  labels: {},
  endpoints: [],
  explicitIpam: false,
};

test('a swarm network that is not attachable cannot be joined by a standalone container', async () => {
  const err = await networkJoinable({} as Facts, overlay, []).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof CommandError);
  assert.deepEqual(err.error.details, { field: 'network', rule: 'not-attachable' });
  assert.equal(await networkJoinable({} as Facts, { ...overlay, attachable: true }, []), undefined);
});
