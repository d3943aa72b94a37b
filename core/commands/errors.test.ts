import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerUnavailableError } from '../docker/client.js';
import { engineError } from './errors.js';

/** docker-modem's errors as they arrive: statusCode, and the engine's body in `json`. */
const modem = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message}`), { statusCode, json: { message } });

test('engine refusals: the engine’s words in details.engine, a plain explanation, the protocol code', () => {
  const taken = engineError(
    modem(
      500,
      'driver failed programming external connectivity: Bind for 0.0.0.0:8080 failed: port is already allocated',
    ),
    'start container web',
  );
  assert.equal(taken.error.code, 'conflict');
  assert.equal(
    taken.error.message,
    'cannot start container web: that host port is already taken by another container or program',
  );
  assert.equal(
    taken.error.details?.engine,
    'driver failed programming external connectivity: Bind for 0.0.0.0:8080 failed: port is already allocated',
  );
  assert.equal(taken.error.details?.field, 'publish');
  assert.equal(
    engineError(modem(403, 'Pool overlaps with other one on this address space'), 'x').error.code,
    'conflict',
  );
  assert.equal(engineError(modem(404, 'No such image: nope:latest'), 'x').error.details?.field, 'image');
  assert.equal(
    engineError(
      Object.assign(new Error('(HTTP code 304) container already started - '), { statusCode: 304, json: null }),
      'x',
    ).error.code,
    'conflict',
  );
  const odd = engineError(modem(400, 'something new'), 'x');
  assert.deepEqual(odd.error, {
    code: 'bad-request',
    message: 'cannot x: the Docker engine refused',
    details: { engine: 'something new', status: 400 },
  });
  assert.equal(engineError(modem(500, 'boom'), 'x').error.code, 'failed');
});

test('an engine that cannot be reached is unavailable', () => {
  assert.equal(
    engineError(new DockerUnavailableError('Docker socket /x not found', 'ENOENT'), 'x').error.code,
    'unavailable',
  );
  assert.equal(
    engineError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'x').error.code,
    'unavailable',
  );
});
