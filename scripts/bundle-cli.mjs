// Bundles the compiled CLI (dist/core/cli/main.js) into dist/cli/: the entry with the
// parser, and one chunk per command imported when chosen. Node's module loader costs
// ~0.5 ms a file on 2 cores, and `netloom snapshot` loaded 39 of them: as a bundle it
// reads nine (docs/host-facts.md). bin/netloom.js uses the bundle only while it is newer
// than the compiled modules, so a `tsc` run alone never leaves it running stale code.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli');

rmSync(out, { recursive: true, force: true });
await build({
  input: join(root, 'dist', 'core', 'cli', 'main.js'),
  platform: 'node',
  // commander is on every command's path; the other packages load as before, from
  // node_modules, only for the commands that need them (and dockerode through require).
  external: (id) =>
    id.startsWith('node:') || (!id.startsWith('.') && !id.startsWith('/') && !/^commander(\/|$)/.test(id)),
  logLevel: 'warn',
  output: {
    dir: out,
    format: 'esm',
    entryFileNames: 'netloom.js',
    chunkFileNames: '[name]-[hash].js',
    // Stack traces keep naming the compiled modules.
    sourcemap: true,
  },
});
