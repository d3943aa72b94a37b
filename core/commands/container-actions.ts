import type Docker from 'dockerode';
import { cmd, q } from '../common/shell-quote.js';
import type { Topology } from '../model/types.js';
import type { PortPublish } from '../protocol/commands.js';
import { containerLines, createPlan } from './container-render.js';
import { portText, specFromRun, type ContainerSpec } from './container-spec.js';
import { containerNodeId, findContainer, nameOf, type CommandContext, type Planner } from './context.js';
import { engineError } from './errors.js';
import { endpointsOf, nodeOf, portsOf } from './model-lookup.js';

/**
 * Does the model show this container running as its spec says: every network joined
 * with an interface and an address, every port with a fixed host port behind its DNAT rule?
 * A command that ends at once is seen as soon as the container has run at all.
 */
export function showsRunning(
  t: Topology,
  node: string,
  spec: Pick<ContainerSpec, 'networks' | 'ports'>,
  mayHaveEnded = true,
): boolean {
  const c = nodeOf(t, node, 'container');
  if (!c || c.state === 'created') return false;
  if (c.state !== 'running') return mayHaveEnded;
  const eps = endpointsOf(t, node);
  if (eps.length < spec.networks.length || eps.some((e) => e.interface === null)) return false;
  const ports = portsOf(t, node);
  return spec.ports.every((p) => portShown(ports, p));
}

const portShown = (ports: ReturnType<typeof portsOf>, p: PortPublish): boolean =>
  ports.some(
    (x) =>
      x.containerPort === p.containerPort &&
      x.proto === p.proto &&
      (p.hostPort === undefined || x.hostPort === p.hostPort) &&
      (p.hostIp === undefined || x.hostIp === p.hostIp) &&
      x.rule !== null,
  );

/**
 * Creates, connects further networks, and starts; if any step fails, what was created is
 * removed again (with its anonymous volumes, which were new), so a failure leaves nothing.
 */
export async function createAndStart(
  ctx: CommandContext,
  spec: ContainerSpec,
  start: boolean,
): Promise<Docker.ContainerInspectInfo> {
  const conn = await ctx.docker();
  const plan = createPlan(spec);
  const what = spec.name ?? spec.image;
  let created: Docker.Container;
  try {
    created = await conn.api.createContainer(plan.create);
  } catch (err) {
    throw engineError(err, `create container ${what}`);
  }
  try {
    for (const c of plan.connects) {
      try {
        await conn.api.getNetwork(c.network).connect({ Container: created.id, EndpointConfig: c.endpoint });
      } catch (err) {
        throw engineError(err, `connect ${what} to ${c.network}`);
      }
    }
    if (start) {
      try {
        await created.start();
      } catch (err) {
        throw engineError(err, `start container ${what}`);
      }
    }
    return await created.inspect();
  } catch (err) {
    await created.remove({ force: true, v: true }).catch((e: unknown) => {
      ctx.log(`could not remove the half-made container ${created.id}: ${e instanceof Error ? e.message : String(e)}`);
    });
    throw err;
  }
}

export const containerRun: Planner<'container.run'> = async (ctx, p) => {
  const spec = specFromRun(p);
  return {
    cli: containerLines(spec),
    lost: [],
    inverse: null,
    async execute() {
      const c = await createAndStart(ctx, spec, true);
      const node = containerNodeId(c.Id);
      return {
        result: { id: c.Id },
        targets: { containers: [c.Id], networks: true, host: true, firewall: true },
        check: (t) => showsRunning(t, node, spec),
        seeds: [node],
        inverse: { method: 'container.remove', params: { container: nameOf(c), force: true } },
      };
    },
  };
};

type Verb = 'start' | 'stop' | 'restart' | 'remove';

/** Does any DNAT rule still forward to one of these addresses? */
const forwardsTo = (t: Topology, addresses: string[]): boolean =>
  addresses.length > 0 &&
  t.nodes.some((n) => n.kind === 'nat-rule' && addresses.some((a) => n.text.includes(`--to-destination ${a}:`)));

