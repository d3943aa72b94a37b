import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Reads a file under fixtures/ (tests run from dist/, three levels below the repo root). */
export function fixture(relative: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../fixtures/${relative}`, import.meta.url)), 'utf8');
}

export function fixtureJson<T = unknown>(relative: string): T {
  return JSON.parse(fixture(relative)) as T;
}
