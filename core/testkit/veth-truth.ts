import { ids } from '../model/ids.js';
import type { Topology } from '../model/types.js';

/** One namespace as iproute2 reports it: `ip -j -d link show` and `ip -j netns list-id`. */
export interface IpSpace {
  inode: number;
  links: {
    ifindex: number;
    ifname: string;
    link?: string | null;
    link_index?: number;
    link_netnsid?: number;
    linkinfo?: { info_kind?: string };
  }[];
  /** `name` is there only for namespaces under /run/netns: the others stay unnamed. */
  listId: { nsid: number; name?: string }[];
}

/**
 * The veth edges iproute2 proves, independently of Netloom: an end whose peer's nsid
 * `ip netns list-id` names gives (that namespace, link_index); an end without nsid has
 * its peer beside it. `spaces` is keyed by /run/netns name; the host (key `host`) may
 * hold only the links that matter. Throws when two ends disagree.
 */
export function vethTruth(spaces: Record<string, IpSpace>): string[] {
  const edges = new Map<string, string>();
  const peerOf = new Map<string, string>();
  for (const space of Object.values(spaces)) {
    for (const l of space.links) {
      if (l.linkinfo?.info_kind !== 'veth') continue;
      let peerInode: number | undefined;
      let peerIndex = l.link_index;
      if (l.link_netnsid === undefined) {
        peerInode = space.inode;
        if (typeof l.link === 'string') peerIndex = space.links.find((x) => x.ifname === l.link)?.ifindex;
      } else {
        const name = space.listId.find((e) => e.nsid === l.link_netnsid)?.name;
        peerInode = name === undefined ? undefined : spaces[name]?.inode;
      }
      if (peerInode === undefined || peerIndex === undefined) continue;
      const self = ids.iface(space.inode, l.ifindex);
      const peer = ids.iface(peerInode, peerIndex);
      for (const [a, b] of [
        [self, peer],
        [peer, self],
      ] as const) {
        const known = peerOf.get(a);
        if (known !== undefined && known !== b) throw new Error(`ip disagrees on ${a}'s peer: ${known} or ${b}`);
        peerOf.set(a, b);
      }
      const [a, b] = [self, peer].sort() as [string, string];
      edges.set(ids.veth(a, b), ids.veth(a, b));
    }
  }
  return [...edges.keys()].sort();
}

/** Netloom's veth edges with at least one end in one of `inodes`. */
export function vethEdgesTouching(t: Topology, inodes: readonly number[]): string[] {
  const wanted = new Set(inodes.map((i) => ids.netns(i)));
  const parentOf = new Map(t.nodes.map((n) => [n.id, n.parent]));
  return t.edges
    .filter(
      (e) =>
        e.kind === 'veth' && (wanted.has(parentOf.get(e.source) ?? '') || wanted.has(parentOf.get(e.target) ?? '')),
    )
    .map((e) => e.id)
    .sort();
}
