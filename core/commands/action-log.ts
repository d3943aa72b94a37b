import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ActionRecordSchema, type ActionRecord } from '../protocol/commands.js';

/** The file name of the action log inside its directory. */
export const ACTION_LOG_FILE = 'actions.ndjson';

/** Where `netloom serve` keeps its action log: $XDG_STATE_HOME/netloom, else ~/.local/state/netloom. */
export function serveStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_STATE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.local', 'state'), 'netloom');
}

/**
 * One line per event, appended and fsynced before the action's answer goes out, so what
 * was done survives a crash: an action, or a later note that another action undid it
 * (the file is never rewritten).
 */
const LineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('action'), action: ActionRecordSchema }),
  z.object({ type: z.literal('undone'), id: z.string(), by: z.string() }),
]);
type Line = z.infer<typeof LineSchema>;

/** The actions taken on this host, oldest first, persisted append-only (or in memory when `file` is null). */
export class ActionLog {
  private readonly actions: ActionRecord[] = [];
  private readonly byId = new Map<string, ActionRecord>();
  private handle: Promise<FileHandle> | null = null;
  private writes: Promise<void> = Promise.resolve();
  /** A torn last line (a crash mid-write) must not swallow the next line. */
  private needsNewline = false;

  constructor(
    readonly file: string | null,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    if (file) this.load(file);
  }

  static newId(): string {
    return randomUUID();
  }

  list(): ActionRecord[] {
    return this.actions.map((a) => ({ ...a }));
  }

  get(id: string): ActionRecord | undefined {
    return this.byId.get(id);
  }

  async append(action: ActionRecord): Promise<void> {
    this.actions.push(action);
    this.byId.set(action.id, action);
    // A failed undo took nothing back: only one that worked links the two.
    if (action.undoes && action.ok) {
      const undone = this.byId.get(action.undoes);
      if (undone) undone.undoneBy = action.id;
      await this.write([
        { type: 'action', action },
        { type: 'undone', id: action.undoes, by: action.id },
      ]);
    } else await this.write([{ type: 'action', action }]);
  }

  async close(): Promise<void> {
    await this.writes;
    if (this.handle) await (await this.handle).close();
    this.handle = null;
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return;
    }
    this.needsNewline = text.length > 0 && !text.endsWith('\n');
    const lines = text.split('\n');
    lines.forEach((raw, i) => {
      if (raw.trim() === '') return;
      let parsed;
      try {
        parsed = LineSchema.safeParse(JSON.parse(raw));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        this.log(`action log ${file}: line ${i + 1} cannot be read (cut short by a crash?); skipped`);
        return;
      }
      const line = parsed.data;
      if (line.type === 'action') {
        this.actions.push(line.action);
        this.byId.set(line.action.id, line.action);
      } else {
        const undone = this.byId.get(line.id);
        if (undone) undone.undoneBy = line.by;
      }
    });
  }

  /** Appends and fsyncs, one write at a time, in order. */
  private write(lines: Line[]): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const text = (this.needsNewline ? '\n' : '') + lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    this.needsNewline = false;
    const next = this.writes.then(async () => {
      this.handle ??= (async () => {
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        return open(file, 'a', 0o600);
      })();
      const h = await this.handle;
      await h.appendFile(text, 'utf8');
      await h.sync();
    });
    // One failed write must not stop the ones after it; the caller sees its own failure.
    this.writes = next.catch(() => undefined);
    return next;
  }
}
