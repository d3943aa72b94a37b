import type Docker from 'dockerode';
import { cmd, q } from '../common/shell-quote.js';
import { mapLimit } from '../util/map-limit.js';
import { connectLine } from './container-render.js';
import { ownAliases } from './container-spec.js';
import {
  containerNodeId,
  endpointEdgeId,
  findContainer,
  findNetwork,
  nameOf,
  networkNodeId,
  type Planner,
} from './context.js';
import { engineError } from './errors.js';
import { edgeOf, nodeOf } from './model-lookup.js';
import { createParamsOf, networkCreateLine, networkCreateOptions } from './network-spec.js';

const PREDEFINED = new Set(['bridge', 'host', 'none']);

const describeNetwork = (n: Docker.NetworkInspectInfo): string => {
  const subnets = (n.IPAM?.Config ?? []).map((c) => (c as { Subnet?: string }).Subnet).filter(Boolean);
  return `network ${n.Name} (${n.Driver}${subnets.length ? `, ${subnets.join(', ')}` : ''})`;
};

export const networkCreate: Planner<'network.create'> = async (ctx, p) => ({
  cli: [networkCreateLine(p)],
  lost: [],
  inverse: { method: 'network.remove', params: { network: p.name } },
  async execute() {
    const conn = await ctx.docker();
    let id: string;
    try {
      id = (await conn.api.createNetwork(networkCreateOptions(p))).id;
    } catch (err) {
      throw engineError(err, `create network ${p.name}`);
    }
    const node = networkNodeId(id);
    return {
      result: { id },
      targets: { networks: true, host: true, firewall: true },
      check: (t) => {
        const n = nodeOf(t, node, 'network');
        if (!n || (p.driver === 'bridge' && n.bridge === null)) return false;
        // Docker writes a bridge's MASQUERADE rule as part of the create: wait for the firewall read too.
        const masqueraded = !t.facets.firewall.ok || p.internal || p.driver !== 'bridge';
        return masqueraded || t.edges.some((e) => e.kind === 'masquerade' && e.target === n.bridge);
      },
      seeds: [node],
    };
  },
});

export const networkRemove: Planner<'network.remove'> = async (ctx, p) => {
  const n = await findNetwork(ctx, p.network);
  const recreate = createParamsOf(n);
  const bridge =
    n.Driver === 'bridge' ? (n.Options?.['com.docker.network.bridge.name'] ?? `br-${n.Id.slice(0, 12)}`) : undefined;
  return {
    cli: [cmd('docker network rm', q(n.Name))],
    lost: [`${describeNetwork(n)}${bridge ? ` and its bridge ${bridge}` : ''}`],
    inverse: recreate ? { method: 'network.create', params: recreate } : null,
    async execute() {
      const conn = await ctx.docker();
      try {
        await conn.api.getNetwork(n.Id).remove();
      } catch (err) {
        throw engineError(err, `remove network ${n.Name}`);
      }
      const node = networkNodeId(n.Id);
      return {
        result: {},
        targets: { networks: true, host: true, firewall: true },
        check: (t) =>
          !nodeOf(t, node, 'network') &&
          !(bridge && t.nodes.some((r) => r.kind === 'nat-rule' && r.text.includes(bridge))),
        seeds: [node],
      };
    },
  };
};

/** The networks `docker network prune` would remove now: unused, not predefined, matching the label. */
async function unusedNetworks(conn: { api: Docker }, label: string | undefined): Promise<Docker.NetworkInspectInfo[]> {
  const listed = await conn.api.listNetworks(label ? { filters: { label: [label] } } : {});
  const candidates = listed.filter((n) => !PREDEFINED.has(n.Name) && n.Scope === 'local');
  const inspected = await mapLimit(candidates, 8, (n) =>
    conn.api
      .getNetwork(n.Id)
      .inspect()
      .then(
        (i) => i as Docker.NetworkInspectInfo,
        () => null,
      ),
  );
  return inspected.filter((n): n is Docker.NetworkInspectInfo => !!n && Object.keys(n.Containers ?? {}).length === 0);
}

