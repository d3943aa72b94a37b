import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads a capture from fixtures/firewall/. Tests run compiled from dist/core/firewall/,
 * so the fixtures are found from the repository root (the folder holding package.json).
 */
export function readFixture(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return readFileSync(join(dir, 'fixtures', 'firewall', name), 'utf8');
}
