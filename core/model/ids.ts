import type { FirewallRule } from '../firewall/types.js';

/**
 * Node and edge ids. Each is built from facts that do not change while the thing
 * exists (inode, ifindex, Docker id, rule position), so snapshots of a quiet host
 * name everything the same way and deltas can refer to it.
 */
export const ids = {
  netns: (inode: number) => `netns:${inode}`,
  iface: (inode: number, ifindex: number) => `if:${inode}:${ifindex}`,
  container: (id: string) => `container:${id}`,
  network: (id: string) => `network:${id}`,
  port: (proto: string, hostIp: string, hostPort: number) => `port:${proto}:${hostIp}:${hostPort}`,
  natRule: (r: Pick<FirewallRule, 'table' | 'chain' | 'index'>) => `nat:${r.table}:${r.chain}:${r.index}`,
  filterRule: (r: Pick<FirewallRule, 'table' | 'chain' | 'index'>) => `filter:${r.table}:${r.chain}:${r.index}`,
  veth: (a: string, b: string) => `veth:${a}|${b}`,
  bridgePort: (iface: string) => `bridge-port:${iface}`,
  lower: (iface: string) => `lower:${iface}`,
  endpoint: (containerId: string, networkNodeId: string) =>
    `endpoint:${containerId}:${networkNodeId.slice('network:'.length)}`,
  usesNetns: (containerId: string) => `uses-netns:${containerId}`,
  masquerade: (r: Pick<FirewallRule, 'table' | 'chain' | 'index'>, bridge: string) =>
    `masquerade:${r.table}:${r.chain}:${r.index}:${bridge}`,
  publishes: (port: string) => `publishes:${port}`,
  dnat: (rule: string, port: string) => `dnat:${rule}|${port}`,
  filters: (rule: string, iface: string) => `filters:${rule}|${iface}`,
};
