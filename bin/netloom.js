#!/usr/bin/env node
// Thin launcher: the CLI lives in core/cli (compiled to dist/) so it is tested like the rest.
// It runs from dist/cli, the same code bundled to load fast (scripts/bundle-cli.mjs), unless
// that bundle is missing or older than the compiled modules (tsc ran since): then from them.
import { statSync } from 'node:fs';

const bundled = new URL('../dist/cli/netloom.js', import.meta.url);
const compiled = new URL('../dist/core/cli/main.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } = await import(mtime(bundled) >= mtime(compiled) ? bundled.href : compiled.href);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`netloom: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.NETLOOM_DEBUG) console.error(err);
    process.exitCode = 1;
  },
);
