import type { Facet, Facets } from '../../core/model/types.js';

/** The three sources of facts, in words a person reads on the page. */
export const FACETS: readonly { key: keyof Facets; title: string; covers: string; fallback: string }[] = [
  {
    key: 'docker',
    title: 'Docker engine',
    covers: 'networks, containers, endpoints and published ports',
    fallback: 'Start the Docker engine, or join the docker group and log in again.',
  },
  {
    key: 'kernel',
    title: 'Kernel',
    covers: 'namespaces, interfaces, bridges, veth pairs and routes',
    fallback: 'Run Netloom as root, or grant it CAP_SYS_ADMIN and CAP_SYS_PTRACE.',
  },
  {
    key: 'firewall',
    title: 'Firewall',
    covers: 'NAT and filter rules',
    fallback: 'Run Netloom as root to read the iptables rules.',
  },
];

/** Without these the picture has holes large enough to mislead, so they get a banner. */
export const ESSENTIAL_FACETS: readonly (keyof Facets)[] = ['docker', 'kernel'];

/** The core's reason already says what to do; the fallback covers a facet that gave none. */
export function facetReason(facet: Facet, fallback: string): string {
  return facet.reason?.trim() || fallback;
}
