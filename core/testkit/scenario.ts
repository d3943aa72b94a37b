import { cleanupTestResources, createNetwork, docker, runContainer, sh } from './test-host.js';

/**
 * A dozen containers in every network mode and firewall feature, in one host:
 * default bridge, fixed subnet with a static IP, two networks, published ports of every
 * form, host, none, container:, internal, icc off, macvlan on a test veth, a stopped
 * container, and a plain `ip netns` namespace on its own bridge. Names start with `p`.
 */
export async function createScenario(P: string): Promise<void> {
  await cleanupTestResources(P);
  await runContainer(`${P}a`, ['-p', '18080:80'], ['httpd', '-f', '-p', '80', '-h', '/www']);
  await runContainer(`${P}b`, []);
  await createNetwork(`${P}fixed`, ['--subnet', '10.231.0.0/24', '--gateway', '10.231.0.1']);
  await runContainer(`${P}static`, ['--network', `${P}fixed`, '--ip', '10.231.0.50']);
  await runContainer(`${P}two`, ['--network', `${P}fixed`]);
  await docker('network', 'connect', 'bridge', `${P}two`);
  await runContainer(`${P}ports`, [
    '-p',
    '18081:80',
    '-p',
    '127.0.0.1:15300:53/udp',
    '-p',
    '19000-19002:9000-9002',
    '--expose',
    '7000',
    '-P',
  ]);
  await runContainer(`${P}host`, ['--network', 'host']);
  await runContainer(`${P}none`, ['--network', 'none']);
  await runContainer(`${P}shared`, ['--network', `container:${P}a`]);
  await createNetwork(`${P}internal`, ['--internal', '--subnet', '10.234.0.0/24']);
  await runContainer(`${P}int`, ['--network', `${P}internal`]);
  await createNetwork(`${P}noicc`, [
    '-o',
    'com.docker.network.bridge.enable_icc=false',
    '-o',
    'com.docker.network.driver.mtu=1400',
    '--subnet',
    '10.235.0.0/24',
  ]);
  await runContainer(`${P}icc`, ['--network', `${P}noicc`]);
  // macvlan needs a parent link; one end of a veth pair made for the test, never a real NIC.
  await sh('ip', ['link', 'add', `${P}mva`, 'type', 'veth', 'peer', 'name', `${P}mvb`]);
  await sh('ip', ['link', 'set', `${P}mva`, 'up']);
  await sh('ip', ['link', 'set', `${P}mvb`, 'up']);
  await createNetwork(`${P}macvlan`, ['-d', 'macvlan', '-o', `parent=${P}mva`, '--subnet', '10.232.0.0/24']);
  await runContainer(`${P}mv`, ['--network', `${P}macvlan`]);
  await runContainer(`${P}stopped`, ['--network', `${P}fixed`]);
  await docker('stop', '-t', '0', `${P}stopped`);
  // A plain namespace joined to a Linux bridge by a veth: no Docker involved.
  await sh('ip', ['netns', 'add', `${P}ns`]);
  await sh('ip', ['link', 'add', `${P}br0`, 'type', 'bridge']);
  await sh('ip', ['addr', 'add', '10.233.0.1/24', 'dev', `${P}br0`]);
  await sh('ip', ['link', 'set', `${P}br0`, 'up']);
  await sh('ip', ['link', 'add', `${P}nsh`, 'type', 'veth', 'peer', 'name', `${P}nsc`, 'netns', `${P}ns`]);
  await sh('ip', ['link', 'set', `${P}nsh`, 'master', `${P}br0`, 'up']);
  await sh('ip', ['-n', `${P}ns`, 'addr', 'add', '10.233.0.2/24', 'dev', `${P}nsc`]);
  await sh('ip', ['-n', `${P}ns`, 'link', 'set', `${P}nsc`, 'up']);
  await sh('ip', ['-n', `${P}ns`, 'route', 'add', 'default', 'via', '10.233.0.1']);
}
