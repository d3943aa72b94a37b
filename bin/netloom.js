#!/usr/bin/env node
// Thin launcher: the CLI lives in core/cli (compiled to dist/) so it is tested like the rest.
import { main } from '../dist/core/cli/main.js';

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