export const networkPrune: Planner<'network.prune'> = async (ctx, p) => {
  const conn = await ctx.docker();
  const label = p?.label;
  let doomed;
  try {
    doomed = await unusedNetworks(conn, label);
  } catch (err) {
    throw engineError(err, 'list networks');
  }
  return {
    cli: [cmd('docker network prune -f', ...(label ? ['--filter', q(`label=${label}`)] : []))],
    lost: doomed.map(describeNetwork),
    inverse: null,
    async execute() {
      let removed: string[];
      try {
        const r = (await conn.api.pruneNetworks(label ? { filters: { label: [label] } } : {})) as {
          NetworksDeleted?: string[] | null;
        };
        removed = r.NetworksDeleted ?? [];
      } catch (err) {
        throw engineError(err, 'prune networks');
      }
      const byName = new Map(doomed.map((n) => [n.Name, n.Id]));
      const nodes = removed
        .map((name) => byName.get(name))
        .filter((id): id is string => !!id)
        .map(networkNodeId);
      return {
        result: { removed },
        targets: { networks: true, host: true, firewall: true },
        check: (t) => nodes.every((id) => !nodeOf(t, id, 'network')),
        seeds: nodes,
      };
    },
  };
};

export const networkConnect: Planner<'network.connect'> = async (ctx, p) => {
  const [c, n] = await Promise.all([findContainer(ctx, p.container), findNetwork(ctx, p.network)]);
  const name = nameOf(c);
  return {
    cli: [connectLine(n.Name, name, p.aliases ?? [], p.ipv4)],
    lost: [],
    inverse: { method: 'network.disconnect', params: { network: n.Name, container: name } },
    async execute() {
      const conn = await ctx.docker();
      try {
        await conn.api.getNetwork(n.Id).connect({
          Container: c.Id,
          EndpointConfig: {
            ...(p.aliases?.length ? { Aliases: p.aliases } : {}),
            ...(p.ipv4 ? { IPAMConfig: { IPv4Address: p.ipv4 } } : {}),
          },
        });
      } catch (err) {
        throw engineError(err, `connect ${name} to ${n.Name}`);
      }
      const edge = endpointEdgeId(c.Id, n.Id);
      const running = c.State.Running;
      return {
        result: {},
        // The endpoint comes from the container's inspect and namespace: the network list need not be read.
        targets: { containers: [c.Id], host: true },
        check: (t) => {
          const e = edgeOf(t, edge, 'endpoint');
          return !!e && (!running || (e.interface !== null && e.ipv4 !== null));
        },
        seeds: [containerNodeId(c.Id), networkNodeId(n.Id)],
      };
    },
  };
};

export const networkDisconnect: Planner<'network.disconnect'> = async (ctx, p) => {
  const [c, n] = await Promise.all([findContainer(ctx, p.container), findNetwork(ctx, p.network)]);
  const name = nameOf(c);
  const ep = c.NetworkSettings.Networks?.[n.Name];
  const aliases = ownAliases(c, ep?.Aliases);
  const ipv4 = ep?.IPAMConfig?.IPv4Address || undefined;
  const address = ep?.IPAddress ? `${ep.IPAddress}/${ep.IPPrefixLen}` : null;
  return {
    cli: [cmd('docker network disconnect', ...(p.force ? ['-f'] : []), q(n.Name), q(name))],
    lost: ep
      ? [
          `${name}'s endpoint on ${n.Name}${address ? ` (${address})` : ''}` +
            (aliases.length ? `, with its aliases ${aliases.join(', ')}` : ''),
        ]
      : [],
    inverse: {
      method: 'network.connect',
      params: { network: n.Name, container: name, ...(aliases.length ? { aliases } : {}), ...(ipv4 ? { ipv4 } : {}) },
    },
    async execute() {
      const conn = await ctx.docker();
      try {
        await conn.api.getNetwork(n.Id).disconnect({ Container: c.Id, Force: p.force === true });
      } catch (err) {
        throw engineError(err, `disconnect ${name} from ${n.Name}`);
      }
      const edge = endpointEdgeId(c.Id, n.Id);
      return {
        result: {},
        // The endpoint comes from the container's inspect and namespace: the network list need not be read.
        targets: { containers: [c.Id], host: true },
        check: (t) => !edgeOf(t, edge, 'endpoint'),
        seeds: [containerNodeId(c.Id), networkNodeId(n.Id)],
      };
    },
  };
};
