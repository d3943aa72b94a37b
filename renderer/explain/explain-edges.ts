import type { TFunction } from 'i18next';
import type { InterfaceNode, TopologyEdge } from '../../core/model/types.js';
import { interfaceCommands, ipIn, portCommands, ruleCommands } from './commands.js';
import { netnsAccess, ownerOf, type Context } from './context.js';
import {
  kindName,
  linksOrNone,
  list,
  listOrNone,
  orNone,
  portBinding,
  sentences,
  type Explanation,
  type Fact,
} from './format.js';
import { cmd, q } from '../../core/common/shell-quote.js';

/** "eth0 (web)": an interface's name with the container or host it sits in. */
function ifaceName(ctx: Context, id: string | null): string {
  const n = ctx.node(id);
  if (n?.kind !== 'interface') return ctx.labelOf(id);
  const ns = ctx.node(n.parent);
  const where = ns?.kind === 'netns' && ns.host ? null : (ownerOf(ctx, n.parent)?.name ?? ns?.label);
  return where ? `${n.name} (${where})` : n.name;
}

const ifaceNode = (ctx: Context, id: string): InterfaceNode | undefined => {
  const n = ctx.node(id);
  return n?.kind === 'interface' ? n : undefined;
};

function describe(edge: TopologyEdge, ctx: Context, t: TFunction): { summary: string; commands: string[] } {
  const a = ifaceName(ctx, edge.source);
  const b = ifaceName(ctx, edge.target);
  const ifaceCmds = (id: string): string[] => {
    const n = ifaceNode(ctx, id);
    return n ? interfaceCommands(ctx, n) : [];
  };
  switch (edge.kind) {
    case 'veth':
      return {
        summary: t('explain.edge.veth', { first: a, second: b }),
        commands: [...ifaceCmds(edge.source), ...ifaceCmds(edge.target)],
      };
    case 'bridge-port': {
      const br = ctx.labelOf(edge.target);
      return {
        summary: t('explain.edge.bridgePort', { port: a, bridge: br }),
        commands: [cmd('bridge link show master', q(br)), ...ifaceCmds(edge.source).slice(0, 1)],
      };
    }
    case 'endpoint': {
      const c = ctx.node(edge.source);
      const n = ctx.node(edge.target);
      const cname = c?.kind === 'container' ? c.name : a;
      const nname = n?.kind === 'network' ? n.name : b;
      const dns = n?.kind === 'network' && n.embeddedDns && edge.dnsNames.length > 0;
      const commands = [cmd('docker network inspect', q(nname)), cmd('docker inspect', q(cname))];
      const iface = ifaceNode(ctx, edge.interface ?? '');
      const addr = iface ? ipIn(netnsAccess(ctx, iface.parent), cmd('-d addr show dev', q(iface.name))) : null;
      if (addr) commands.push(addr);
      if (n?.kind === 'network' && n.embeddedDns && c?.kind === 'container' && c.pid > 0) {
        commands.push(cmd('docker exec', q(cname), 'cat /etc/resolv.conf'));
      }
      const address = edge.ipv4 ?? edge.ipv6;
      const where = { container: cname, network: nname };
      return {
        summary: sentences(
          t,
          address ? t('explain.edge.endpointWithAddress', { ...where, address }) : t('explain.edge.endpoint', where),
          dns && t('explain.edge.endpointDns', { names: list(t, edge.dnsNames) }),
        ),
        commands,
      };
    }
    case 'uses-netns': {
      const c = ctx.node(edge.source);
      const pid = c?.kind === 'container' && c.pid > 0 ? c.pid : null;
      return {
        summary: t('explain.edge.usesNetns', { container: a, netns: b }),
        commands: [
          cmd('docker inspect -f', q('{{.State.Pid}} {{.NetworkSettings.SandboxKey}}'), q(a)),
          ...(pid ? [`sudo readlink /proc/${pid}/ns/net`] : []),
        ],
      };
    }
    case 'masquerade':
      return {
        summary: t('explain.edge.masquerade', { subnet: edge.subnet, bridge: b }),
        commands: ['sudo iptables -t nat -S POSTROUTING', 'sysctl net.ipv4.ip_forward'],
      };
    case 'publishes':
    case 'dnat': {
      const portId = edge.kind === 'publishes' ? edge.source : edge.target;
      const port = ctx.node(portId);
      const binding = port?.kind === 'port' ? portBinding(port) : portId;
      const summary =
        edge.kind === 'publishes'
          ? t('explain.edge.publishes', { port: binding, iface: b })
          : t('explain.edge.dnat', { rule: a, port: binding });
      return {
        summary,
        commands: port?.kind === 'port' ? portCommands(ctx, port) : ['sudo iptables -t nat -S DOCKER'],
      };
    }
    case 'lower':
      return {
        summary: t('explain.edge.lower', { iface: a, parent: b }),
        commands: [...ifaceCmds(edge.source), ...ifaceCmds(edge.target)],
      };
    case 'filters': {
      const rule = ctx.node(edge.source);
      return {
        summary: t('explain.edge.filters', { rule: a, bridge: b }),
        commands: rule?.kind === 'filter-rule' ? ruleCommands(ctx, rule) : ['sudo iptables -S FORWARD'],
      };
    }
  }
}

export function edgeExplanation(edge: TopologyEdge, ctx: Context, t: TFunction): Explanation {
  const kind = kindName(t, edge.kind);
  const { summary, commands } = describe(edge, ctx, t);
  const facts: Fact[] = [
    [t('explain.facts.kind'), kind],
    [t('explain.facts.from'), ifaceName(ctx, edge.source)],
    [t('explain.facts.to'), ifaceName(ctx, edge.target)],
  ];
  if (edge.kind === 'endpoint') {
    facts.push(
      [t('explain.facts.interface'), orNone(t, edge.interface && ifaceName(ctx, edge.interface))],
      [t('explain.facts.ipv4'), orNone(t, edge.ipv4)],
      [t('explain.facts.ipv6'), orNone(t, edge.ipv6)],
      [t('explain.facts.mac'), orNone(t, edge.mac)],
      [t('explain.facts.gateway'), orNone(t, edge.gateway)],
      [t('explain.facts.aliases'), listOrNone(t, edge.aliases)],
      [t('explain.facts.dnsNames'), listOrNone(t, edge.dnsNames)],
      [t('explain.facts.dnsLinks'), linksOrNone(t, (id) => ctx.labelOf(id), edge.links)],
      [t('explain.facts.endpointId'), orNone(t, edge.endpointId)],
    );
  }
  if (edge.kind === 'masquerade') facts.push([t('explain.facts.subnet'), edge.subnet]);
  facts.push([t('explain.facts.id'), edge.id]);
  return {
    title: t('explain.titles.edge', { kind, from: ctx.labelOf(edge.source), to: ctx.labelOf(edge.target) }),
    summary,
    facts,
    commands: [...new Set(commands)],
  };
}
