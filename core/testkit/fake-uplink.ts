import { sh } from './test-host.js';

/**
 * A way out of the host that leads nowhere off this machine, for tests of the walk out:
 * a veth `dev` in the host whose other end is in a namespace bind-mounted at
 * /run/<dev>-wan — outside /run/netns, so Netloom does not read it and the model sees
 * a cable to somewhere else, like a NIC. The far namespace holds `far` (the kernel there
 * answers a ping itself) and the host routes `route` to it. Its name must start with the
 * test's prefix, so cleanupTestResources removes the host end (and with it the pair).
 */
export interface Uplink {
  dev: string;
  /** The host end's address (CIDR), and the far end's (the route's gateway). */
  near: string;
  gateway: string;
  far: string;
  route: string;
}

const wanOf = (dev: string): string => `/run/${dev}-wan`;
const inWan = (dev: string, cmd: string, ...args: string[]) => sh('nsenter', [`--net=${wanOf(dev)}`, cmd, ...args]);

export async function removeUplink(dev: string): Promise<void> {
  await sh('ip', ['link', 'del', dev], { reject: false });
  await sh('umount', [wanOf(dev)], { reject: false });
  await sh('rm', ['-f', wanOf(dev)], { reject: false });
}

export async function makeUplink(u: Uplink): Promise<void> {
  await removeUplink(u.dev);
  const wan = wanOf(u.dev);
  await sh('touch', [wan]);
  await sh('unshare', [`--net=${wan}`, 'true']);
  await sh('ip', ['link', 'add', u.dev, 'type', 'veth', 'peer', 'name', `${u.dev}p`]);
  await sh('ip', ['link', 'set', `${u.dev}p`, 'netns', wan]);
  await sh('ip', ['addr', 'add', u.near, 'dev', u.dev]);
  await sh('ip', ['link', 'set', u.dev, 'up']);
  await inWan(u.dev, 'ip', 'link', 'set', 'lo', 'up');
  await inWan(u.dev, 'ip', 'addr', 'add', `${u.gateway}/${u.near.split('/')[1] ?? '24'}`, 'dev', `${u.dev}p`);
  await inWan(u.dev, 'ip', 'addr', 'add', `${u.far}/32`, 'dev', `${u.dev}p`);
  await inWan(u.dev, 'ip', 'link', 'set', `${u.dev}p`, 'up');
  await sh('ip', ['route', 'add', u.route, 'via', u.gateway, 'dev', u.dev]);
  // Never let a test's packet leave the machine: the far address must route by the uplink.
  const [got] = JSON.parse(await sh('ip', ['-j', 'route', 'get', u.far])) as { dev?: string }[];
  if (got?.dev !== u.dev) throw new Error(`${u.far} routes by ${got?.dev ?? 'nothing'}, not ${u.dev}: stopping`);
}

/**
 * Counts, in the far namespace, the icmp packets from `src` to the far address from now
 * on (a raw PREROUTING rule without a target: it only counts), so a test can see with
 * which source a packet came out of the host.
 */
export async function countArrivals(u: Uplink, src: string): Promise<void> {
  await inWan(u.dev, 'iptables', '-t', 'raw', '-A', 'PREROUTING', '-s', `${src}/32`, '-d', `${u.far}/32`, '-p', 'icmp');
}

export async function arrivals(u: Uplink, src: string): Promise<number> {
  const save = await inWan(u.dev, 'iptables-save', '-c', '-t', 'raw');
  const line = save.split('\n').find((l) => l.includes(`-s ${src}/32 -d ${u.far}/32 -p icmp`));
  const m = line ? /^\[(\d+):\d+\]/.exec(line) : null;
  if (!m) throw new Error(`no counter for ${src} in the far namespace of ${u.dev}`);
  return Number(m[1]);
}
