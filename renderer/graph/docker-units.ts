import { sharedNetnsOwner } from '../../core/common/network-mode.js';
import type { ContainerNode, EndpointEdge, NetworkNode } from '../../core/model/types.js';
import { derivedId } from './element-data.js';
import { bareAddress, coloursOf } from './element-helpers.js';
import { portElement } from './kernel-units.js';
import { containerNode, finishNode, graphEdge, type Unit, type UnitContext } from './unit-context.js';

/**
 * The Docker view, one model element at a time: what `docker network inspect` tells.
 * Network boxes hold the endpoints (one node per endpoint, id = the endpoint edge's id)
 * and containers sit outside, because a container on two networks cannot sit in two boxes.
 */

/** The name, then the subnets, on lines of their own so the box can stay narrow; the gateway joins from 100 %. */
function networkLabels(n: NetworkNode, gatewayHint: string | null): { label: string; detailLabel?: string } {
  const subnets = n.subnets.map((s) => s.subnet).join(', ');
  const gw = n.subnets.find((s) => s.gateway !== null)?.gateway ?? gatewayHint;
  const label = [n.name, subnets].filter((s) => s !== '').join('\n');
  return gw ? { label, detailLabel: `${label}\ngw ${gw}` } : { label };
}

function networkUnit(ctx: UnitContext, n: NetworkNode): Unit {
  if (!ctx.shown(n.id)) return [];
  const hint = ctx.index.endpointsOn(n.id).find((e) => e.gateway !== null)?.gateway ?? null;
  const cls = ['network', `driver-${n.driver}`];
  if (n.internal) cls.push('internal');
  if (!n.icc) cls.push('no-icc');
  return [
    finishNode(
      {
        group: 'nodes',
        data: {
          id: n.id,
          kind: 'network',
          ...networkLabels(n, hint),
          modelId: n.id,
          state: 'ok',
          ...coloursOf(ctx.index, n.id),
          detail: [n.driver, n.bridgeName ?? n.parentName ?? ''].filter((s) => s !== '').join(' · '),
          partition: 1,
          role: null,
        },
        classes: cls.join(' '),
      },
      ctx,
    ),
  ];
}

function containerUnit(ctx: UnitContext, c: ContainerNode): Unit {
  if (!ctx.shown(c.id)) return [];
  const out: Unit = [containerNode(ctx, c, 'container')];
  const owner = sharedNetnsOwner(c.networkMode);
  if (owner !== null && ctx.index.container(owner) && ctx.shown(owner))
    out.push(graphEdge(derivedId.sharesNetns(c.id), 'shares-netns', c.id, owner, 'up', {}, '', '', c.id));
  return out;
}

function endpointUnit(ctx: UnitContext, e: EndpointEdge): Unit {
  if (!ctx.index.container(e.source) || !ctx.index.network(e.target)) return [];
  if (!ctx.shown(e.source) || !ctx.shown(e.target)) return [];
  const state = ctx.index.container(e.source)?.state ?? 'ok';
  const ip = bareAddress(e.ipv4) || bareAddress(e.ipv6);
  const colours = coloursOf(ctx.index, e.target);
  const ifName = ctx.index.iface(e.interface)?.name ?? '';
  // The container's interface and its address on this network, as `ip addr` inside it would say.
  const label = [ifName, ip].filter((x) => x !== '').join('\n') || '—';
  return [
    finishNode(
      {
        group: 'nodes',
        data: {
          id: e.id,
          kind: 'endpoint',
          label,
          modelId: e.id,
          state,
          ...colours,
          detail: [e.mac ?? '', ...e.dnsNames].filter((s) => s !== '').join(' '),
          partition: 1,
          role: null,
          parent: e.target,
        },
        classes: `endpoint${state !== 'running' ? ' stopped' : ''}`,
      },
      ctx,
    ),
    graphEdge(
      derivedId.link(e.id),
      'endpoint',
      e.source,
      e.id,
      state === 'running' ? 'up' : 'down',
      colours,
      '',
      '',
      e.id,
    ),
  ];
}

export function dockerUnit(ctx: UnitContext, id: string): Unit {
  const n = ctx.index.node(id);
  if (n) {
    if (n.kind === 'network') return networkUnit(ctx, n);
    if (n.kind === 'container') return containerUnit(ctx, n);
    if (n.kind === 'port' && ctx.shown(id) && ctx.index.container(n.container) && ctx.shown(n.container))
      return [
        portElement(ctx, n, n.rule ?? 'docker-proxy', 3),
        graphEdge(derivedId.plug(n.id), 'publishes', n.id, n.container, 'up', {}, '', '', n.id),
      ];
    return [];
  }
  const e = ctx.index.edge(id);
  return e?.kind === 'endpoint' ? endpointUnit(ctx, e) : [];
}
