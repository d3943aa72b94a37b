import { readdir, readlink } from 'node:fs/promises';
import { TopologyIndex } from '../common/topology-index.js';
import { readHostSockets } from '../kernel/proc-net.js';
import type { Topology } from '../model/types.js';
import type { ListeningSocket, ReachFacts } from './walk.js';

/**
 * A process living in each namespace, by inode, found by /proc/PID/ns/net links: a plain
 * `ip netns` namespace has no container to name one, and a socket there is held by
 * whatever was started in it (`ip netns exec X nc -l …`). One look at /proc serves every
 * namespace asked about.
 */
async function processesByNetns(proc: string): Promise<Map<number, string>> {
  const byInode = new Map<number, string>();
  for (const pid of await readdir(proc).catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const m = /^net:\[(\d+)\]$/.exec((await readlink(`${proc}/${pid}/ns/net`).catch(() => null)) ?? '');
    const inode = m ? Number(m[1]) : null;
    if (inode !== null && !byInode.has(inode)) byInode.set(inode, pid);
  }
  return byInode;
}

/**
 * Reads the sockets bound in the given namespaces from /proc/PID/net/{tcp,udp}[6] of a
 * process in each — the kernel's tables of that process's namespace, so no process is
 * started per namespace. A namespace with no readable process stays unknown.
 */
export async function socketFacts(topology: Topology, netnsIds: Iterable<string>, proc = '/proc'): Promise<ReachFacts> {
  const index = TopologyIndex.of(topology);
  const found = new Map<string, readonly ListeningSocket[] | null>();
  let processes: Promise<Map<number, string>> | null = null;
  await Promise.all(
    [...new Set(netnsIds)].map(async (id) => {
      const ns = index.netnsNode(id);
      let pid: string | number | null | undefined = ns?.host
        ? 'self'
        : index.containersIn(id).find((c) => c.state === 'running' && c.pid > 0)?.pid;
      if (pid === undefined && ns) pid = (await (processes ??= processesByNetns(proc))).get(ns.inode) ?? null;
      if (pid === undefined || pid === null) return void found.set(id, null);
      try {
        const sockets = await readHostSockets(`${proc}/${pid}/net`);
        found.set(
          id,
          sockets.map((s) => ({ proto: s.proto, address: s.address, port: s.port })),
        );
      } catch {
        found.set(id, null);
      }
    }),
  );
  return { listening: (id) => found.get(id) ?? null };
}
