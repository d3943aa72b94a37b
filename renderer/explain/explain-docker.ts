import type { TFunction } from 'i18next';
import type { ContainerNode, NetworkNode, PortNode } from '../../core/model/types.js';
import { containerCommands, networkCommands, portCommands } from './commands.js';
import { sharedWithName, type Context } from './context.js';
import {
  join,
  linksOrNone,
  kindName,
  list,
  listOrNone,
  orNone,
  portBinding,
  record,
  sentences,
  yesNo,
  type Explanation,
  type Fact,
} from './format.js';

/** Containers, networks and published ports: what Docker makes. */

function containerMode(c: ContainerNode, networks: NetworkNode[], shared: string | null, t: TFunction): string {
  if (shared) return t('explain.container.shared', { other: shared });
  if (c.networkMode === 'host') return t('explain.container.host');
  if (c.networkMode === 'none') return t('explain.container.none');
  const names = networks.map((n) => n.name);
  if (networks.some((n) => n.driver === 'macvlan' || n.driver === 'ipvlan')) {
    return t('explain.container.macvlan', { networks: list(t, names) });
  }
  const joined = names.length ? names : [c.networkMode];
  return t('explain.container.bridged', { count: joined.length, networks: list(t, joined) });
}

export function containerExplanation(c: ContainerNode, ctx: Context, t: TFunction): Explanation {
  const endpoints = ctx.endpointsOf(c.id);
  const networks = endpoints.map((e) => ctx.node(e.target)).filter((n): n is NetworkNode => n?.kind === 'network');
  const shared = sharedWithName(ctx, c);
  const bridged = networks.filter((n) => n.driver === 'bridge');
  const dns = bridged.some((n) => n.embeddedDns)
    ? t('explain.container.dns')
    : bridged.length
      ? t('explain.container.noDns')
      : null;
  const ports = ctx.portsOf(c.id).length;
  const running = c.state === 'running' || c.pid > 0;
  const summary = sentences(
    t,
    containerMode(c, networks, shared, t),
    !shared && dns,
    ports > 0 && t('explain.container.ports', { count: ports }),
    !running && t('explain.container.stopped', { state: c.state }),
  );
  const facts: Fact[] = [
    [t('explain.facts.kind'), kindName(t, 'container')],
    [t('explain.facts.name'), c.name],
    [t('explain.facts.image'), c.image],
    [t('explain.facts.state'), c.state],
    [t('explain.facts.networkMode'), shared ? `container:${shared}` : c.networkMode],
    [
      t('explain.facts.networks'),
      listOrNone(
        t,
        endpoints.map((e) => join(ctx.labelOf(e.target), e.ipv4 && `(${e.ipv4})`)),
      ),
    ],
    [t('explain.facts.pid'), c.pid > 0 ? String(c.pid) : t('explain.none')],
    [t('explain.facts.netns'), orNone(t, c.netns && ctx.labelOf(c.netns))],
    [t('explain.facts.shortId'), c.shortId],
    [t('explain.facts.hostsLinks'), linksOrNone(t, (id) => ctx.labelOf(id), c.links)],
    [t('explain.facts.labels'), record(t, c.labels)],
    [t('explain.facts.id'), c.id],
  ];
  return {
    title: t('explain.titles.container', { name: c.name }),
    summary,
    facts,
    commands: containerCommands(ctx, c),
  };
}

function networkDriver(n: NetworkNode, ctx: Context, t: TFunction): string {
  switch (n.driver) {
    case 'bridge': {
      const bridge = n.bridgeName ?? ctx.labelOf(n.bridge);
      return n.embeddedDns
        ? t('explain.network.userBridge', { bridge })
        : t('explain.network.defaultBridge', { bridge });
    }
    case 'host':
      return t('explain.network.host');
    case 'null':
      return t('explain.network.none');
    case 'macvlan':
    case 'ipvlan':
      return n.parentName
        ? t('explain.network.macvlan', { driver: n.driver, parent: n.parentName })
        : t('explain.network.macvlanNoParent', { driver: n.driver });
    case 'overlay':
      return t('explain.network.overlay');
    default:
      return t('explain.network.other', { driver: n.driver });
  }
}

export function networkExplanation(n: NetworkNode, ctx: Context, t: TFunction): Explanation {
  const bridge = n.driver === 'bridge';
  const summary = sentences(
    t,
    networkDriver(n, ctx, t),
    n.internal && t('explain.network.internal'),
    bridge && !n.internal && t('explain.network.masquerade'),
    bridge && !n.icc && t('explain.network.icc'),
    t('explain.network.endpoints', { count: ctx.endpointsOn(n.id).length }),
  );
  const facts: Fact[] = [
    [t('explain.facts.kind'), kindName(t, 'network')],
    [t('explain.facts.name'), n.name],
    [t('explain.facts.driver'), n.driver],
    [t('explain.facts.scope'), n.scope],
    [
      t('explain.facts.subnets'),
      listOrNone(
        t,
        n.subnets.map((s) => join(s.subnet, s.gateway && `gw ${s.gateway}`)),
      ),
    ],
    [t('explain.facts.bridge'), orNone(t, n.bridgeName)],
    [t('explain.facts.internal'), yesNo(t, n.internal)],
    [t('explain.facts.icc'), yesNo(t, n.icc)],
    [t('explain.facts.embeddedDns'), yesNo(t, n.embeddedDns)],
    [t('explain.facts.ipv6'), yesNo(t, n.ipv6)],
    [t('explain.facts.attachable'), yesNo(t, n.attachable)],
    [t('explain.facts.parentLink'), orNone(t, n.parentName)],
    [t('explain.facts.mtu'), n.mtu === null ? t('explain.defaultMtu') : String(n.mtu)],
    [t('explain.facts.options'), record(t, n.options)],
    [t('explain.facts.labels'), record(t, n.labels)],
    [t('explain.facts.id'), n.id],
  ];
  return { title: t('explain.titles.network', { name: n.name }), summary, facts, commands: networkCommands(n) };
}

export function portExplanation(p: PortNode, ctx: Context, t: TFunction): Explanation {
  const container = ctx.labelOf(p.container);
  const loopback = p.hostIp.startsWith('127.') || p.hostIp === '::1';
  const { hostIp, hostPort, proto, containerPort } = p;
  const summary = sentences(
    t,
    t('explain.port.summary', { hostIp, hostPort, proto, containerPort, container }),
    loopback && t('explain.port.loopbackOnly'),
    p.rule === null && t('explain.port.noRule'),
  );
  const rule = ctx.node(p.rule);
  const facts: Fact[] = [
    [t('explain.facts.kind'), kindName(t, 'port')],
    [t('explain.facts.proto'), p.proto],
    [t('explain.facts.hostAddress'), `${p.hostIp}:${p.hostPort}`],
    [t('explain.facts.container'), container],
    [t('explain.facts.containerPort'), String(p.containerPort)],
    [t('explain.facts.rule'), rule && rule.kind === 'nat-rule' ? rule.text : orNone(t, p.rule)],
    [t('explain.facts.id'), p.id],
  ];
  return {
    title: t('explain.titles.port', { binding: portBinding(p) }),
    summary,
    facts,
    commands: portCommands(ctx, p),
  };
}
