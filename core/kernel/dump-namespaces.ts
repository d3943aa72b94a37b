/**
 * Reads links, addresses and IPv4 main-table routes of many network namespaces.
 *
 * The fast way is one netloom-nsdump run that setns()s into each namespace in turn
 * (~30 ms for 500 namespaces on 2 cores, ~47 ms including parsing); without the
 * helper, each namespace costs two `nsenter … ip -j` processes (~3 s for 500).
 */
import { constants as fsConstants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool, SourceFormatError, ToolError } from '../exec/run-tool.js';
import { repoRoot } from '../util/repo-root.js';
import {
  isNetnsDumpError,
  parseIpAddrJson,
  parseIpRouteJson,
  parseNsdumpLine,
  type NetnsDump,
  type NetnsDumpError,
} from './ip-json.js';

/** The namespace Netloom itself runs in. */
export const HOST_TARGET = 'host';

/** Files in /var/run/docker/netns outlive their containers by about a minute (docs/host-facts.md). */
export const STALE_NETNS_ERROR = /invalid argument|no such file|EINVAL|ENOENT/i;

export interface DumpNamespacesOptions {
  /** Defaults to dist/bin/netloom-nsdump under the repository root. */
  helperPath?: string;
  /** Skip the helper even when it is there (tests, and a way out if it misbehaves). */
  forceNsenter?: boolean;
  /**
   * Namespace files not to read but to recognise: a link whose peer lives in one of them
   * is tied to it (NetnsDump.linkNetns). A partial read passes the namespaces it already
   * knows, since only a namespace the helper holds can be named.
   */
  peers?: string[];
}

export interface DumpNamespacesResult {
  /** In the order of `targets`, minus those in `errors`. */
  dumps: NetnsDump[];
  /** Namespaces that could not be read (stale files, vanished processes). */
  errors: NetnsDumpError[];
  method: 'helper' | 'nsenter';
  /** Why the helper was present but not used (it failed to run or printed nonsense). */
  helperFailure?: string;
}

/**
 * Beyond this many paths read per helper run, split: argv and open fds both have limits.
 * Each run is given the other runs' paths as peers; past the fd limit the helper holds fewer.
 */
const HELPER_CHUNK = 1000;
const NSENTER_IN_FLIGHT = 8;
const SELF_NETNS = '/proc/self/ns/net';
const EPERM = 1;
const EACCES = 13;

