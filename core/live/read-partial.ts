import { readdir } from 'node:fs/promises';
import type { DockerConnection } from '../docker/client.js';
import { containerRefs, readContainers, readNetworks } from '../docker/read-docker.js';
import { readFirewall } from '../firewall/read-firewall.js';
import { dumpNamespaces, HOST_TARGET, listNamedNetns, STALE_NETNS_ERROR } from '../kernel/dump-namespaces.js';
import type { DumpNamespacesResult } from '../kernel/dump-namespaces.js';
import type { NetnsDump } from '../kernel/ip-json.js';
import type { RawHost } from '../model/raw-host.js';
import { netnsOfPid } from '../snapshot/container-netns.js';
import { unclaimedNamespaces, type PartialRead, type ReinspectedContainer } from './merge-read.js';
import type { Work } from './work.js';

/** The names in /run/netns, as one string to compare with the last listing. */
export async function listNamedNames(): Promise<string> {
  try {
    return (await readdir('/run/netns')).sort().join('\n');
  } catch {
    return '';
  }
}

/** The `ip netns` namespaces with their dumps. */
export async function readNamed(
  peers: string[] = [],
): Promise<{ named: { name: string; inode: number }[]; dumps: NetnsDump[] }> {
  const list = await listNamedNetns();
  const result = await dumpNamespaces(
    list.map((n) => n.path),
    { peers },
  );
  const named: { name: string; inode: number }[] = [];
  for (const d of result.dumps) {
    const n = list.find((x) => x.path === d.target);
    if (n) named.push({ name: n.name, inode: d.inode });
  }
  return { named, dumps: result.dumps };
}

/**
 * Of the unclaimed namespaces entered again (by file, inode), those that are gone: a
 * stale file (its namespace was destroyed), or a path that now leads elsewhere. Any other
 * failure says nothing about the namespace, which then stays until the next full read.
 */
function goneNamespaces(unclaimed: ReadonlyMap<string, number>, result: DumpNamespacesResult): number[] {
  const gone: number[] = [];
  for (const e of result.errors) {
    const inode = unclaimed.get(e.target);
    if (inode !== undefined && STALE_NETNS_ERROR.test(e.error)) gone.push(inode);
  }
  for (const d of result.dumps) {
    const inode = unclaimed.get(d.target);
    if (inode !== undefined && inode !== d.inode) gone.push(inode);
  }
  return gone;
}

/**
 * Reads only what the work names. The host namespace, the namespaces of containers whose
 * PID is already known, the unclaimed namespaces (to see whether they still exist), the
 * firewall and the Docker reads all start at once; only a container that has just started
 * needs a second dump. Throws what the engine threw (DockerUnavailableError when it went
 * away) once the other reads have finished.
 */
export async function readPartial(prev: RawHost, work: Work, conn: DockerConnection | null): Promise<PartialRead> {
  const docker = prev.docker;
  const knownPid = new Map((docker?.containers ?? []).filter((c) => c.pid > 0).map((c) => [c.id, c.pid]));
  const early = new Set<string>();
  const unclaimed = new Map<string, number>();
  if (prev.kernel && (work.host || work.containers.size > 0)) {
    early.add(HOST_TARGET);
    for (const id of work.containers) {
      const pid = knownPid.get(id);
      if (pid) early.add(`/proc/${pid}/ns/net`);
    }
    for (const d of unclaimedNamespaces(prev)) {
      early.add(d.target);
      unclaimed.set(d.target, d.inode);
    }
  }
  // What is not re-read is still held, so links into it keep their peer's namespace.
  const peers = (prev.kernel?.dumps ?? []).map((d) => d.target);
  const earlyDump = early.size > 0 ? dumpNamespaces([...early], { peers }) : null;
  const dockerReads =
    conn && docker
      ? Promise.all([
          work.networks ? readNetworks(conn) : null,
          work.containers.size > 0
            ? readContainers(conn, [...work.containers], containerRefs(docker.containers))
            : null,
        ])
      : Promise.resolve([null, null] as const);
  const firewallRead = work.firewall
    ? readFirewall().then(
        (dump) => ({ dump }),
        (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }),
      )
    : null;
  const namedRead = work.named && prev.kernel ? readNamed(peers) : null;
  let networks, inspected;
  try {
    [networks, inspected] = await dockerReads;
  } catch (err) {
    await Promise.allSettled([earlyDump, firewallRead, namedRead]);
    throw err;
  }
  const read: PartialRead = { capturedAt: '' };
  if (networks) read.networks = networks;
  const late = new Set<string>();
  if (inspected) {
    const containers = new Map<string, ReinspectedContainer | null>();
    for (const [id, c] of inspected) {
      if (!c) containers.set(id, null);
      else if (c.pid <= 0) containers.set(id, { container: c, netns: null });
      else {
        const netns = await netnsOfPid(c.pid);
        containers.set(id, { container: c, netns: typeof netns === 'number' ? netns : null });
        const target = `/proc/${c.pid}/ns/net`;
        if (prev.kernel && !early.has(target)) late.add(target);
      }
    }
    read.containers = containers;
  }
  if (prev.kernel) {
    const dumps: NetnsDump[] = [];
    if (earlyDump) {
      const result = await earlyDump;
      dumps.push(...result.dumps);
      read.gone = goneNamespaces(unclaimed, result);
    }
    if (late.size > 0) dumps.push(...(await dumpNamespaces([...late], { peers: [...peers, ...early] })).dumps);
    if (namedRead) {
      const { named, dumps: namedDumps } = await namedRead;
      read.named = named;
      dumps.push(...namedDumps);
    }
    read.dumps = dumps;
  }
  if (firewallRead) read.firewall = await firewallRead;
  read.capturedAt = new Date().toISOString();
  return read;
}
