import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runSoak } from '../testkit/soak.js';

/**
 * A bounded soak: ~75 s of random changes (run, connect, disconnect, restart, stop,
 * start, rm -f) against a running `netloom serve`; once the host is quiet, the model its
 * WebSocket client built from the stream equals a fresh `netloom snapshot --json`.
 * `npm run soak -- --minutes 5` runs a longer one by hand.
 */

const SECONDS = Number(process.env.NETLOOM_SOAK_SECONDS ?? 75);

describe('live soak', { timeout: 600_000 }, () => {
  test(`${SECONDS} s of random changes: the client's model ends equal to a fresh snapshot`, async () => {
    const seed = Number(process.env.NETLOOM_SOAK_SEED ?? Date.now() % 1_000_000);
    const r = await runSoak({ seconds: SECONDS, seed, prefix: 'nls-soak-', log: (l) => console.log(`soak: ${l}`) });
    console.log(`soak: seed ${seed}, changes ${JSON.stringify(r.changes)}, refused ${r.refused}, deltas ${r.deltas}`);
    for (const l of r.serveLog) console.log(`soak: serve: ${l}`);
    const total = Object.values(r.changes).reduce((a, b) => a + b, 0);
    assert.ok(total >= SECONDS, `at least one change a second (${total})`);
    assert.ok((r.changes['rm -f'] ?? 0) > 0 && (r.changes.connect ?? 0) > 0 && (r.changes.run ?? 0) > 0);
    assert.equal(r.gaps, 0, 'no gap in seq');
    assert.equal(r.diff, null, `the client's model differs from a fresh snapshot: ${JSON.stringify(r.diff)}`);
  });
});