/** Where the built helper lives (it may not exist: the build skips it without cc). */
export function defaultHelperPath(): string {
  // Packaged by electron-builder the helper is unpacked beside the archive: a binary
  // inside app.asar cannot be executed.
  return join(repoRoot(), 'dist', 'bin', 'netloom-nsdump').replace(/app\.asar([/\\])/, 'app.asar.unpacked$1');
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function dumpNamespaces(
  targets: string[],
  options: DumpNamespacesOptions = {},
): Promise<DumpNamespacesResult> {
  const helper = options.helperPath ?? defaultHelperPath();
  if (options.forceNsenter || !(await isExecutable(helper))) {
    return { ...(await dumpWithNsenter(targets)), method: 'nsenter' };
  }
  let results: (NetnsDump | NetnsDumpError)[];
  try {
    results = await runHelper(helper, targets, options.peers ?? []);
  } catch (error) {
    // A broken helper is our bug, not the host's: read the slow way and say why.
    if (!(error instanceof ToolError) && !(error instanceof SourceFormatError)) throw error;
    return { ...(await dumpWithNsenter(targets)), method: 'nsenter', helperFailure: error.message };
  }
  // Not root (or not allowed into a namespace): the whole kernel facet is down, not one namespace.
  const denied = results.find((r) => isNetnsDumpError(r) && (r.errno === EPERM || r.errno === EACCES));
  if (denied && isNetnsDumpError(denied)) {
    throw new ToolError('netloom-nsdump', [denied.target], 'permission', denied.error, undefined);
  }
  return { ...split(results), method: 'helper' };
}

async function runHelper(helper: string, targets: string[], peers: string[]): Promise<(NetnsDump | NetnsDumpError)[]> {
  const results: (NetnsDump | NetnsDumpError)[] = new Array(targets.length);
  // The host goes first: its link dump makes the kernel give every namespace with a
  // veth peer on the host an nsid, so the nsids reported for the others are complete.
  const order = targets.map((_, i) => i);
  const hostAt = targets.indexOf(HOST_TARGET);
  if (hostAt > 0) order.unshift(...order.splice(hostAt, 1));

  for (let start = 0; start < order.length; start += HELPER_CHUNK) {
    const chunk = order.slice(start, start + HELPER_CHUNK);
    const args = chunk.map((i) => (targets[i] === HOST_TARGET ? SELF_NETNS : targets[i]!));
    // Each chunk is a run of its own: the other chunks' namespaces are its peers.
    const inChunk = new Set(chunk);
    const others = order.filter((i) => !inChunk.has(i) && targets[i] !== HOST_TARGET).map((i) => targets[i]!);
    const held = [...others, ...peers.filter((p) => p !== HOST_TARGET)];
    if (held.length > 0) args.push('--peers', ...held);
    const stdout = await runTool(helper, args, { timeoutMs: 60_000 });
    const lines = stdout.split('\n').filter((line) => line !== '');
    if (lines.length !== chunk.length) {
      throw new SourceFormatError(
        'netloom-nsdump',
        `${lines.length} lines for ${chunk.length} namespaces (truncated?)`,
      );
    }
    lines.forEach((line, k) => {
      const index = chunk[k]!;
      // Lines come back in argument order; the target is ours, not the echoed path,
      // which may have been escaped or may be /proc/self/ns/net standing in for host.
      results[index] = { ...parseNsdumpLine(line), target: targets[index]! };
    });
  }

  return results;
}

function split(results: (NetnsDump | NetnsDumpError)[]): Pick<DumpNamespacesResult, 'dumps' | 'errors'> {
  const dumps: NetnsDump[] = [];
  const errors: NetnsDumpError[] = [];
  for (const r of results) {
    if (isNetnsDumpError(r)) errors.push(r);
    else dumps.push(r);
  }
  return { dumps, errors };
}

async function dumpWithNsenter(targets: string[]): Promise<Pick<DumpNamespacesResult, 'dumps' | 'errors'>> {
  const results: (NetnsDump | NetnsDumpError)[] = new Array(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      results[index] = await dumpOneWithNsenter(targets[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(NSENTER_IN_FLIGHT, targets.length) }, worker));
  return split(results);
}

async function dumpOneWithNsenter(target: string): Promise<NetnsDump | NetnsDumpError> {
  let inode: number;
  try {
    inode = (await stat(target === HOST_TARGET ? SELF_NETNS : target)).ino;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ToolError('stat', [target], 'permission', (error as Error).message, undefined);
    }
    return { target, ...describeErrno(error as NodeJS.ErrnoException) };
  }

  const addrArgs = ['-j', '-d', 'addr', 'show'];
  const routeArgs = ['-j', 'route', 'show'];
  const where = target === HOST_TARGET ? 'host netns' : `netns ${target}`;
  try {
    let addrText: string;
    let routeText: string;
    if (target === HOST_TARGET) {
      addrText = await runTool('ip', addrArgs);
      routeText = await runTool('ip', routeArgs);
    } else {
      addrText = await runTool('nsenter', [`--net=${target}`, 'ip', ...addrArgs]);
      routeText = await runTool('nsenter', [`--net=${target}`, 'ip', ...routeArgs]);
    }
    return {
      target,
      inode,
      nsid: null,
      hostNsid: null,
      links: parseIpAddrJson(addrText, `ip -j -d addr show (${where})`),
      routes: parseIpRouteJson(routeText, `ip -j route show (${where})`),
    };
  } catch (error) {
    if (!(error instanceof ToolError) || target === HOST_TARGET) throw error;
    if (error.kind === 'missing' || error.kind === 'permission') throw error;
    // nsenter found but ip not: that is the whole facet, not this namespace.
    if (error.exitCode === 127 || /failed to execute ip/i.test(error.stderr)) {
      throw new ToolError('ip', addrArgs, 'missing', error.stderr, error.exitCode);
    }
    return { target, error: nsenterReason(error) };
  }
}

/** Node's "ENOENT: no such file or directory, stat '/x'" as the helper says it: strerror text and errno. */
function describeErrno(error: NodeJS.ErrnoException): { error: string; errno?: number } {
  const text = /^[A-Z0-9]+: ([^,]+)/.exec(error.message)?.[1] ?? error.message;
  const described = text.charAt(0).toUpperCase() + text.slice(1);
  return error.errno === undefined ? { error: described } : { error: described, errno: Math.abs(error.errno) };
}

/** "nsenter: reassociate to namespace 'ns/net' failed: Invalid argument" → "Invalid argument". */
function nsenterReason(error: ToolError): string {
  const line = error.stderr.trim().split('\n')[0] ?? '';
  if (error.kind === 'timeout') return 'timed out';
  const colon = line.lastIndexOf(': ');
  return colon >= 0 ? line.slice(colon + 2) : line || error.message;
}

/** The inode of the namespace Netloom runs in (/proc/1/ns/net is not readable everywhere). */
export async function hostNetnsInode(): Promise<number> {
  return (await stat(SELF_NETNS)).ino;
}

/** Namespaces named with `ip netns add` (none when /run/netns does not exist). */
export async function listNamedNetns(): Promise<{ name: string; path: string }[]> {
  const dir = '/run/netns';
  const names = await readdirTolerant(dir);
  return names.map((name) => ({ name, path: join(dir, name) }));
}

/**
 * Docker's sandbox files. Some belong to removed containers for about a minute and
 * fail with EINVAL when entered; dumpNamespaces reports those in `errors`. A file named
 * `default`, when present, is the host's own namespace (same inode as hostNetnsInode()).
 */
export async function listDockerNetnsFiles(dir = '/var/run/docker/netns'): Promise<string[]> {
  const names = await readdirTolerant(dir);
  return names.map((name) => join(dir, name));
}

async function readdirTolerant(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ToolError('readdir', [dir], 'permission', (error as Error).message, undefined);
    }
    throw error;
  }
}
