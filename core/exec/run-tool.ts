import { spawn } from 'node:child_process';

/** Why a tool could not give us its output; `kind` lets callers turn it into a facet reason. */
export type ToolFailureKind = 'missing' | 'permission' | 'failed' | 'timeout';

export class ToolError extends Error {
  constructor(
    readonly tool: string,
    readonly args: readonly string[],
    readonly kind: ToolFailureKind,
    readonly stderr: string,
    readonly exitCode: number | undefined,
  ) {
    super(ToolError.describe(tool, args, kind, stderr, exitCode));
    this.name = 'ToolError';
  }

  private static describe(
    tool: string,
    args: readonly string[],
    kind: ToolFailureKind,
    stderr: string,
    exitCode: number | undefined,
  ): string {
    const cmd = [tool, ...args].join(' ');
    switch (kind) {
      case 'missing':
        return `${tool} not found`;
      case 'permission':
        return `${cmd}: permission denied${stderr ? ` (${firstLine(stderr)})` : ''}`;
      case 'timeout':
        return `${cmd}: timed out`;
      default:
        return `${cmd}: exit ${exitCode ?? '?'}${stderr ? `: ${firstLine(stderr)}` : ''}`;
    }
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}

const PERMISSION_HINTS = /permission denied|operation not permitted|must be root|you must be root/i;

export interface RunOptions {
  timeoutMs?: number;
  /** Exit codes that still count as success (e.g. grep's 1). */
  okExitCodes?: readonly number[];
  input?: string;
}

interface Finished {
  stdout: string;
  stderr: string;
  /** Undefined when the program could not start or was killed by a signal. */
  exitCode: number | undefined;
  /** The spawn error's code (ENOENT, EACCES…) when it could not start. */
  spawnError: string | undefined;
  timedOut: boolean;
}

/** Starts the program and collects its output; never rejects. */
function finish(tool: string, args: readonly string[], options: RunOptions): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(tool, args, {
      env: { ...process.env, LC_ALL: 'C' },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: string | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.timeoutMs ?? 15_000);
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError ??= e.code ?? e.message;
    });
    // A program that exits without reading all its input is not an error of ours.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: spawnError === undefined && code !== null ? code : undefined,
        spawnError,
        timedOut,
      });
    });
  });
}

/**
 * The one place Netloom starts another program: an argument array, never a shell,
 * so nothing a user typed can be read as shell syntax. node:child_process rather than
 * execa: this is on every snapshot's path, and execa takes ~50 ms to load.
 */
export async function runTool(tool: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const ok = options.okExitCodes ?? [0];
  const result = await finish(tool, args, options);
  if (result.spawnError === 'ENOENT') throw new ToolError(tool, args, 'missing', '', undefined);
  if (result.spawnError === 'EACCES') throw new ToolError(tool, args, 'permission', result.stderr, undefined);
  if (result.timedOut) throw new ToolError(tool, args, 'timeout', result.stderr, result.exitCode);
  if (result.exitCode === undefined) {
    throw new ToolError(tool, args, 'failed', result.stderr || result.spawnError || 'killed by a signal', undefined);
  }
  if (!ok.includes(result.exitCode)) {
    const kind = PERMISSION_HINTS.test(result.stderr) ? 'permission' : 'failed';
    throw new ToolError(tool, args, kind, result.stderr, result.exitCode);
  }
  return result.stdout;
}

/** A parser's complaint about a source's output, naming the source. */
export class SourceFormatError extends Error {
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super(`unexpected output from ${source}: ${detail}`);
    this.name = 'SourceFormatError';
  }
}
