import { cidrContains } from '../../core/common/ipv4.js';
import { engineIdOf } from '../../core/common/network-mode.js';
import { TopologyIndex } from '../../core/common/topology-index.js';
import type { NodeKind, Topology } from '../../core/model/types.js';

export interface SearchResult {
  /** Model id: a node, or an endpoint edge for a Docker-view endpoint. */
  id: string;
  label: string;
  kind: NodeKind | 'endpoint';
  /** What matched, in words (`IP 172.17.0.2`, `MAC 02:42:…`). */
  why: string;
  score: number;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{0,2}){1,5}$/i;
const PORT = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i;
const HEX = /^[0-9a-f]{3,64}$/i;

/** Scores one address against the query: exact beats same subnet beats prefix text. */
function matchAddress(cidrOrIp: string, q: string): number {
  const bare = cidrOrIp.split('/')[0]?.toLowerCase() ?? '';
  if (bare === q || cidrOrIp.toLowerCase() === q) return 90;
  if (q.includes('/') && cidrContains(q, bare)) return 70;
  if (q.length >= 2 && bare.startsWith(q)) return 60;
  if (q.includes('/') && cidrOrIp.toLowerCase().startsWith(q)) return 60;
  return 0;
}

function matchText(text: string, q: string): number {
  const t = text.toLowerCase();
  if (t === q) return 100;
  if (t.startsWith(q)) return 80;
  if (t.includes(q)) return 50;
  return 0;
}

/**
 * Finds model elements by name, IPv4/IPv6 (or CIDR), MAC, port (`8080`, `8080/tcp`) or
 * container short id; best first, then by label so ties keep a stable order.
 */
export function searchTopology(topology: Topology, text: string): SearchResult[] {
  const q = text.trim().toLowerCase();
  if (q === '') return [];
  const best = new Map<string, SearchResult>();
  const hit = (id: string, label: string, kind: SearchResult['kind'], why: string, score: number): void => {
    if (score <= 0) return;
    const prev = best.get(id);
    if (!prev || prev.score < score) best.set(id, { id, label, kind, why, score });
  };
  const index = TopologyIndex.of(topology);
  const port = PORT.exec(q);
  const mac = MAC.test(q);

  for (const n of topology.nodes) {
    const nameScore = matchText(n.label, q);
    hit(n.id, n.label, n.kind, `name ${n.label}`, nameScore);
    switch (n.kind) {
      case 'interface':
        hit(n.id, n.label, n.kind, `name ${n.name}`, matchText(n.name, q));
        for (const a of n.addresses) hit(n.id, n.label, n.kind, `IP ${a}`, matchAddress(a, q));
        if (n.mac !== null && (mac || q.length >= 5)) hit(n.id, n.label, n.kind, `MAC ${n.mac}`, macScore(n.mac, q));
        break;
      case 'container':
        hit(n.id, n.label, n.kind, `name ${n.name}`, matchText(n.name, q));
        if (HEX.test(q) && n.shortId.startsWith(q))
          hit(n.id, n.label, n.kind, `id ${n.shortId}`, q.length >= 12 ? 95 : 85);
        if (HEX.test(q) && engineIdOf(n.id).startsWith(q)) hit(n.id, n.label, n.kind, `id ${n.shortId}`, 85);
        hit(n.id, n.label, n.kind, `image ${n.image}`, matchText(n.image, q) / 2);
        break;
      case 'network':
        for (const s of n.subnets) {
          hit(n.id, n.label, n.kind, `subnet ${s.subnet}`, matchAddress(s.subnet, q));
          if (s.gateway !== null) hit(n.id, n.label, n.kind, `gateway ${s.gateway}`, matchAddress(s.gateway, q));
        }
        if (n.bridgeName !== null) hit(n.id, n.label, n.kind, `bridge ${n.bridgeName}`, matchText(n.bridgeName, q) - 5);
        break;
      case 'port':
        if (port) {
          const num = Number(port[1]);
          const proto = port[2]?.toLowerCase();
          if (proto === undefined || proto === n.proto) {
            if (n.hostPort === num) hit(n.id, n.label, n.kind, `host port ${n.hostPort}/${n.proto}`, proto ? 95 : 90);
            else if (n.containerPort === num)
              hit(n.id, n.label, n.kind, `container port ${n.containerPort}/${n.proto}`, proto ? 75 : 70);
          }
        }
        break;
      default:
        break;
    }
  }
  for (const e of topology.edges) {
    if (e.kind !== 'endpoint') continue;
    const c = index.node(e.source);
    const label = c ? `${c.label} endpoint` : e.id;
    for (const a of [e.ipv4, e.ipv6]) if (a !== null) hit(e.id, label, 'endpoint', `IP ${a}`, matchAddress(a, q) - 1);
    if (e.mac !== null && (mac || q.length >= 5)) hit(e.id, label, 'endpoint', `MAC ${e.mac}`, macScore(e.mac, q) - 1);
    for (const d of [...e.aliases, ...e.dnsNames]) hit(e.id, label, 'endpoint', `DNS name ${d}`, matchText(d, q) - 10);
  }
  return [...best.values()].sort(
    (a, b) => b.score - a.score || (a.label < b.label ? -1 : a.label > b.label ? 1 : a.id < b.id ? -1 : 1),
  );
}

function macScore(mac: string, q: string): number {
  const m = mac.toLowerCase();
  if (m === q) return 95;
  if (m.startsWith(q)) return 65;
  return m.includes(q) ? 45 : 0;
}
