import { createScenario } from './scenario.js';
import { cleanupTestResources } from './test-host.js';
import { readHost } from '../snapshot/read-host.js';

/**
 * Captures the raw reads of a real host running the test scenario, for the model
 * builder's unit tests: `node dist/core/testkit/capture-raw-host.js > fixtures/host/scenario-raw.json`.
 */
const P = 'nlc-';
await createScenario(P);
try {
  const { raw } = await readHost();
  process.stdout.write(JSON.stringify(raw, null, 1) + '\n');
} finally {
  await cleanupTestResources(P);
}
