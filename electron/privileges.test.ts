import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describePrivileges, dockerSocketPath, probePrivileges } from './privileges.js';

test('the Docker socket comes from DOCKER_HOST, as the core reads it', () => {
  assert.equal(dockerSocketPath({}), '/var/run/docker.sock');
  assert.equal(dockerSocketPath({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }), '/run/user/1000/docker.sock');
  assert.equal(dockerSocketPath({ DOCKER_HOST: 'tcp://10.0.0.1:2376' }), null);
});

test('the startup line names what is missing', () => {
  assert.equal(
    describePrivileges({ root: true, dockerSocket: '/var/run/docker.sock', dockerSocketAccessible: true }),
    'running as root; /var/run/docker.sock accessible',
  );
  assert.match(
    describePrivileges({ root: false, dockerSocket: '/var/run/docker.sock', dockerSocketAccessible: false }),
    /not root.*not accessible/,
  );
});

test('probing a socket that does not exist reports it inaccessible', async () => {
  const p = await probePrivileges({ DOCKER_HOST: 'unix:///nonexistent/netloom-test.sock' });
  assert.equal(p.dockerSocketAccessible, false);
  assert.equal(p.root, process.getuid?.() === 0);
});
