import type {
  ContainerNode,
  FilterRuleNode,
  InterfaceNode,
  NatRuleNode,
  NetnsNode,
  NetworkNode,
  PortNode,
} from '../../core/model/types.js';
import { netnsAccess, type Context, type NetnsAccess } from './context.js';
import { cmd, q } from '../../core/common/shell-quote.js';

/**
 * Commands a person can paste to see the same fact themselves. Reading other namespaces and
 * the firewall needs root, so those carry `sudo`; Docker commands assume the docker group.
 */

/** Runs an `ip` command in a namespace, the way that namespace can be reached. */
export function ipIn(access: NetnsAccess, args: string): string | null {
  switch (access.kind) {
    case 'host':
      return `ip ${args}`;
    case 'named':
      return cmd('ip -n', q(access.name), args);
    case 'pid':
      return `sudo nsenter -t ${access.pid} -n ip ${args}`;
    case 'none':
      return null;
  }
}

const present = (list: (string | null)[]): string[] => list.filter((c): c is string => c !== null);

export function netnsCommands(ctx: Context, ns: NetnsNode): string[] {
  const access = netnsAccess(ctx, ns.id);
  if (access.kind === 'none') return ['sudo lsns -t net'];
  return present([
    ipIn(access, '-d addr'),
    ipIn(access, 'route'),
    access.kind === 'host' ? 'sysctl net.ipv4.ip_forward' : null,
    access.kind === 'named' ? 'ip netns list' : null,
    access.kind === 'pid' ? `sudo readlink /proc/${access.pid}/ns/net` : null,
  ]);
}

export function interfaceCommands(ctx: Context, iface: InterfaceNode): string[] {
  const access = netnsAccess(ctx, iface.parent);
  const dev = cmd('dev', q(iface.name));
  const link = access.kind === 'host' ? cmd('ip -d link show', q(iface.name)) : ipIn(access, `-d link show ${dev}`);
  const addr = ipIn(access, `-d addr show ${dev}`);
  const list = present([link, addr]);
  if (iface.type === 'bridge' && access.kind === 'host') list.push(cmd('bridge link show master', q(iface.name)));
  if (iface.master && access.kind === 'host') list.push(cmd('bridge link show dev', q(iface.name)));
  return list;
}

export function containerCommands(ctx: Context, c: ContainerNode): string[] {
  const list = [cmd('docker inspect', q(c.name))];
  if (ctx.portsOf(c.id).length > 0) list.push(cmd('docker port', q(c.name)));
  if (c.pid > 0 && c.networkMode !== 'host') {
    list.push(`sudo nsenter -t ${c.pid} -n ip -d addr`, `sudo nsenter -t ${c.pid} -n ip route`);
  }
  if (c.pid > 0 && ctx.endpointsOf(c.id).some((e) => isEmbeddedDns(ctx, e.target))) {
    list.push(cmd('docker exec', q(c.name), 'cat /etc/resolv.conf'));
  }
  if (c.pid === 0) list.push(cmd('docker ps -a --filter', q(`name=^/${c.name}$`)));
  return list;
}

const isEmbeddedDns = (ctx: Context, networkId: string): boolean => {
  const n = ctx.node(networkId);
  return n?.kind === 'network' && n.embeddedDns;
};

export function networkCommands(n: NetworkNode): string[] {
  const list = [cmd('docker network inspect', q(n.name))];
  if (n.bridgeName) {
    list.push(cmd('ip -d link show', q(n.bridgeName)), cmd('bridge link show master', q(n.bridgeName)));
    if (!n.internal) list.push('sudo iptables -t nat -S POSTROUTING', 'sysctl net.ipv4.ip_forward');
    if (n.internal || !n.icc) list.push('sudo iptables -S FORWARD');
    if (n.internal) list.push('sudo iptables -S DOCKER-ISOLATION-STAGE-1');
  }
  if (n.parentName) list.push(cmd('ip -d link show', q(n.parentName)));
  return list;
}

export function portCommands(ctx: Context, p: PortNode): string[] {
  const c = ctx.node(p.container);
  return [
    ...(c?.kind === 'container' ? [cmd('docker port', q(c.name))] : []),
    'sudo iptables -t nat -S DOCKER',
    `sudo ss -Hlnp${p.proto === 'udp' ? 'u' : 't'} sport = :${p.hostPort}`,
  ];
}

/** `-S` prints the chain as rules are written; `-L --line-numbers` shows the index the model uses. */
export function ruleCommands(ctx: Context, r: NatRuleNode | FilterRuleNode): string[] {
  const table = r.table === 'filter' ? '' : `-t ${r.table} `;
  const chain = cmd(q(r.chain));
  const list = [`sudo iptables ${table}-S ${chain}`, `sudo iptables ${table}-L ${chain} -n -v --line-numbers`];
  if (ctx.topology.firewall?.backend === 'nft') list.push(`sudo nft list chain ip ${cmd(q(r.table))} ${chain}`);
  if (r.target === 'MASQUERADE' || r.target === 'SNAT') list.push('sysctl net.ipv4.ip_forward');
  return list;
}
