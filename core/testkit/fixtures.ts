import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../util/repo-root.js';

/** Reads a file under fixtures/ (captured from a real engine and kernel; see each folder's README). */
export function fixture(relative: string): string {
  return readFileSync(join(repoRoot(), 'fixtures', relative), 'utf8');
}

export function fixtureJson<T = unknown>(relative: string): T {
  return JSON.parse(fixture(relative)) as T;
}

/** A reader for one fixtures/ folder. */
export const fixtureReader =
  (folder: string) =>
  (name: string): string =>
    fixture(`${folder}/${name}`);
