import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appControl, serveControl } from './control-policy.js';

const off = { readOnly: false, remote: false, allowRemoteControl: false, skipDocker: false };

test('serve: control on at loopback; off with --read-only, beyond loopback without --allow-remote-control, without Docker', () => {
  assert.deepEqual(serveControl(off), { enabled: true });
  assert.match(serveControl({ ...off, readOnly: true }).reason ?? '', /--read-only/);
  assert.equal(serveControl({ ...off, readOnly: true, remote: true, allowRemoteControl: true }).enabled, false);
  const remote = serveControl({ ...off, remote: true });
  assert.equal(remote.enabled, false);
  assert.match(remote.reason ?? '', /--allow-remote-control/);
  assert.deepEqual(serveControl({ ...off, remote: true, allowRemoteControl: true }), { enabled: true });
  assert.match(serveControl({ ...off, skipDocker: true }).reason ?? '', /--no-docker/);
});

test('app: the read-only setting', () => {
  assert.deepEqual(appControl(false), { enabled: true });
  assert.equal(appControl(true).enabled, false);
  assert.match(appControl(true).reason ?? '', /Read-only mode/);
});
