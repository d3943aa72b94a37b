import type { DockerState } from '../docker/read-docker.js';
import type { FirewallDump } from '../firewall/types.js';
import type { NetnsDump } from '../kernel/ip-json.js';
import type { Facets } from './types.js';

/**
 * Everything read from one host, before it is made into a graph. Keeping the reads
 * in one plain value lets `buildTopology` be a pure function, tested on captured hosts.
 */
export interface RawHost {
  capturedAt: string;
  hostname: string;
  kernelRelease: string;
  facets: Facets;
  docker: DockerState | null;
  kernel: {
    hostInode: number;
    dumps: NetnsDump[];
    /** Namespaces made with `ip netns add`, by their bind-mount's inode. */
    named: { name: string; inode: number }[];
  } | null;
  /** Container id → inode of the network namespace its process is in (null when unknown). */
  containerNetns: Record<string, number | null>;
  firewall: FirewallDump | null;
  ipForward: boolean | null;
}
