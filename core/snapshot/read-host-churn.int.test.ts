import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cleanupTestResources, docker, runContainer } from '../testkit/test-host.js';
import { readHost } from './read-host.js';

/**
 * Full reads while containers come and go: a container whose process exits between the
 * engine's answer and the look at /proc is not a missing privilege. (Before, most reads
 * taken during such churn said the kernel facet was down, "not permitted".)
 */

const P = 'nls-churn-';

describe('readHost during container churn', { timeout: 120_000 }, () => {
  before(() => cleanupTestResources(P));
  after(() => cleanupTestResources(P));

  test('every read keeps the kernel facet up', async () => {
    const stop = Date.now() + 10_000;
    let n = 0;
    const churn = async (w: number) => {
      while (Date.now() < stop) {
        const name = `${P}${w}-${n++}`;
        await runContainer(name, []);
        await docker('rm', '-f', name);
      }
    };
    const facets: string[] = [];
    let reads = 0;
    const reader = async () => {
      while (Date.now() < stop) {
        const { raw } = await readHost();
        reads++;
        if (!raw.facets.kernel.ok) facets.push(raw.facets.kernel.reason ?? '');
      }
    };
    await Promise.all([churn(0), churn(1), reader()]);
    assert.ok(reads >= 5 && n >= 6, `${reads} reads over ${n} containers`);
    assert.deepEqual(facets, []);
  });
});
