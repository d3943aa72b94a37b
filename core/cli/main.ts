import { parseArgs } from 'node:util';
import { isComplete, takeSnapshot } from '../snapshot/take-snapshot.js';
import { EXIT } from './exit-codes.js';
import { formatTopologyDot } from './format-dot.js';
import { formatTopologyText } from './format-text.js';
import { serveCommand } from './serve-command.js';
import { watchCommand } from './watch-command.js';

const USAGE = `netloom — see and change a Linux host's container networking

Usage:
  netloom snapshot [--json [--pretty] | --dot] [--no-docker]
      Read the host once and print it: a readable summary (default), the topology
      document (--json, schema netloom.topology/v1, see docs/model.md) or a Graphviz
      graph (--dot, e.g. netloom snapshot --dot | dot -Tsvg > host.svg).
  netloom watch [--no-docker]
      Print the snapshot, then every change as it happens, one JSON object per line
      (NDJSON: {"type":"snapshot",…} then {"type":"delta",…}), until interrupted.
  netloom serve [--host 127.0.0.1] [--port 0] [--allow-remote [--allow-remote-control]]
                [--read-only] [--no-docker] [--open FILE]
      Serve the UI and the live protocol over HTTP + WebSocket on loopback, behind a
      random access token printed in the URL. Clients may change the host (docs/control.md)
      unless --read-only, or bound beyond loopback without --allow-remote-control.
      --open FILE serves a saved topology document (snapshot --json, or the UI's
      Export → JSON) read-only instead of this host: nothing on the host is read, so no
      root or Docker is needed.
  netloom help | --help
  netloom --version

Exit codes: 0 complete, 3 partial (a facet could not be read; see "facets" and the
hint on stderr), 2 bad usage, 1 failure.
`;

function fail(message: string, code: number): number {
  process.stderr.write(`netloom: ${message}\n`);
  return code;
}

async function snapshotCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        pretty: { type: 'boolean', default: false },
        dot: { type: 'boolean', default: false },
        'no-docker': { type: 'boolean', default: false },
        color: { type: 'boolean' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${USAGE}`, EXIT.usage);
  }
  if (values.json && values.dot) return fail('choose one of --json and --dot', EXIT.usage);
  const { topology, hints } = await takeSnapshot({ skipDocker: values['no-docker'] });
  let out: string;
  if (values.json) out = JSON.stringify(topology, null, values.pretty ? 2 : undefined) + '\n';
  else if (values.dot) out = formatTopologyDot(topology);
  else out = formatTopologyText(topology, { color: values.color ?? process.stdout.isTTY === true });
  process.stdout.write(out);
  for (const h of hints) process.stderr.write(`${h}\n`);
  return isComplete(topology) ? EXIT.ok : EXIT.partial;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'snapshot':
      return snapshotCommand(rest);
    case 'watch':
      return watchCommand(rest);
    case 'serve':
      return serveCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? EXIT.usage : EXIT.ok;
    case '--version':
    case '-V': {
      const { readFile } = await import('node:fs/promises');
      const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
        version: string;
      };
      process.stdout.write(`${pkg.version}\n`);
      return EXIT.ok;
    }
    default:
      return fail(`unknown command "${command}"\n\n${USAGE}`, EXIT.usage);
  }
}
