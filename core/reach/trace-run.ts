import { streamTool } from '../exec/stream-tool.js';
import type { TraceResult } from './trace.js';

/** How one backend marks the probe's packets and reads the kernel's report of them. */
export interface Marking {
  /** Adds the marking; whatever it added is taken away by `unmark`, even half-made. */
  mark(): Promise<void>;
  /** Synchronous, so a signal handler can run it before the process exits. */
  unmark(): void;
  /** The monitor that prints the kernel's trace, one line per hit. */
  monitor: { tool: string; args: string[] };
  summarise(lines: readonly string[]): TraceResult;
}

/**
 * Runs `run` under the kernel's trace: marks, starts the monitor, runs, reads, and unmarks
 * — also on SIGINT or SIGTERM (the process then exits as the signal would have it).
 */
export async function underTrace<T>(m: Marking, run: () => Promise<T>): Promise<{ result: T; trace: TraceResult }> {
  const lines: string[] = [];
  const onSignal = (signal: NodeJS.Signals): void => {
    m.unmark();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let monitor: { stop(): void } | null = null;
  try {
    await m.mark();
    monitor = streamTool(
      m.monitor.tool,
      m.monitor.args,
      (l) => lines.push(l),
      () => undefined,
    );
    // The monitor subscribes to the trace as it starts: give it a moment first.
    await new Promise((r) => setTimeout(r, 300));
    const result = await run();
    // The last lines may still be on their way.
    await new Promise((r) => setTimeout(r, 200));
    return { result, trace: m.summarise(lines) };
  } finally {
    monitor?.stop();
    m.unmark();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
