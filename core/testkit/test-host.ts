import { execa } from 'execa';

/**
 * Helpers for tests and benchmarks that build real scenarios on the engine and kernel.
 * Everything they create carries the `netloom.test=1` label (Docker) or a name prefix
 * (kernel), so a crashed run's leftovers can be found and removed at the next start.
 */

export const TEST_LABEL = 'netloom.test=1';
export const TEST_IMAGE = process.env.NETLOOM_TEST_IMAGE ?? 'netloom-busybox:test';

export async function sh(cmd: string, args: string[], opts: { reject?: boolean } = {}): Promise<string> {
  const r = await execa(cmd, args, { reject: opts.reject ?? true, env: { LC_ALL: 'C' } });
  return r.stdout;
}

export async function docker(...args: string[]): Promise<string> {
  return sh('docker', args);
}

/**
 * Runs a labelled test container; `--dns 127.0.0.1` keeps unknown lookups on this
 * machine (the engine refuses it for `container:X` mode, which uses X's resolver).
 */
export async function runContainer(name: string, args: string[], command: string[] = ['sleep', '1d']): Promise<string> {
  const sharesNetns = args.some(
    (a, i) => a.startsWith('--network=container:') || (args[i - 1] === '--network' && a.startsWith('container:')),
  );
  const dns = sharesNetns ? [] : ['--dns', '127.0.0.1'];
  return (
    await docker('run', '-d', '--name', name, '--label', TEST_LABEL, ...dns, ...args, TEST_IMAGE, ...command)
  ).trim();
}

export async function createNetwork(name: string, args: string[] = []): Promise<string> {
  return (await docker('network', 'create', '--label', TEST_LABEL, ...args, name)).trim();
}

/** Removes labelled containers and networks whose names start with `prefix`, and kernel leftovers. */
export async function cleanupTestResources(prefix: string): Promise<void> {
  const containers = (
    await sh('docker', ['ps', '-aq', '--filter', `label=${TEST_LABEL}`, '--filter', `name=^/${prefix}`], {
      reject: false,
    })
  )
    .split('\n')
    .filter(Boolean);
  for (let i = 0; i < containers.length; i += 100) {
    await sh('docker', ['rm', '-f', '-v', ...containers.slice(i, i + 100)], { reject: false });
  }
  const networks = (
    await sh('docker', ['network', 'ls', '-q', '--filter', `label=${TEST_LABEL}`, '--filter', `name=^${prefix}`], {
      reject: false,
    })
  )
    .split('\n')
    .filter(Boolean);
  if (networks.length > 0) await sh('docker', ['network', 'rm', ...networks], { reject: false });
  const netns = (await sh('ip', ['netns', 'list'], { reject: false }))
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(prefix));
  for (const n of netns) await sh('ip', ['netns', 'del', n], { reject: false });
  const links = JSON.parse((await sh('ip', ['-j', 'link', 'show'], { reject: false })) || '[]') as { ifname: string }[];
  for (const l of links) if (l.ifname.startsWith(prefix)) await sh('ip', ['link', 'del', l.ifname], { reject: false });
}

export async function containerPid(name: string): Promise<number> {
  return Number((await docker('inspect', '-f', '{{.State.Pid}}', name)).trim());
}

/** The inode of a process's network namespace, read as the kernel names it ("net:[4026…]"). */
/** A veth with one end (`devA`) in namespace `nsA` and the other (`devB`) in `nsB`: full names. */
export const vethBetween = (nsA: string, devA: string, nsB: string, devB: string): Promise<string> =>
  sh('ip', ['link', 'add', devA, 'netns', nsA, 'type', 'veth', 'peer', 'name', devB, 'netns', nsB]);

export async function netnsInodeOfPid(pid: number): Promise<number> {
  const link = (await sh('readlink', [`/proc/${pid}/ns/net`])).trim();
  const m = /^net:\[(\d+)\]$/.exec(link);
  if (!m) throw new Error(`unexpected netns link ${link}`);
  return Number(m[1]);
}

export interface IpLink {
  ifindex: number;
  ifname: string;
  address?: string;
  link_index?: number;
  link?: string;
  master?: string;
  mtu: number;
  flags: string[];
  linkinfo?: { info_kind?: string };
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

/** Ground truth from inside a container: `ip` run in its namespace (not /sys, see docs/host-facts.md). */
export async function linksInPid(pid: number): Promise<IpLink[]> {
  return JSON.parse(await sh('nsenter', ['-t', String(pid), '-n', 'ip', '-j', '-d', 'addr', 'show'])) as IpLink[];
}

export async function hostLinks(): Promise<IpLink[]> {
  return JSON.parse(await sh('ip', ['-j', '-d', 'addr', 'show'])) as IpLink[];
}

export async function inspect<T = Record<string, unknown>>(kind: 'container' | 'network', name: string): Promise<T> {
  const out = JSON.parse(await docker(kind, 'inspect', name)) as T[];
  return out[0] as T;
}
