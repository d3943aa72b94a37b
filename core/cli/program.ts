import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { repoRoot } from '../util/repo-root.js';
import { EXIT } from './exit-codes.js';
import { checkServeArgs, defineServeOptions, SERVE_SYNOPSIS, type ServeArgs, type ServeOptions } from './serve-args.js';
import type { ReachOptions } from './reach-command.js';
import type { SnapshotOptions } from './snapshot-command.js';

/**
 * The `netloom` command line: every subcommand, its options and its help. Nothing here
 * may import what a subcommand needs to run: `netloom --help` and `netloom serve --help`
 * load only this file and commander; the chosen command's module is imported afterwards.
 */

/** The command the parser chose, with its checked options; main() imports and runs it. */
export type Chosen =
  | { command: 'snapshot'; options: SnapshotOptions }
  | { command: 'watch'; options: { skipDocker: boolean } }
  | { command: 'serve'; options: ServeArgs }
  | { command: 'reach'; options: ReachOptions };

export interface ProgramOutput {
  out(text: string): void;
  err(text: string): void;
}

const EXIT_CODES = `Exit codes: 0 complete, 3 partial (a facet could not be read; see "facets" and the
hint on stderr), 2 bad usage, 1 failure.`;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

interface SnapshotFlags {
  json?: boolean;
  pretty?: boolean;
  dot?: boolean;
  docker: boolean;
  color?: boolean;
}

/** Adds a subcommand whose bad usage names its own synopsis and its --help. */
function subcommand(program: Command, name: string, summary: string, synopsis: string): Command {
  return program
    .command(name)
    .summary(summary)
    .usage(synopsis)
    .showHelpAfterError(`usage: netloom ${name} ${synopsis}\n(netloom ${name} --help tells every option)`)
    .addHelpText('after', `\n${EXIT_CODES}`);
}

/**
 * Builds the parser. `select` receives the chosen command; bad usage and --help surface as
 * a CommanderError (exitOverride), so the caller decides the exit code.
 */
