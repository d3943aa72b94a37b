import type { NetnsDump } from '../kernel/ip-json.js';

/**
 * Which namespace a link's lower link (a veth's peer, a macvlan's parent) lives in.
 *
 * IFLA_LINK_NETNSID is a number the reporting namespace gave the other one, so the same
 * nsid names different namespaces in different dumps, and ifindexes repeat across
 * namespaces: only (the peer namespace's inode, the peer's ifindex) names a peer. Every
 * source here is an nsid tied to an inode by the kernel itself (RTM_GETNSID on that
 * namespace's file); a link whose nsid none of them ties stays unknown, never matched
 * on ifindexes alone.
 */
export type LinkNetnsOf = (dump: NetnsDump, linkNetnsid: number | null) => NetnsDump | null;

export function linkNetnsResolver(dumps: readonly NetnsDump[], hostDump: NetnsDump | undefined): LinkNetnsOf {
  const byInode = new Map(dumps.map((d) => [d.inode, d]));
  const nsidsOf = new Map<NetnsDump, Map<number, number>>();
  const tie = (dump: NetnsDump, nsid: number, inode: number): void => {
    let ids = nsidsOf.get(dump);
    if (!ids) nsidsOf.set(dump, (ids = new Map()));
    ids.set(nsid, inode);
  };
  for (const d of dumps) {
    for (const { nsid, inode } of d.linkNetns ?? []) tie(d, nsid, inode);
    // Older helper output and captures carry only the ids exchanged with the host.
    if (hostDump && d !== hostDump) {
      if (d.hostNsid !== null) tie(d, d.hostNsid, hostDump.inode);
      if (d.nsid !== null) tie(hostDump, d.nsid, d.inode);
    }
  }
  return (dump, linkNetnsid) => {
    if (linkNetnsid === null) return dump;
    const inode = nsidsOf.get(dump)?.get(linkNetnsid);
    return inode === undefined ? null : (byInode.get(inode) ?? null);
  };
}
