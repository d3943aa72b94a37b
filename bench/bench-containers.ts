import type { DockerConnection } from '../core/docker/client.js';
import { createNetwork, TEST_IMAGE, TEST_LABEL } from '../core/testkit/test-host.js';
import { mapLimit } from '../core/util/map-limit.js';

/**
 * The benches' host: 10 labelled networks `PREFIXnet0…9` and `count` running containers
 * `PREFIXc0…` spread over them, made through the API six at a time. The command exits at
 * once on SIGTERM, so removing them does not wait out Docker's stop timeout.
 */
export async function startBenchContainers(conn: DockerConnection, prefix: string, count: number): Promise<void> {
  for (let n = 0; n < 10; n++) await createNetwork(`${prefix}net${n}`);
  process.stderr.write(`creating ${count} containers…\n`);
  const t0 = performance.now();
  const [labelKey, labelValue] = TEST_LABEL.split('=') as [string, string];
  await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    6,
    async (i) => {
      const c = await conn.api.createContainer({
        name: `${prefix}c${i}`,
        Image: TEST_IMAGE,
        Cmd: ['sh', '-c', 'trap "exit 0" TERM; sleep 1d & wait'],
        Labels: { [labelKey]: labelValue },
        HostConfig: { NetworkMode: `${prefix}net${i % 10}`, Dns: ['127.0.0.1'] },
      });
      await c.start();
    },
  );
  process.stderr.write(`  ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
