import { addressOf } from '../common/ipv4.js';
import { TopologyIndex } from '../common/topology-index.js';
import type { ContainerLink, ContainerNode, EndpointEdge, Topology } from '../model/types.js';
import { findContainer } from './places.js';
import { reach, type ReachFacts, type Verdict } from './reach.js';

/** One cell of `netloom reach --matrix --json` (a contract: outside scripts read these fields). */
export interface MatrixPair {
  src: string;
  dst: string;
  address: string;
  proto: 'icmp' | 'tcp';
  port: number | null;
  verdict: Verdict;
  deciding: string | null;
}

export interface MatrixName {
  src: string;
  name: string;
  address: string | null;
  via: 'embedded-dns' | 'hosts-file' | null;
}

export interface Matrix {
  pairs: MatrixPair[];
  names: MatrixName[];
}

/** The default bridge, the only network legacy links work on. */
const onDefaultBridge = (index: TopologyIndex, c: ContainerNode): EndpointEdge | undefined =>
  index.endpointsOf(c.id).find((e) => {
    const net = index.network(e.target);
    return net?.name === 'bridge' && net.driver === 'bridge';
  });

/**
 * What `src`'s /etc/hosts says for `name`: a `--link a:alias` writes a line for a under its
 * alias, its hostname (the short id unless set otherwise, which is not read) and its name,
 * with a's address on the default bridge — the one it has now, as the engine rewrites the
 * line when a restarts. One-way: a gets no line for src.
 */
/** The container a link names, while it runs: a stopped one has no address to give. */
function runningLinked(index: TopologyIndex, link: ContainerLink): ContainerNode | undefined {
  const target = index.container(link.container) ?? findContainer(index, link.container);
  return target?.state === 'running' ? target : undefined;
}

function hostsFile(index: TopologyIndex, src: ContainerNode, name: string): string | null {
  // On a user-defined network a link is an alias in the embedded DNS, not a hosts line.
  if (!onDefaultBridge(index, src)) return null;
  for (const link of src.links ?? []) {
    const target = runningLinked(index, link);
    if (!target) continue;
    if (name !== link.alias && name !== target.name && name !== target.shortId) continue;
    const ep = onDefaultBridge(index, target);
    if (ep?.ipv4) return addressOf(ep.ipv4);
  }
  return null;
}

/** The linked container's address on `ep`'s network when `name` is one of `ep`'s link aliases. */
function linkedOn(index: TopologyIndex, ep: EndpointEdge, name: string): string | null {
  for (const link of ep.links ?? []) {
    if (link.alias !== name) continue;
    const target = runningLinked(index, link);
    if (!target) continue;
    const there = index.endpointsOf(target.id).find((e) => e.target === ep.target);
    if (there?.ipv4) return addressOf(there.ipv4);
  }
  return null;
}

/**
 * What `src`'s resolver answers for `name`, in the order it asks: its /etc/hosts (legacy
 * links), then Docker's embedded DNS — on a user-defined network they share, the address
 * the named container has there (a container on two networks answers with its address
 * on the shared one), a link alias of src's endpoint there first (one-way: only src's
 * own endpoint carries it). The default bridge has no embedded DNS.
 */
export function resolveName(index: TopologyIndex, src: ContainerNode, name: string): MatrixName {
  const listed = hostsFile(index, src, name);
  if (listed) return { src: src.name, name, address: listed, via: 'hosts-file' };
  const mine = index.endpointsOf(src.id);
  for (const ep of mine) {
    const net = index.network(ep.target);
    if (!net?.embeddedDns) continue;
    const linked = linkedOn(index, ep, name);
    if (linked) return { src: src.name, name, address: linked, via: 'embedded-dns' };
    for (const other of index.endpointsOn(net.id)) {
      const c = index.container(other.source);
      if (!c || c.state !== 'running' || !other.ipv4) continue;
      const names = new Set([c.name, c.shortId, ...other.aliases, ...other.dnsNames]);
      if (names.has(name)) return { src: src.name, name, address: addressOf(other.ipv4), via: 'embedded-dns' };
    }
  }
  return { src: src.name, name, address: null, via: null };
}

/**
 * Every running container against every other, by every IPv4 address it has, over icmp
 * and (with `port`) tcp to that port; and every container and alias name looked up from
 * every container.
 */
export function reachMatrix(topology: Topology, port: number | null = null, facts: ReachFacts = {}): Matrix {
  const index = TopologyIndex.of(topology);
  const running = index.containers.filter((c) => c.state === 'running');
  const pairs: MatrixPair[] = [];
  const names: MatrixName[] = [];
  const allNames = [
    ...new Set(
      running.flatMap((c) => [
        c.name,
        ...index
          .endpointsOf(c.id)
          .flatMap((e) => [...e.aliases.filter((a) => a !== c.shortId), ...(e.links ?? []).map((l) => l.alias)]),
        ...(c.links ?? []).map((l) => l.alias),
      ]),
    ),
  ].sort();
  for (const src of running) {
    for (const dst of running) {
      if (dst.id === src.id) continue;
      const addresses = index
        .endpointsOf(dst.id)
        .map((e) => (e.ipv4 ? addressOf(e.ipv4) : null))
        .filter((a): a is string => a !== null);
      for (const address of addresses)
        for (const proto of port === null ? (['icmp'] as const) : (['icmp', 'tcp'] as const)) {
          const r = reach(topology, { src: src.name, dst: address, proto, port: proto === 'tcp' ? port : null }, facts);
          pairs.push({
            src: src.name,
            dst: dst.name,
            address,
            proto,
            port: proto === 'tcp' ? port : null,
            verdict: r.verdict,
            deciding: r.deciding,
          });
        }
    }
    for (const name of allNames) if (name !== src.name) names.push(resolveName(index, src, name));
  }
  return { pairs, names };
}
