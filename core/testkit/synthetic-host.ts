import { ids } from '../model/ids.js';
import { TOPOLOGY_SCHEMA, type Topology, type TopologyEdge, type TopologyNode } from '../model/types.js';
import { bridgePort, container, endpoint, HOST, iface, netns, network, veth } from './sample-topology.js';

/**
 * A host of any size, shaped like the engine builds one: `networks` user bridges (the
 * first is Docker's default `bridge` on docker0), `containers` running containers spread
 * over them, every `publishEvery`-th one publishing a port with its DNAT rule, every
 * `twoEvery`-th one also on the next network, every `stoppedEvery`-th one exited. For
 * layout and overview tests at sizes no test host can build in seconds.
 */
export interface SyntheticOptions {
  containers: number;
  networks: number;
  publishEvery?: number;
  twoEvery?: number;
  stoppedEvery?: number;
}

export function syntheticHost(o: SyntheticOptions): Topology {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const hostNs = netns(HOST, 'host', {
    host: true,
    routes: [
      {
        dst: 'default',
        gateway: '192.0.2.1',
        dev: ids.iface(HOST, 2),
        devName: 'eth0',
        protocol: null,
        scope: null,
        prefsrc: null,
      },
    ],
  });
  nodes.push(hostNs, iface(HOST, 2, 'eth0', 'device', { addresses: ['192.0.2.2/24'] }));
  const hex = (n: number, width = 64): string => n.toString(16).padStart(width, '0');
  const netIds: string[] = [];
  for (let j = 0; j < o.networks; j++) {
    const id = hex(0xa000 + j);
    netIds.push(id);
    const name = j === 0 ? 'bridge' : `net${String(j).padStart(2, '0')}`;
    const brName = j === 0 ? 'docker0' : `br-${id.slice(-12)}`;
    const brIf = ids.iface(HOST, 10 + j);
    nodes.push(
      network(id, name, {
        bridge: brIf,
        bridgeName: brName,
        subnets: [{ subnet: `10.${100 + j}.0.0/16`, gateway: `10.${100 + j}.0.1` }],
        embeddedDns: j !== 0,
      }),
      iface(HOST, 10 + j, brName, 'bridge', { addresses: [`10.${100 + j}.0.1/16`] }),
    );
  }
  let ifindex = 1000;
  for (let i = 0; i < o.containers; i++) {
    const cid = hex(0xc0000 + i);
    const inode = 4026600000 + i;
    const stopped = o.stoppedEvery !== undefined && i % o.stoppedEvery === o.stoppedEvery - 1;
    const nets = [i % o.networks];
    if (o.twoEvery !== undefined && i % o.twoEvery === 0 && o.networks > 1) nets.push((i + 1) % o.networks);
    nodes.push(
      container(cid, `c${String(i).padStart(3, '0')}`, {
        state: stopped ? 'exited' : 'running',
        pid: stopped ? 0 : 10_000 + i,
        netns: stopped ? null : ids.netns(inode),
        networkMode: nets[0] === 0 ? 'bridge' : `net${String(nets[0]).padStart(2, '0')}`,
        image: 'busybox:test',
      }),
    );
    if (!stopped)
      nodes.push(netns(inode, `netns ${inode}`), iface(inode, 1, 'lo', 'loopback', { addresses: ['127.0.0.1/8'] }));
    nets.forEach((j, k) => {
      const ip = `10.${100 + j}.${Math.floor(i / 200)}.${(i % 200) + 2}`;
      if (stopped) {
        edges.push(endpoint(cid, netIds[j] as string, null, null, null));
        return;
      }
      const inner = iface(inode, 2 + 2 * k, `eth${k}`, 'veth', { addresses: [`${ip}/16`] });
      const outer = iface(HOST, ifindex++, `veth${hex(i * 4 + k, 7)}`, 'veth', { master: ids.iface(HOST, 10 + j) });
      nodes.push(inner, outer);
      edges.push(
        veth(inner.id, outer.id),
        bridgePort(outer.id, ids.iface(HOST, 10 + j)),
        endpoint(cid, netIds[j] as string, inner.id, `${ip}/16`, inner.mac),
      );
    });
    if (!stopped && o.publishEvery !== undefined && i % o.publishEvery === 0) {
      const hostPort = 20000 + i;
      const rule = ids.natRule({ table: 'nat', chain: 'DOCKER', index: i + 1 });
      const portId = ids.port('tcp', '0.0.0.0', hostPort);
      const j = nets[0] as number;
      const ip = `10.${100 + j}.${Math.floor(i / 200)}.${(i % 200) + 2}`;
      nodes.push(
        {
          id: portId,
          kind: 'port',
          label: `0.0.0.0:${hostPort}→80/tcp`,
          proto: 'tcp',
          hostIp: '0.0.0.0',
          hostPort,
          container: ids.container(cid),
          containerPort: 80,
          rule,
        },
        {
          id: rule,
          kind: 'nat-rule',
          label: `DOCKER #${i + 1} DNAT`,
          table: 'nat',
          chain: 'DOCKER',
          index: i + 1,
          target: 'DNAT',
          text: `-A DOCKER -p tcp -m tcp --dport ${hostPort} -j DNAT --to-destination ${ip}:80`,
        },
      );
      edges.push(
        { id: ids.publishes(portId), kind: 'publishes', source: portId, target: ids.iface(inode, 2) },
        { id: ids.dnat(rule, portId), kind: 'dnat', source: rule, target: portId },
      );
    }
  }
  return {
    schema: TOPOLOGY_SCHEMA,
    capturedAt: '2026-12-01T08:00:00.000Z',
    host: {
      hostname: 'synthetic',
      kernel: '6.18.0',
      engine: { version: '20.10.24', apiVersion: '1.41' },
      ipForward: true,
    },
    facets: { docker: { ok: true }, kernel: { ok: true }, firewall: { ok: true } },
    firewall: { backend: 'iptables-nft', policies: { 'filter:FORWARD': 'DROP' } },
    nodes,
    edges,
  };
}