export function buildProgram(output: ProgramOutput, select: (chosen: Chosen) => void): Command {
  const program = new Command('netloom')
    .description("See and change a Linux host's container networking.")
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => output.out(s),
      writeErr: (s) => output.err(s),
      outputError: (s, write) => write(`netloom: ${s.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(netloom --help lists the commands)')
    .addHelpText('after', `\n${EXIT_CODES}`);

  subcommand(program, 'snapshot', 'read the host once and print it', '[--json [--pretty] | --dot] [--no-docker]')
    .description(
      'Read the host once and print it: a readable summary (default), the topology document (--json, schema netloom.topology/v1, see docs/model.md) or a Graphviz graph (--dot).',
    )
    .option('--json', 'print the topology document as JSON')
    .option('--pretty', 'with --json: indent it')
    .option('--dot', 'print a Graphviz graph, e.g. netloom snapshot --dot | dot -Tsvg > host.svg')
    .option('--no-docker', 'do not read the Docker engine (the kernel and firewall views only)')
    .option('--color', 'colour the summary even when stdout is not a terminal')
    .option('--no-color', 'never colour the summary')
    .action((_opts: unknown, cmd: Command) => {
      const o = cmd.opts<SnapshotFlags>();
      if (o.json && o.dot) cmd.error('choose one of --json and --dot', { exitCode: EXIT.usage });
      const format = o.json ? 'json' : o.dot ? 'dot' : 'text';
      select({
        command: 'snapshot',
        options: { format, pretty: o.pretty === true, skipDocker: !o.docker, color: o.color },
      });
    });

  subcommand(program, 'watch', 'print the snapshot, then every change, as NDJSON', '[--no-docker]')
    .description(
      'Print the snapshot, then every change as it happens, one JSON object per line (NDJSON: {"type":"snapshot",…} then {"type":"delta",…}), until interrupted.',
    )
    .option('--no-docker', 'do not read the Docker engine (the kernel and firewall views only)')
    .action((_opts: unknown, cmd: Command) => {
      select({ command: 'watch', options: { skipDocker: !cmd.opts<{ docker: boolean }>().docker } });
    });

  defineServeOptions(subcommand(program, 'serve', 'serve the UI and the live protocol on loopback', SERVE_SYNOPSIS))
    .description(
      'Serve the UI and the live protocol over HTTP + WebSocket on loopback, behind a random access token printed in the URL. Clients may change the host (docs/control.md) unless --read-only, or bound beyond loopback without --allow-remote-control. The action log is kept in $XDG_STATE_HOME/netloom (else ~/.local/state/netloom).',
    )
    .action((_opts: unknown, cmd: Command) => {
      const args = checkServeArgs(cmd.opts<ServeOptions>());
      if (typeof args === 'string') cmd.error(args, { exitCode: EXIT.usage });
      else select({ command: 'serve', options: args });
    });

  subcommand(
    program,
    'reach',
    'can SRC reach DST? the verdict, the rule that decides, the walk',
    'SRC DST [--proto icmp|tcp|udp] [--port N] [--by ip|name] [--probe] [--trace] [--json] | --matrix [--port N] [--json]',
  )
    .description(
      "Answer whether SRC (a container name or id, a namespace made with ip netns add, host, or outside: a client beyond the host, arriving by its default route's NIC) can reach DST (a container, a namespace, an IPv4 address, host, or outside: out of the host by its default route) from a fresh read of the host: the verdict, the rule that decides and each hop (docs/reach.md). --matrix: every running container against every other, by every address, and every name looked up from every container. Exit 0 when reachable, 4 when not.",
    )
    .argument('[src]', 'a container (name or id), a named namespace, host, or outside (a client beyond the host)')
    .argument('[dst]', 'a container, a named namespace, an IPv4 address, host or outside')
    .option('--proto <proto>', 'icmp, tcp or udp', 'icmp')
    .option('--port <n>', 'the destination port (tcp and udp)')
    .option('--matrix', 'every pair and every name')
    .option('--json', 'print JSON')
    .option('--by <how>', 'ip: DST at its address; name: by the address SRC looks the name up at', 'ip')
    .option('--probe', 'also run the real thing (one ping or connect) from inside SRC, beside the prediction')
    .option('--trace', "probe under the kernel's trace: the chains and rules the packet really hit")
    .action((src: string | undefined, dst: string | undefined, _opts: unknown, cmd: Command) => {
      const o = cmd.opts<{
        proto: string;
        port?: string;
        by: string;
        matrix?: boolean;
        json?: boolean;
        probe?: boolean;
        trace?: boolean;
      }>();
      if (o.proto !== 'icmp' && o.proto !== 'tcp' && o.proto !== 'udp')
        return cmd.error(`--proto must be icmp, tcp or udp, not ${JSON.stringify(o.proto)}`, { exitCode: EXIT.usage });
      if (o.by !== 'ip' && o.by !== 'name')
        return cmd.error(`--by must be ip or name, not ${JSON.stringify(o.by)}`, { exitCode: EXIT.usage });
      const port = o.port === undefined ? null : Number(o.port);
      if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65535))
        return cmd.error(`--port must be a port number (1–65535), not ${JSON.stringify(o.port)}`, {
          exitCode: EXIT.usage,
        });
      if (!o.matrix && (!src || !dst))
        return cmd.error('name a source and a destination, or give --matrix', { exitCode: EXIT.usage });
      if (!o.matrix && o.proto !== 'icmp' && port === null)
        return cmd.error(`--proto ${o.proto} needs --port`, { exitCode: EXIT.usage });
      // With a port and no protocol named, the port is a tcp port.
      const proto = o.proto === 'icmp' && port !== null && !o.matrix ? 'tcp' : o.proto;
      select({
        command: 'reach',
        options: {
          src,
          dst,
          proto,
          port,
          by: o.by,
          matrix: o.matrix === true,
          json: o.json === true,
          probe: o.probe === true,
          trace: o.trace === true,
        },
      });
    });

  return program;
}
