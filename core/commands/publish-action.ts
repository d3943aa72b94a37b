import { cmd, q } from '../common/shell-quote.js';
import { sharedNetnsRef } from '../common/network-mode.js';
import { createAndStart, showsRunning } from './container-actions.js';
import { containerLines } from './container-render.js';
import { samePort, specFromInspect } from './container-spec.js';
import { containerNodeId, findContainer, nameOf, type CommandContext, type Planner } from './context.js';
import { badRequest, engineError } from './errors.js';
import { inspectContainer, inspectImage } from './lookup.js';
import { nodeOf } from './model-lookup.js';

/** The name the old container waits under while its replacement is made. */
export const previousName = (name: string): string => `${name}-netloom-previous`;

async function nameFor(ctx: CommandContext, ref: string): Promise<string> {
  const c = await inspectContainer(await ctx.docker(), ref).catch(() => null);
  return c ? nameOf(c) : ref;
}

/**
 * `container.publish`: Docker cannot add a port to a container, so the container is
 * recreated with the same configuration (./container-spec.ts reads it back) plus the new
 * ports: stopped, renamed aside, the new one created (one network, the others connected
 * before the start, as API 1.41 needs) and started, then the old one removed. If any
 * step fails, the new one is removed and the old one renamed back and restarted if it ran.
 */
export const containerPublish: Planner<'container.publish'> = async (ctx, p) => {
  const c = await findContainer(ctx, p.container);
  const name = nameOf(c);
  const mode = c.HostConfig.NetworkMode ?? 'default';
  if (mode === 'host' || mode === 'none' || sharedNetnsRef(mode) !== null) {
    throw badRequest(
      'container',
      'shared-netns',
      `${name} uses ${mode === 'host' ? 'the host’s network stack' : mode === 'none' ? 'no network' : `${mode}’s network stack`}: it has nothing to publish a port to`,
    );
  }
  const conn = await ctx.docker();
  let spec;
  try {
    const image = await inspectImage(conn, c.Image);
    spec = await specFromInspect(c, image, (ref) => nameFor(ctx, ref));
  } catch (err) {
    throw engineError(err, `read ${name}'s configuration`);
  }
  const previousPorts = spec.ports;
  const added = p.publish.filter((x) => !previousPorts.some((y) => samePort(x, y)));
  const next = { ...spec, ports: p.replace ? p.publish : [...previousPorts, ...added] };
  const running = c.State.Running;
  const aside = previousName(name);
  const lost = [
    `container ${name}'s id ${c.Id.slice(0, 12)}: a new container with the same configuration replaces it`,
    `the files written inside ${name} outside volumes (volumes and binds are mounted again)`,
  ];
  if (running) lost.push(`${name}'s running processes: it is stopped, and the new container started`);
  if (p.replace) {
    for (const old of previousPorts.filter((x) => !p.publish.some((y) => samePort(x, y))))
      lost.push(
        `its published port ${old.hostIp ?? '0.0.0.0'}:${old.hostPort ?? '?'} → ${old.containerPort}/${old.proto}`,
      );
  }
  return {
    cli: [
      ...(running ? [cmd('docker stop', q(name))] : []),
      cmd('docker rename', q(name), q(aside)),
      ...containerLines(next, running),
      cmd('docker rm', q(aside)),
    ],
    lost,
    inverse: {
      method: 'container.publish',
      params: { container: name, publish: previousPorts, replace: true, confirm: true },
    },
    async execute() {
      const old = conn.api.getContainer(c.Id);
      const putBack = async (renamed: boolean): Promise<void> => {
        try {
          if (renamed) await old.rename({ name });
          if (running) await old.start();
        } catch (e) {
          ctx.log(`could not put ${name} back as it was: ${e instanceof Error ? e.message : String(e)}`);
        }
      };
      try {
        if (running) await old.stop();
      } catch (err) {
        throw engineError(err, `stop ${name}`);
      }
      try {
        await old.rename({ name: aside });
      } catch (err) {
        await putBack(false);
        throw engineError(err, `rename ${name} aside`);
      }
      let made;
      try {
        made = await createAndStart(ctx, next, running);
      } catch (err) {
        await putBack(true);
        throw err;
      }
      try {
        await old.remove({ force: true });
      } catch (err) {
        ctx.log(`the old ${name} (${c.Id.slice(0, 12)}) stays as ${aside}: ${engineError(err, 'remove it').message}`);
      }
      const node = containerNodeId(made.Id);
      const oldNode = containerNodeId(c.Id);
      return {
        result: { done: true, id: made.Id, previousId: c.Id },
        targets: { containers: [made.Id, c.Id], networks: true, host: true, firewall: true },
        check: (t) =>
          !nodeOf(t, oldNode, 'container') &&
          (running ? showsRunning(t, node, next) : nodeOf(t, node, 'container') !== undefined),
        seeds: [oldNode, node],
      };
    },
  };
};
