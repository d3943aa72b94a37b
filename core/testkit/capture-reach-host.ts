import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHost } from '../snapshot/read-host.js';
import { repoRoot } from '../util/repo-root.js';
import { makeUplink, removeUplink } from './fake-uplink.js';
import { cleanupTestResources, createNetwork, docker, runContainer, sh, vethBetween } from './test-host.js';

/**
 * Captures the raw reads of a real host for the reach walk's unit tests (egress, legacy
 * links, plain namespaces): `node dist/core/testkit/capture-reach-host.js >
 * fixtures/host/reach-raw.json`, as root, on a host running nothing else — it refuses
 * otherwise, since the reads would hold someone else's containers and rules. It also
 * writes the engine's inspect of the linking containers and of one they link to
 * (fixtures/docker/inspect-nle-fx-app.json, inspect-nle-fx-db.json, inspect-nle-fx-ul.json).
 *
 * The way out it adds (`nle-fx-up`, a route for 198.51.100.0/24) is a fake uplink
 * (./fake-uplink.ts): to the model a cable to somewhere else, like a NIC. Nothing is sent.
 */
const P = 'nle-fx-';
const UPLINK = {
  dev: `${P}up`,
  near: '10.250.7.1/24',
  gateway: '10.250.7.2',
  far: '198.51.100.7',
  route: '198.51.100.0/24',
};

async function quiet(): Promise<void> {
  const others = [
    ...(await docker('ps', '-a', '--format', '{{.Names}}')).split('\n'),
    ...(await docker('network', 'ls', '--format', '{{.Name}}')).split('\n'),
    ...(await sh('ip', ['netns', 'list'])).split('\n').map((l) => l.split(' ')[0] ?? ''),
  ].filter((n) => n && !n.startsWith(P) && !['bridge', 'host', 'none'].includes(n));
  if (others.length > 0) throw new Error(`the host is busy (${others.join(', ')}): capture on a quiet host`);
}

/** GET /containers/NAME/json, as the engine answers it (API 1.41, like the other fixtures). */
async function saveInspect(name: string): Promise<void> {
  const url = `http://docker/v1.41/containers/${name}/json`;
  const body = await sh('curl', ['-sf', '--unix-socket', '/var/run/docker.sock', url]);
  const out = join(repoRoot(), 'fixtures', 'docker', `inspect-${name}.json`);
  writeFileSync(out, JSON.stringify(JSON.parse(body), null, 4) + '\n');
}

const ip = (...args: string[]) => sh('ip', args);
const inNs = (ns: string, ...args: string[]) => sh('ip', ['-n', ns, ...args]);

