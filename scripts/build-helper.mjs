// Builds dist/bin/netloom-nsdump, the one-process namespace reader (core/kernel/nsdump).
// The helper is an optimisation: when it cannot be built Netloom reads each namespace
// through nsenter + ip instead, so a missing compiler is a warning, never a failed build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = 'core/kernel/nsdump/netloom-nsdump.c';
const output = 'dist/bin/netloom-nsdump';

function warn(reason) {
  console.warn(`build-helper: netloom-nsdump not built (${reason}); Netloom will read namespaces with nsenter + ip`);
  // A binary left from an older source could disagree with the parser: better none.
  rmSync(join(root, output), { force: true });
  process.exit(0);
}

if (process.platform !== 'linux') {
  console.warn(`build-helper: skipped on ${process.platform} (netloom-nsdump is Linux-only)`);
  process.exit(0);
}

mkdirSync(join(root, dirname(output)), { recursive: true });
// Compile beside the target and rename, so a running Netloom never executes a half-written file.
const temporary = `${output}.tmp-${process.pid}`;
const result = spawnSync('cc', ['-O2', '-Wall', '-Wextra', '-o', temporary, source], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (result.error) {
  rmSync(join(root, temporary), { force: true });
  warn(result.error.code === 'ENOENT' ? 'no cc on PATH' : `cc could not start: ${result.error.message}`);
}
if (result.status !== 0) {
  rmSync(join(root, temporary), { force: true });
  warn(result.signal ? `cc killed by ${result.signal}` : `cc exited with ${result.status}`);
}
renameSync(join(root, temporary), join(root, output));
console.log(`build-helper: built ${output}`);
