import { takeSnapshot } from '../core/snapshot/take-snapshot.js';

/**
 * One benchmark sample process: takes `runs` snapshots, each with a fresh Docker
 * connection, and prints the timings and this process's peak RSS as one JSON line.
 */
const runs = Number(process.argv[2] ?? 7);
const samples: {
  total: number;
  docker: number;
  kernel: number;
  firewall: number;
  build: number;
  nodes: number;
  edges: number;
}[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const s = await takeSnapshot();
  const total = performance.now() - t0;
  if (!s.topology.facets.docker.ok || !s.topology.facets.kernel.ok || !s.topology.facets.firewall.ok) {
    throw new Error(`incomplete snapshot: ${JSON.stringify(s.topology.facets)}`);
  }
  samples.push({ ...s.timings, total, nodes: s.topology.nodes.length, edges: s.topology.edges.length });
}
process.stdout.write(JSON.stringify({ samples, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