/** What removing a container loses, one line each. */
export function lostWithContainer(c: Docker.ContainerInspectInfo): string[] {
  const name = nameOf(c);
  const lost = [
    `container ${name} (${c.State.Status}${c.State.Running ? ': its processes are killed' : ''}) and the files written inside it outside volumes`,
  ];
  for (const [net, ep] of Object.entries(c.NetworkSettings.Networks ?? {})) {
    lost.push(`its endpoint on ${net}${ep.IPAddress ? ` (${ep.IPAddress}/${ep.IPPrefixLen})` : ''}`);
  }
  const ports = Object.entries(c.HostConfig.PortBindings ?? {}) as [
    string,
    { HostIp?: string; HostPort?: string }[] | null,
  ][];
  for (const [key, bindings] of ports)
    for (const b of bindings ?? []) {
      const [port, proto] = key.split('/');
      lost.push(
        `its published port ${portText({
          ...(b.HostIp ? { hostIp: b.HostIp } : {}),
          ...(b.HostPort ? { hostPort: Number(b.HostPort) } : {}),
          containerPort: Number(port),
          proto: proto === 'udp' ? 'udp' : 'tcp',
        })}`,
      );
    }
  return lost;
}

type LifecycleMethod = 'container.start' | 'container.stop' | 'container.restart' | 'container.remove';

function lifecycle<M extends LifecycleMethod>(verb: Verb): Planner<M> {
  return async (ctx, p) => {
    const c = await findContainer(ctx, p.container);
    const name = nameOf(c);
    const node = containerNodeId(c.Id);
    const force = p.force === true;
    const line =
      verb === 'start'
        ? cmd('docker start', q(name))
        : verb === 'remove'
          ? cmd('docker rm', ...(force ? ['-f'] : []), q(name))
          : cmd(`docker ${verb}`, ...(force ? ['-t', '0'] : []), q(name));
    const inverse =
      verb === 'start'
        ? { method: 'container.stop' as const, params: { container: name } }
        : verb === 'stop'
          ? { method: 'container.start' as const, params: { container: name } }
          : null;
    const oldPid = c.State.Pid;
    // Its DNAT rules go with it; the firewall is read a moment after the engine's event.
    const addresses = Object.keys(c.HostConfig.PortBindings ?? {}).length
      ? Object.values(c.NetworkSettings.Networks ?? {})
          .map((e) => e.IPAddress)
          .filter(Boolean)
      : [];
    const mode = c.HostConfig.NetworkMode ?? 'default';
    const ownNetns = !(mode === 'host' || mode === 'none' || mode.startsWith('container:'));
    const networks = ownNetns ? Object.keys(c.NetworkSettings.Networks ?? {}) : [];
    return {
      cli: [line],
      lost: verb === 'remove' ? lostWithContainer(c) : [],
      inverse,
      async execute() {
        const conn = await ctx.docker();
        const handle = conn.api.getContainer(c.Id);
        try {
          if (verb === 'start') await handle.start();
          else if (verb === 'stop') await handle.stop(force ? { t: 0 } : {});
          else if (verb === 'restart') await handle.restart(force ? { t: 0 } : {});
          else await handle.remove({ force });
        } catch (err) {
          throw engineError(err, `${verb} container ${name}`);
        }
        const check =
          verb === 'remove' || verb === 'stop'
            ? (t: Topology) =>
                (verb === 'remove'
                  ? !nodeOf(t, node, 'container')
                  : nodeOf(t, node, 'container')?.state !== 'running') && !forwardsTo(t, addresses)
            : (t: Topology) => {
                const n = nodeOf(t, node, 'container');
                if (!n || n.pid === 0 || (verb === 'restart' && n.pid === oldPid)) return false;
                const attached = { networks: networks.map((name) => ({ name, aliases: [] })), ports: [] };
                return showsRunning(t, node, attached, false);
              };
        return {
          result: {},
          targets: { containers: [c.Id], networks: true, host: true, firewall: true },
          check,
          seeds: [node],
        };
      },
    };
  };
}

export const containerStart = lifecycle<'container.start'>('start');
export const containerStop = lifecycle<'container.stop'>('stop');
export const containerRestart = lifecycle<'container.restart'>('restart');
export const containerRemove = lifecycle<'container.remove'>('remove');
