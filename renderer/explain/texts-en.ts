import type { ExplainTexts } from './texts.js';

const s = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export const EN: ExplainTexts = {
  facts: {
    kind: 'Kind',
    name: 'Name',
    id: 'Model id',
    inode: 'Namespace inode',
    hostNetns: "Host's namespace",
    netnsName: 'Name in /run/netns',
    usedBy: 'Used by',
    routes: 'Routes',
    ifindex: 'Interface index',
    type: 'Link type',
    mac: 'MAC address',
    mtu: 'MTU',
    admin: 'Administrative state',
    operstate: 'Operational state',
    addresses: 'Addresses',
    master: 'Enslaved to',
    netns: 'Network namespace',
    vethPeer: 'veth peer',
    image: 'Image',
    state: 'State',
    networkMode: 'Network mode',
    pid: 'Main process PID',
    shortId: 'Short id',
    labels: 'Labels',
    networks: 'Networks',
    driver: 'Driver',
    scope: 'Scope',
    internal: 'Internal',
    subnets: 'Subnets',
    bridge: 'Linux bridge',
    icc: 'Inter-container traffic',
    embeddedDns: 'Embedded DNS (127.0.0.11)',
    ipv6: 'IPv6',
    attachable: 'Attachable',
    parentLink: 'Parent link',
    options: 'Driver options',
    proto: 'Protocol',
    hostAddress: 'Host address',
    container: 'Container',
    containerPort: 'Container port',
    rule: 'DNAT rule',
    table: 'Table',
    chain: 'Chain',
    index: 'Position in chain',
    target: 'Target',
    text: 'Rule',
    from: 'From',
    to: 'To',
    interface: 'Interface',
    ipv4: 'IPv4',
    aliases: 'Aliases',
    dnsNames: 'DNS names',
    gateway: 'Gateway',
    endpointId: 'Endpoint id',
    subnet: 'Subnet',
    firewallBackend: 'Firewall backend',
    ipForward: 'IP forwarding',
  },
  yes: 'yes',
  no: 'no',
  none: '—',
  up: 'up',
  down: 'down',
  defaultMtu: 'default (1500)',
  list: (items) => items.join(', '),
  sentenceGap: ' ',

  kindNames: {
    netns: 'Network namespace',
    interface: 'Interface',
    container: 'Container',
    network: 'Docker network',
    port: 'Published port',
    'nat-rule': 'NAT rule',
    'filter-rule': 'Filter rule',
    veth: 'veth pair',
    'bridge-port': 'Bridge port',
    endpoint: 'Endpoint',
    'uses-netns': 'Uses namespace',
    masquerade: 'MASQUERADE',
    publishes: 'Port forwarding',
    dnat: 'DNAT',
    lower: 'Parent link',
    filters: 'Filter',
  },
  titles: {
    hostNetns: (h) => `Host network namespace (${h})`,
    netns: (l) => `Network namespace ${l}`,
    iface: (n, w) => `Interface ${n} (${w})`,
    container: (n) => `Container ${n}`,
    network: (n) => `Docker network ${n}`,
    port: (b) => `Published port ${b}`,
    rule: (c, i) => `Rule ${i} of chain ${c}`,
    edge: (k, a, b) => `${k}: ${a} → ${b}`,
  },

  netns: {
    host: "The host's own network namespace: the interfaces, routes and firewall that every process without a namespace of its own uses. Docker's bridges and the host ends of veth pairs live here.",
    named: (n) =>
      `A network namespace made with \`ip netns add ${n}\`: an isolated copy of the network stack (its own interfaces, routes and firewall rules).`,
    container: (u) =>
      `A network namespace: an isolated copy of the network stack (its own interfaces, routes and firewall rules) for ${u}. Docker calls it the container's sandbox.`,
    shared: (u) =>
      `One network namespace shared by ${u} (container:<name> mode): they see the same interfaces and addresses and can talk to each other over localhost.`,
    orphan:
      'A network namespace with no running process Netloom knows of, for example a sandbox Docker keeps for a stopped container.',
  },

  iface: {
    bridge: (net, gw, ports) =>
      `A Linux bridge: a virtual switch inside the host${net ? ` for Docker network ${net}` : ''}. The host end of each container's veth pair is plugged into it as a port (${s(ports, 'port', 'ports')} now), and it forwards frames between them.${gw ? ` Its own address, ${gw}, is the containers' default gateway.` : ''}`,
    vethHost: (peer, c, br) =>
      `The host end of a veth pair: a virtual cable whose other end is ${peer}${c ? ` inside container ${c}` : ''}. What goes in one end comes out of the other.${br ? ` This end is a port of bridge ${br}.` : ''}`,
    vethContainer: (peer, br) =>
      `The container's end of a veth pair. Inside the container it looks like an ordinary network card; packets sent here come out of ${peer} in the host${br ? `, which is plugged into bridge ${br}` : ''}.`,
    vethOther: (peer) =>
      `One end of a veth pair, a virtual cable between two namespaces${peer ? `; the other end is ${peer}` : ''}.`,
    loopback: 'The loopback interface (lo): traffic to 127.0.0.1 stays inside this namespace.',
    macvlan: (p) =>
      `A macvlan interface: it has its own MAC address and shows up on ${p ?? 'its parent link'}'s network as a separate machine. No bridge and no NAT are involved; the host cannot reach it through the parent link without a macvlan interface of its own.`,
    ipvlan: (p) =>
      `An ipvlan interface: it shares ${p ?? 'its parent link'}'s MAC address but has its own IP address. No bridge and no NAT are involved.`,
    nic: "A network device of the host: how packets leave the machine. Containers' outgoing traffic is masqueraded to this device's address.",
    other: (t) => `A network interface of type ${t}.`,
    isDown: (o) => `It is down (operational state ${o}): no traffic passes.`,
  },

  container: {
    bridged: (n) =>
      `A container with its own network namespace. A veth pair joins it to ${n.length === 1 ? 'network' : 'networks'} ${n.join(', ')}: one end is its ${n.length === 1 ? 'eth0' : 'eth0, eth1, …'}, the other is plugged into the network's Linux bridge.`,
    host: "A container in host mode: it uses the host's network namespace directly. No veth, no bridge, no NAT: its ports are the host's ports.",
    none: 'A container in none mode: its namespace has only the loopback interface, so it has no network at all.',
    shared: (o) =>
      `This container shares the network namespace of ${o} (container:${o}): same interfaces, same IP address, and they talk over localhost. If ${o} stops, this container loses its network.`,
    macvlan: (n) =>
      `A container on ${n}: it gets its own MAC address on the parent link's network and appears there as a separate machine.`,
    dns: "It is on a user-defined network, so Docker's embedded DNS server (127.0.0.11) answers for other containers by name.",
    noDns: 'On the default bridge network there is no embedded DNS: other containers are reachable only by IP address.',
    ports: (n) => `${s(n, 'port is', 'ports are')} published to the host through DNAT rules.`,
    stopped: (st) =>
      `It is not running (${st}), so it has no network namespace now; Docker keeps its network settings and connects it again when it starts.`,
  },

  network: {
    defaultBridge: (b) =>
      `Docker's default bridge network, built on the Linux bridge ${b}. Containers started without --network join it. It has no embedded DNS: containers on it cannot find each other by name.`,
    userBridge: (b) =>
      `A user-defined bridge network, built on the Linux bridge ${b}. Docker's embedded DNS server (127.0.0.11) lets containers on it find each other by name.`,
    host: "The host network: containers on it use the host's own network namespace, with no isolation.",
    none: 'The none network: containers on it get a namespace with only the loopback interface.',
    macvlan: (d, p) =>
      `A ${d} network on the parent link ${p ?? '(unknown)'}: containers appear on that link's network as separate machines. There is no bridge and no NAT, and the host cannot reach them through the parent link without extra setup.`,
    overlay: 'An overlay network: VXLAN tunnels connect containers across the hosts of a swarm.',
    other: (d) => `A Docker network using the ${d} driver.`,
    internal:
      'It is internal (--internal): there is no route out and no MASQUERADE, so containers on it can reach only each other.',
    masquerade:
      "Outgoing traffic is masqueraded: a POSTROUTING rule rewrites the source address to the host's, so replies find their way back.",
    icc: 'Inter-container traffic is off (enable_icc=false): a FORWARD rule drops traffic between containers on this bridge.',
    endpoints: (n) => `${s(n, 'container is', 'containers are')} connected to it.`,
  },

  port: {
    summary: (ip, hp, proto, cp, c) =>
      `A published port: connections to ${ip}:${hp}/${proto} on the host are forwarded to port ${cp} of container ${c}. A DNAT rule in the nat table's DOCKER chain rewrites the destination address.`,
    loopbackOnly: 'It listens on a loopback address, so only this host can connect.',
    noRule:
      'No matching DNAT rule was found (for example an IPv6 binding served by docker-proxy, or a firewall that could not be read).',
  },

  rule: {
    dnat: 'A DNAT (destination NAT) rule: it rewrites the destination address of incoming packets so they reach a container.',
    masquerade:
      "A MASQUERADE rule: packets from a container subnet leaving through another interface get the host's address as their source.",
    snat: 'An SNAT rule: it rewrites the source address of outgoing packets to a fixed address.',
    filterDrop: 'A filter rule that drops matching packets.',
    filterAccept: 'A filter rule that accepts matching packets.',
    jump: (t) => `A rule that sends matching packets on to chain ${t}.`,
    other: 'A firewall rule.',
    where: (t, c, i) => `It is rule ${i} of chain ${c} in the ${t} table; rules are tried in order.`,
    chainNote: (c) =>
      c === 'DOCKER-USER'
        ? 'DOCKER-USER is where your own rules go: Docker never changes it.'
        : c.startsWith('DOCKER-ISOLATION')
          ? 'The DOCKER-ISOLATION chains keep different Docker networks from talking to each other.'
          : c === 'DOCKER'
            ? 'The DOCKER chain holds the rules for published ports.'
            : null,
  },

  edge: {
    veth: (a, b) =>
      `A veth pair: two virtual interfaces joined like the ends of a cable, ${a} and ${b}. Docker puts one end inside the container and plugs the other into a bridge.`,
    bridgePort: (p, b) => `${p} is plugged into bridge ${b} as a port; the bridge switches frames between its ports.`,
    endpoint: (c, n, ip) =>
      `An endpoint: how Docker connects container ${c} to network ${n}${ip ? `, with address ${ip}` : ''}. In the kernel it is a veth pair between the container and the network's bridge.`,
    endpointDns: (names) => `Docker's embedded DNS (127.0.0.11) answers for: ${names}.`,
    usesNetns: (c, n) => `Container ${c} runs in network namespace ${n}.`,
    masquerade: (sn, b) =>
      `MASQUERADE for ${sn} (bridge ${b}): traffic from these containers going out gets the host's address as source.`,
    publishes: (p, i) => `Published port ${p} forwards to ${i} inside the container.`,
    dnat: (r, p) => `The DNAT rule ${r} implements published port ${p}.`,
    lower: (sub, p) => `${sub} is built on the link ${p} (a sub-interface of it).`,
    filters: (r, b) => `The filter rule ${r} matches traffic entering or leaving bridge ${b}.`,
  },
};
