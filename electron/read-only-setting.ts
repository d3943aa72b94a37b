import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The desktop app's "Read-only mode" setting: when on, the core refuses every control
 * method, as `netloom serve --read-only` does. Kept in the app's data directory; a file
 * that is missing or cannot be read means off (the default), and a save is atomic.
 */
export const SETTINGS_FILE = 'settings.json';

const SettingsSchema = z.object({ readOnly: z.boolean() });

export function loadReadOnly(file: string, log: (line: string) => void = () => undefined): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  try {
    const parsed = SettingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.readOnly;
  } catch {
    // fall through
  }
  log(`${file} cannot be read; Read-only mode is off`);
  return false;
}

export function saveReadOnly(file: string, readOnly: boolean): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify({ readOnly }, null, 2) + '\n');
  renameSync(tmp, file);
}
