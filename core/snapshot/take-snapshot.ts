import { buildTopology } from '../model/build-topology.js';
import type { Topology } from '../model/types.js';
import { readHost, type HostRead, type ReadHostOptions } from './read-host.js';

export interface Snapshot {
  topology: Topology;
  hints: string[];
  timings: HostRead['timings'] & { build: number };
}

/** One cold read of the host, made into the topology document. */
export async function takeSnapshot(options: ReadHostOptions = {}): Promise<Snapshot> {
  const { raw, hints, timings } = await readHost(options);
  const t0 = performance.now();
  const topology = buildTopology(raw);
  return { topology, hints, timings: { ...timings, build: performance.now() - t0 } };
}

/** True when every facet could be read. */
export const isComplete = (t: Topology): boolean => t.facets.docker.ok && t.facets.kernel.ok && t.facets.firewall.ok;
