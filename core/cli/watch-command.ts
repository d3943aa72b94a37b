import { startLiveTopology } from '../live/live-topology.js';
import type { StreamMessage } from '../protocol/messages.js';
import { EXIT } from './exit-codes.js';

/**
 * `netloom watch [--no-docker]`: the snapshot, then each delta, one JSON object per line
 * (the NDJSON stream of docs/model.md), until SIGINT or SIGTERM. Returns the exit code.
 */
export async function watchCommand(options: { skipDocker: boolean }): Promise<number> {
  const live = await startLiveTopology({
    skipDocker: options.skipDocker,
    log: (line) => process.stderr.write(`netloom: ${line}\n`),
  });
  const write = (m: StreamMessage): void => {
    process.stdout.write(JSON.stringify(m) + '\n');
  };
  // Subscribing in the same tick as reading current(): no delta can fall in between.
  write(live.current());
  const unsubscribe = live.subscribe(write);
  for (const f of Object.entries(live.current().topology.facets)) {
    if (!f[1].ok) process.stderr.write(`netloom: ${f[0]} facet missing: ${f[1].reason}\n`);
  }
  await new Promise<void>((resolve) => {
    const done = (): void => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    process.stdout.once('error', done); // the reader went away (e.g. `| head`)
  });
  unsubscribe();
  await live.stop();
  return EXIT.ok;
}
