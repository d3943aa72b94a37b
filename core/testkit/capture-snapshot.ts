import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { cleanupTestResources, createNetwork, runContainer } from './test-host.js';
import { trimTopology } from './trim-topology.js';

/**
 * Captures the topology document of a small scenario on a real host, trimmed to its own
 * containers (the engine may be busy with others), for the snapshot-file tests:
 * `node dist/core/testkit/capture-snapshot.js > fixtures/snapshot/small-host.json`.
 */
const P = 'nlo-fx-';
await cleanupTestResources(P);
try {
  await createNetwork(`${P}net`, ['--subnet', '10.236.0.0/24', '--gateway', '10.236.0.1']);
  await runContainer(`${P}web`, ['-p', '18791:80'], ['httpd', '-f', '-p', '80', '-h', '/www']);
  await runContainer(`${P}api`, ['--network', `${P}net`]);
  const { topology } = await takeSnapshot();
  process.stdout.write(
    JSON.stringify(
      trimTopology(topology, (name) => name.startsWith(P)),
      null,
      2,
    ) + '\n',
  );
} finally {
  await cleanupTestResources(P);
}
