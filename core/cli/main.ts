import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { buildProgram, type Chosen, type ProgramOutput } from './program.js';

const STDIO: ProgramOutput = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

/** Imported only once chosen: each pulls in what only it needs (Docker client, schemas, server). */
async function run(chosen: Chosen): Promise<number> {
  switch (chosen.command) {
    case 'snapshot':
      return (await import('./snapshot-command.js')).snapshotCommand(chosen.options);
    case 'watch':
      return (await import('./watch-command.js')).watchCommand(chosen.options);
    case 'serve':
      return (await import('./serve-command.js')).serveCommand(chosen.options);
    case 'reach':
      return (await import('./reach-command.js')).runReach(chosen.options);
  }
}

/**
 * Parses `netloom ARGV…`; a usage error or help has its answer without the chosen command's
 * modules loaded. Returns the exit code (exit-codes.ts).
 */
export function parseCommandLine(argv: string[], output: ProgramOutput = STDIO): Chosen | number {
  let chosen: Chosen | undefined;
  const program = buildProgram(output, (c) => {
    chosen = c;
  });
  if (argv.length === 0) {
    output.out(program.helpInformation());
    return EXIT.usage;
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
  return chosen ?? EXIT.ok;
}

/**
 * A reader that stops early (`netloom … | head`) closes the pipe: the rest of the output
 * has nowhere to go, which is no error of netloom's — it ends quietly, as cat does.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
      throw err;
    });
}

/** Runs `netloom ARGV…` and returns the exit code. */
export async function main(argv: string[], output: ProgramOutput = STDIO): Promise<number> {
  if (output === STDIO) quietOnClosedPipe();
  const chosen = parseCommandLine(argv, output);
  return typeof chosen === 'number' ? chosen : run(chosen);
}
