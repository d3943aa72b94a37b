import { execa } from 'execa';

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

/**
 * The one place Netloom starts another program: an argument array, never a shell,
 * so nothing a user typed can be read as shell syntax.
 */
export async function runTool(tool: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const ok = options.okExitCodes ?? [0];
  const result = await execa(tool, args, {
    reject: false,
    timeout: options.timeoutMs ?? 15_000,
    stripFinalNewline: false,
    input: options.input,
    env: { LC_ALL: 'C' },
    extendEnv: true,
  });
  if (result.failed && result.exitCode === undefined) {
    const code = (result as { code?: string }).code;
    if (code === 'ENOENT') throw new ToolError(tool, args, 'missing', '', undefined);
    if (code === 'EACCES') throw new ToolError(tool, args, 'permission', result.stderr ?? '', undefined);
    if (result.timedOut) throw new ToolError(tool, args, 'timeout', result.stderr ?? '', undefined);
    throw new ToolError(tool, args, 'failed', String(result.stderr || result.message || ''), undefined);
  }
  if (result.timedOut) throw new ToolError(tool, args, 'timeout', result.stderr ?? '', result.exitCode);
  if (!ok.includes(result.exitCode ?? -1)) {
    const kind = PERMISSION_HINTS.test(result.stderr ?? '') ? 'permission' : 'failed';
    throw new ToolError(tool, args, kind, result.stderr ?? '', result.exitCode);
  }
  return result.stdout ?? '';
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
