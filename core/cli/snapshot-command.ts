import { connectDocker } from '../docker/client.js';
import { EXIT } from './exit-codes.js';

export interface SnapshotOptions {
  format: 'text' | 'json' | 'dot';
  pretty: boolean;
  skipDocker: boolean;
  /** Undefined: colour when stdout is a terminal. */
  color: boolean | undefined;
}

/** `netloom snapshot`: one read of the host, printed; exit 3 when a facet is missing. */
export async function snapshotCommand(options: SnapshotOptions): Promise<number> {
  // The engine's first answer (GET /version on a cold socket) comes while the readers and
  // the model builder load: dialing first takes that wait off the critical path.
  const dockerDialing = options.skipDocker ? undefined : connectDocker();
  dockerDialing?.catch(() => undefined); // its failure is read (and reported) by readHost
  const { isComplete, takeSnapshot } = await import('../snapshot/take-snapshot.js');
  const { topology, hints } = await takeSnapshot({ skipDocker: options.skipDocker, dockerDialing });
  // Each formatter is loaded only for its own format: --json, what scripts run, needs neither.
  let out: string;
  if (options.format === 'json') out = JSON.stringify(topology, null, options.pretty ? 2 : undefined) + '\n';
  else if (options.format === 'dot') out = (await import('./format-dot.js')).formatTopologyDot(topology);
  else {
    const { formatTopologyText } = await import('./format-text.js');
    out = formatTopologyText(topology, { color: options.color ?? process.stdout.isTTY === true });
  }
  process.stdout.write(out);
  for (const h of hints) process.stderr.write(`${h}\n`);
  return isComplete(topology) ? EXIT.ok : EXIT.partial;
}