async function scenario(): Promise<void> {
  // Legacy links on the default bridge: app → db under the alias db, app → web by name.
  await runContainer(`${P}db`, []);
  await runContainer(`${P}web`, []);
  await runContainer(`${P}app`, ['--link', `${P}db:db`, '--link', `${P}web`]);
  // A user network, and one whose containers are not masqueraded.
  await createNetwork(`${P}net`, ['--subnet', '10.250.4.0/24']);
  await runContainer(`${P}u`, ['--network', `${P}net`]);
  // A link on the user network: ul alone resolves u as peer, through the embedded DNS.
  await runContainer(`${P}ul`, ['--network', `${P}net`, '--link', `${P}u:peer`]);
  await createNetwork(`${P}nomasq`, [
    '--subnet',
    '10.250.3.0/24',
    '-o',
    'com.docker.network.bridge.enable_ip_masquerade=false',
  ]);
  await runContainer(`${P}nm`, ['--network', `${P}nomasq`]);
  // Two plain namespaces joined by one veth, no bridge; b also holds 10.250.8.2 (a routes
  // to it via b) and 10.250.9.2 (a has no route to it).
  for (const ns of ['a', 'b', 'c', 'd']) await ip('netns', 'add', `${P}${ns}`);
  await ip('link', 'add', `${P}va`, 'netns', `${P}a`, 'type', 'veth', 'peer', 'name', `${P}vb`, 'netns', `${P}b`);
  await inNs(`${P}a`, 'addr', 'add', '10.250.1.1/24', 'dev', `${P}va`);
  await inNs(`${P}b`, 'addr', 'add', '10.250.1.2/24', 'dev', `${P}vb`);
  for (const [ns, dev] of [
    ['a', 'va'],
    ['b', 'vb'],
  ] as const) {
    await inNs(`${P}${ns}`, 'link', 'set', 'lo', 'up');
    await inNs(`${P}${ns}`, 'link', 'set', `${P}${dev}`, 'up');
  }
  await inNs(`${P}b`, 'addr', 'add', '10.250.8.2/32', 'dev', 'lo');
  await inNs(`${P}b`, 'addr', 'add', '10.250.9.2/32', 'dev', 'lo');
  await inNs(`${P}a`, 'route', 'add', '10.250.8.0/24', 'via', '10.250.1.2');
  // c hangs off the host by a veth of its own (no bridge), with a default route to it.
  await ip('link', 'add', `${P}hh`, 'type', 'veth', 'peer', 'name', `${P}hc`, 'netns', `${P}c`);
  await ip('addr', 'add', '10.250.2.1/24', 'dev', `${P}hh`);
  await ip('link', 'set', `${P}hh`, 'up');
  await inNs(`${P}c`, 'addr', 'add', '10.250.2.2/24', 'dev', `${P}hc`);
  await inNs(`${P}c`, 'link', 'set', `${P}hc`, 'up');
  await inNs(`${P}c`, 'route', 'add', 'default', 'via', '10.250.2.1');
  // a ↔ d, with d's end left down: the cable is there, nothing crosses it.
  await ip('link', 'add', `${P}vc`, 'netns', `${P}a`, 'type', 'veth', 'peer', 'name', `${P}vd`, 'netns', `${P}d`);
  await inNs(`${P}a`, 'addr', 'add', '10.250.6.1/24', 'dev', `${P}vc`);
  await inNs(`${P}a`, 'link', 'set', `${P}vc`, 'up');
  await inNs(`${P}d`, 'addr', 'add', '10.250.6.2/24', 'dev', `${P}vd`);
  // A router between two namespaces: p ↔ r ↔ q, r forwarding, routes both ways; and s off
  // r, which has no route back to p.
  for (const ns of ['p', 'r', 'q', 's']) await ip('netns', 'add', `${P}${ns}`);
  for (const [a, devA, b, devB, net] of [
    ['p', 'vp', 'r', 'vrp', '10.250.10'],
    ['q', 'vq', 'r', 'vrq', '10.250.11'],
    ['s', 'vs', 'r', 'vrs', '10.250.12'],
  ] as const) {
    await vethBetween(`${P}${a}`, `${P}${devA}`, `${P}${b}`, `${P}${devB}`);
    await inNs(`${P}${a}`, 'addr', 'add', `${net}.2/24`, 'dev', `${P}${devA}`);
    await inNs(`${P}${b}`, 'addr', 'add', `${net}.1/24`, 'dev', `${P}${devB}`);
    await inNs(`${P}${a}`, 'link', 'set', `${P}${devA}`, 'up');
    await inNs(`${P}${b}`, 'link', 'set', `${P}${devB}`, 'up');
  }
  for (const ns of ['p', 'r', 'q', 's']) await inNs(`${P}${ns}`, 'link', 'set', 'lo', 'up');
  await sh('ip', ['netns', 'exec', `${P}r`, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  await inNs(`${P}p`, 'route', 'add', 'default', 'via', '10.250.10.1');
  await inNs(`${P}q`, 'route', 'add', '10.250.10.0/24', 'via', '10.250.11.1');
  // The way out to 198.51.100.0/24, into a namespace Netloom does not read.
  await makeUplink(UPLINK);
}

await quiet();
await cleanupTestResources(P);
await removeUplink(UPLINK.dev);
try {
  await scenario();
  const { raw } = await readHost();
  for (const c of ['app', 'db', 'ul']) await saveInspect(`${P}${c}`);
  process.stdout.write(JSON.stringify(raw, null, 1) + '\n');
} finally {
  await cleanupTestResources(P);
  await removeUplink(UPLINK.dev);
}
