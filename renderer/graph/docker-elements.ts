import type { ContainerNode, NetworkNode, Topology } from '../../core/model/types.js';
import type { GraphElement } from './element-data.js';
import { graphEdge, portElement } from './kernel-elements.js';
import { bareAddress, coloursOf, type ModelIndex } from './model-index.js';

function networkLabel(n: NetworkNode, gatewayHint: string | null): string {
  const subnets = n.subnets.map((s) => s.subnet).join(', ');
  const gw = n.subnets.find((s) => s.gateway !== null)?.gateway ?? gatewayHint;
  return [n.name, subnets, gw ? `gw ${gw}` : ''].filter((s) => s !== '').join(' · ');
}

function containerClasses(c: ContainerNode): string {
  const cls = ['container', `state-${c.state}`];
  if (c.state !== 'running') cls.push('stopped');
  if (c.networkMode === 'host') cls.push('mode-host');
  if (c.networkMode === 'none') cls.push('mode-none');
  if (c.networkMode.startsWith('container:')) cls.push('mode-container');
  return cls.join(' ');
}

/**
 * The Docker view: what `docker network inspect` tells. Network boxes hold the endpoints
 * (one node per endpoint, id = the endpoint edge's id) and containers sit outside, because
 * a container on two networks cannot sit in two boxes (VISUAL.md).
 */
export function dockerElements(topology: Topology, index: ModelIndex, visible: Set<string>): GraphElement[] {
  const out: GraphElement[] = [];
  const endpoints = [...index.endpointsOf.values()].flat();
  for (const n of index.networks) {
    if (!visible.has(n.id)) continue;
    const hint = endpoints.find((e) => e.target === n.id && e.gateway !== null)?.gateway ?? null;
    const cls = ['network', `driver-${n.driver}`];
    if (n.internal) cls.push('internal');
    if (!n.icc) cls.push('no-icc');
    out.push({
      group: 'nodes',
      data: {
        id: n.id,
        kind: 'network',
        label: networkLabel(n, hint),
        modelId: n.id,
        state: 'ok',
        ...coloursOf(index, n.id),
        detail: [n.driver, n.bridgeName ?? n.parentName ?? ''].filter((s) => s !== '').join(' · '),
        partition: 1,
        role: null,
      },
      classes: cls.join(' '),
    });
  }
  for (const n of topology.nodes) {
    if (n.kind !== 'container' || !visible.has(n.id)) continue;
    out.push({
      group: 'nodes',
      data: {
        id: n.id,
        kind: 'container',
        label: n.name,
        modelId: n.id,
        state: n.state,
        ...coloursOf(index, index.endpointsOf.get(n.id)?.[0]?.target),
        detail: `${n.image} · ${n.shortId}`,
        partition: 2,
        role: null,
      },
      classes: containerClasses(n),
    });
    if (n.networkMode.startsWith('container:')) {
      const other = `container:${n.networkMode.slice(10)}`;
      if (visible.has(other))
        out.push(graphEdge(`shares-netns:${n.id}`, 'shares-netns', n.id, other, 'up', {}, '', '', n.id));
    }
  }
  for (const e of endpoints) {
    if (!visible.has(e.source) || !visible.has(e.target)) continue;
    const c = index.byId.get(e.source);
    const state = c?.kind === 'container' ? c.state : 'ok';
    const ip = bareAddress(e.ipv4) || bareAddress(e.ipv6);
    const iface = e.interface === null ? undefined : index.byId.get(e.interface);
    const colours = coloursOf(index, e.target);
    out.push({
      group: 'nodes',
      data: {
        id: e.id,
        kind: 'endpoint',
        label: ip || '—',
        modelId: e.id,
        state,
        ...colours,
        detail: [e.mac ?? '', ...e.dnsNames].filter((s) => s !== '').join(' '),
        partition: 1,
        role: null,
        parent: e.target,
      },
      classes: `endpoint${state !== 'running' ? ' stopped' : ''}`,
    });
    const ifName = iface?.kind === 'interface' ? iface.name : '';
    out.push(
      graphEdge(
        `link:${e.id}`,
        'endpoint',
        e.source,
        e.id,
        state === 'running' ? 'up' : 'down',
        colours,
        ifName,
        // The endpoint node already shows the address.
        '',
        e.id,
      ),
    );
  }
  for (const n of topology.nodes) {
    if (n.kind !== 'port' || !visible.has(n.id) || !visible.has(n.container)) continue;
    out.push(portElement(n, n.rule ?? 'docker-proxy', 3));
    out.push(
      graphEdge(`plug:${n.id}`, 'publishes', n.id, n.container, 'up', {}, `${n.hostPort}`, `${n.containerPort}`, n.id),
    );
  }
  return out;
}
