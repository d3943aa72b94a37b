import type { PortPublish, Warning } from '../../protocol/commands.js';
import { containerName, type Facts } from './facts.js';
import { findPublished, findSockets, formatBinding, type PublishedBinding, type WantedPort } from './port-conflicts.js';
import { findSocketOwner } from '../../kernel/proc-net.js';
import { conflict, q, warning } from './refusal.js';

/**
 * Host ports. The engine creates the container, then fails its start ("port is already
 * allocated" for a port another container publishes, "bind: address already in use" for
 * one a host process holds), leaving a created container behind; Netloom refuses first and
 * names who holds the port.
 */

/** Ports running containers publish now, as the engine lists them. */
async function publishedBindings(facts: Facts, except: string | null): Promise<PublishedBinding[]> {
  const out: PublishedBinding[] = [];
  for (const c of await facts.containers()) {
    if (c.Id === except) continue;
    for (const p of c.Ports ?? [])
      if (p.PublicPort)
        out.push({
          containerId: c.Id,
          containerName: containerName(c),
          proto: p.Type,
          hostIp: p.IP ?? '',
          hostPort: p.PublicPort,
        });
  }
  return out;
}

async function describeHolder(facts: Facts, inode: number): Promise<{ text: string; holder: Record<string, unknown> }> {
  const owner = await findSocketOwner(inode);
  if (!owner) return { text: 'a socket whose process could not be found', holder: {} };
  const proc = `${owner.command} (pid ${owner.pid})`;
  if (owner.containerId) {
    const name = await facts.nameOf(owner.containerId);
    return {
      text: `${proc} in container ${q(name)}`,
      holder: { pid: owner.pid, command: owner.command, container: name },
    };
  }
  return { text: `the host process ${proc}`, holder: { pid: owner.pid, command: owner.command } };
}

/**
 * Every wanted host port must be free. `self`: the container being recreated with more
 * ports (container.publish) — its own bindings are freed by the recreate, so they count
 * as free, and so do the host sockets its docker-proxy holds for them.
 */
export async function portsFree(
  facts: Facts,
  publish: readonly PortPublish[] | undefined,
  warnings: Warning[],
  self: string | null = null,
): Promise<void> {
  if (!publish?.length) return;
  const bindings = await publishedBindings(facts, self);
  const own = self ? ((await facts.containers()).find((c) => c.Id === self)?.Ports ?? []) : [];
  const ownSocket = (proto: string, address: string, port: number): boolean =>
    own.some((p) => p.Type === proto && p.PublicPort === port && (p.IP === address || `::ffff:${p.IP}` === address));
  const sockets = (await facts.sockets()).filter((s) => !ownSocket(s.proto, s.address, s.port));
  for (const [i, p] of publish.entries()) {
    if (p.hostPort === undefined) continue;
    const field = `publish.${i}.hostPort`;
    const want: WantedPort = { proto: p.proto, hostIp: p.hostIp, hostPort: p.hostPort };
    const asked = formatBinding(p.hostIp, p.hostPort, p.proto);
    const taken = findPublished(want, bindings);
    if (taken)
      throw conflict(
        field,
        'port-published',
        `host port ${asked} (${field}) is already published by container ${q(taken.containerName)} on ${formatBinding(taken.hostIp, taken.hostPort, taken.proto)}: choose another port or host address`,
        { holder: { container: taken.containerName } },
      );
    const hits = findSockets(want, sockets);
    const sure = hits.find((h) => h.clash === 'yes');
    if (sure) {
      const who = await describeHolder(facts, sure.socket.inode);
      throw conflict(
        field,
        'port-listening',
        `host port ${asked} (${field}) is already in use on ${formatBinding(sure.socket.address, sure.socket.port, sure.socket.proto)} by ${who.text}: choose another port or stop it`,
        { holder: who.holder },
      );
    }
    const maybe = hits[0];
    if (maybe) {
      const who = await describeHolder(facts, maybe.socket.inode);
      warnings.push(
        warning(
          'port-maybe-in-use',
          `${who.text} listens on ${formatBinding('::', p.hostPort, p.proto)}; if that socket also takes IPv4, publishing ${asked} will fail`,
        ),
      );
    }
  }
  if (publish.some((p) => p.hostIp === undefined || p.hostIp === '0.0.0.0'))
    warnings.push(
      warning(
        'publish-all-addresses',
        'a port published without a host address listens on every address of the host, reachable from other machines, and Docker’s rules let it past the host firewall: give hostIp 127.0.0.1 to keep it local',
      ),
    );
}
