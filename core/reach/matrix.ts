import { addressOf } from '../common/ipv4.js';
import { TopologyIndex } from '../common/topology-index.js';
import type { ContainerNode, Topology } from '../model/types.js';
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

/**
 * What Docker's embedded DNS answers `src` for `name`: on a user-defined network they
 * share, the address the named container has there (a container on two networks answers
 * with its address on the shared one). The default bridge has no embedded DNS.
 */
export function resolveName(index: TopologyIndex, src: ContainerNode, name: string): MatrixName {
  const mine = index.endpointsOf(src.id);
  for (const ep of mine) {
    const net = index.network(ep.target);
    if (!net?.embeddedDns) continue;
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
        ...index.endpointsOf(c.id).flatMap((e) => e.aliases.filter((a) => a !== c.shortId)),
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
