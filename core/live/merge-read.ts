import type { DockerContainer, DockerNetwork } from '../docker/read-docker.js';
import type { FirewallDump } from '../firewall/types.js';
import type { NetnsDump } from '../kernel/ip-json.js';
import type { RawHost } from '../model/raw-host.js';

/** A container as re-inspected, with the namespace inode its process is in (null: unknown). */
export interface ReinspectedContainer {
  container: DockerContainer;
  /** Only for a running container (pid > 0); a stopped one has no namespace. */
  netns: number | null;
}

/** The results of a partial re-read: only what was read is present. */
export interface PartialRead {
  /** Containers re-inspected, by id: the new state, or null when the engine no longer has it. */
  containers?: ReadonlyMap<string, ReinspectedContainer | null>;
  /** The whole network list. */
  networks?: DockerNetwork[];
  /**
   * Fresh namespace dumps, in the order they were read: each replaces the cached dump of
   * the same inode (a later one wins) and goes to the end of the list.
   */
  dumps?: NetnsDump[];
  /** The `ip netns` names, when they were listed again. */
  named?: { name: string; inode: number }[];
  /**
   * Unclaimed namespaces (see `unclaimedNamespaces`) found gone: their file could no
   * longer be entered, or now holds another namespace.
   */
  gone?: readonly number[];
  /** The firewall rules, or why they could not be read. */
  firewall?: { dump: FirewallDump } | { error: string };
  capturedAt: string;
}

/** The namespaces that the host, a name or a container's process account for. */
export function claimedNamespaces(raw: RawHost): Set<number> {
  const claimed = new Set<number>();
  if (!raw.kernel) return claimed;
  claimed.add(raw.kernel.hostInode);
  for (const n of raw.kernel.named) claimed.add(n.inode);
  for (const inode of Object.values(raw.containerNetns)) if (inode !== null) claimed.add(inode);
  return claimed;
}

/**
 * Dumps that nothing claims: a full read enters every file in Docker's netns directory,
 * which holds more than running containers' namespaces (a container caught between its
 * sandbox's creation and its start, whose pid is still 0; the engine's own namespaces for
 * overlay networks). A partial read keeps them only while still unclaimed: once a
 * container has claimed one, that container's fate decides it.
 */
export function unclaimedNamespaces(raw: RawHost): NetnsDump[] {
  const claimed = claimedNamespaces(raw);
  return (raw.kernel?.dumps ?? []).filter((d) => !claimed.has(d.inode));
}

/** Later dumps of an inode replace earlier ones and move to the end, as if applied in turn. */
function replaceDumps(cached: readonly NetnsDump[], fresh: readonly NetnsDump[]): NetnsDump[] {
  const last = new Map<number, number>();
  fresh.forEach((d, i) => last.set(d.inode, i));
  return [...cached.filter((d) => !last.has(d.inode)), ...fresh.filter((d, i) => last.get(d.inode) === i)];
}

/**
 * The next raw host, from the previous one and a partial read; `prev` is left unchanged.
 * Namespace dumps are kept only for what claims them in the result (the host, a name, a
 * running container) or for what was unclaimed before and not found gone: a namespace
 * whose container is gone leaves with it.
 */
export function mergeRead(prev: RawHost, read: PartialRead): RawHost {
  const next: RawHost = { ...prev, capturedAt: read.capturedAt, containerNetns: { ...prev.containerNetns } };
  if (prev.docker && (read.networks || read.containers)) {
    const docker = { ...prev.docker };
    if (read.networks) docker.networks = read.networks;
    if (read.containers) {
      const byId = new Map(docker.containers.map((c) => [c.id, c]));
      for (const [id, r] of read.containers) {
        if (r) byId.set(id, r.container);
        else byId.delete(id);
        delete next.containerNetns[id];
        if (r && r.container.pid > 0) next.containerNetns[id] = r.netns;
      }
      docker.containers = [...byId.values()];
    }
    next.docker = docker;
  }
  if (prev.kernel) {
    const named = read.named ?? prev.kernel.named;
    const gone = new Set(read.gone ?? []);
    const kernel = { ...prev.kernel, named };
    const keep = claimedNamespaces({ ...next, kernel });
    for (const d of unclaimedNamespaces(prev)) if (!gone.has(d.inode)) keep.add(d.inode);
    kernel.dumps = replaceDumps(prev.kernel.dumps, read.dumps ?? []).filter((d) => keep.has(d.inode));
    next.kernel = kernel;
  }
  if (read.firewall) {
    const fw = read.firewall;
    next.firewall = 'dump' in fw ? fw.dump : null;
    next.facets = { ...prev.facets, firewall: 'dump' in fw ? { ok: true } : { ok: false, reason: fw.error } };
  }
  return next;
}
