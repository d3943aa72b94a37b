import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { repoRoot } from '../util/repo-root.js';
import { cleanupTestResources, runContainer } from './test-host.js';

/**
 * Captures the host's socket tables and kernel build configuration for the validation
 * rules' unit tests: `node dist/core/testkit/capture-proc-net.js` (root, after a build)
 * writes fixtures/proc/{tcp,tcp6,udp,udp6} and fixtures/kernel/config.txt. The sockets
 * it opens are on loopback and on ports fixtures/proc/README.md lists.
 */
const P = 'nlv-v-fx-';
const out = join(repoRoot(), 'fixtures', 'proc');

const listen = (opts: { port: number; host: string; ipv6Only?: boolean }): Promise<Server> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(opts, () => resolve(s));
  });

await cleanupTestResources(P);
const servers: Server[] = [];
const udp = createSocket('udp4');
try {
  await runContainer(`${P}web`, ['-p', '127.0.0.1:18951:80', '-p', '18952:80/udp']);
  servers.push(await listen({ port: 18953, host: '::' }));
  servers.push(await listen({ port: 18954, host: '::', ipv6Only: true }));
  servers.push(await listen({ port: 18956, host: '127.0.0.1' }));
  servers.push(await listen({ port: 18957, host: '::ffff:127.0.0.1' }));
  await new Promise<void>((resolve) => udp.bind(18955, '127.0.0.1', resolve));
  await mkdir(out, { recursive: true });
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6'])
    await writeFile(join(out, table), await readFile(`/proc/self/net/${table}`, 'utf8'));
  const config = gunzipSync(await readFile('/proc/config.gz')).toString('utf8');
  await writeFile(join(repoRoot(), 'fixtures', 'kernel', 'config.txt'), config);
} finally {
  for (const s of servers) s.close();
  udp.close();
  await cleanupTestResources(P);
}
