import { execa } from 'execa';

export interface RunningTool {
  stop(): void;
}

/**
 * Starts a long-running tool (e.g. `ip -o monitor`) and hands each line of its output
 * to `onLine`; `onExit` fires once when it ends. Argument array, never a shell.
 */
export function streamTool(
  tool: string,
  args: readonly string[],
  onLine: (line: string) => void,
  onExit: (reason: string) => void,
): RunningTool {
  const child = execa(tool, args, {
    reject: false,
    buffer: false,
    stdin: 'ignore',
    stderr: 'ignore',
    env: { LC_ALL: 'C' },
  });
  let pending = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  });
  let stopped = false;
  void child.then((r) => {
    if (!stopped)
      onExit(
        r.failed
          ? r.code === 'ENOENT'
            ? `${tool} not found`
            : (r.shortMessage ?? `${tool} failed`)
          : `${tool} exited`,
      );
  });
  return {
    stop: () => {
      stopped = true;
      child.kill();
    },
  };
}
