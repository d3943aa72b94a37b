/**
 * The words of explanations, one table per language. A typed table (not free i18n keys)
 * makes the compiler check that every language says everything, with the same inputs.
 */
export interface FactLabels {
  kind: string;
  name: string;
  id: string;
  inode: string;
  hostNetns: string;
  netnsName: string;
  usedBy: string;
  routes: string;
  ifindex: string;
  type: string;
  mac: string;
  mtu: string;
  admin: string;
  operstate: string;
  addresses: string;
  master: string;
  netns: string;
  vethPeer: string;
  image: string;
  state: string;
  networkMode: string;
  pid: string;
  shortId: string;
  labels: string;
  networks: string;
  driver: string;
  scope: string;
  internal: string;
  subnets: string;
  bridge: string;
  icc: string;
  embeddedDns: string;
  ipv6: string;
  attachable: string;
  parentLink: string;
  options: string;
  proto: string;
  hostAddress: string;
  container: string;
  containerPort: string;
  rule: string;
  table: string;
  chain: string;
  index: string;
  target: string;
  text: string;
  from: string;
  to: string;
  interface: string;
  ipv4: string;
  aliases: string;
  dnsNames: string;
  gateway: string;
  endpointId: string;
  subnet: string;
  firewallBackend: string;
  ipForward: string;
}

export interface ExplainTexts {
  facts: FactLabels;
  yes: string;
  no: string;
  none: string;
  up: string;
  down: string;
  defaultMtu: string;
  list(items: string[]): string;
  /** What goes between two sentences: a space in English, nothing in Chinese. */
  sentenceGap: string;

  kindNames: Record<string, string>;
  titles: {
    hostNetns(hostname: string): string;
    netns(label: string): string;
    iface(name: string, where: string): string;
    container(name: string): string;
    network(name: string): string;
    port(binding: string): string;
    rule(chain: string, index: number): string;
    edge(kind: string, a: string, b: string): string;
  };

  netns: {
    host: string;
    named(name: string): string;
    container(users: string): string;
    shared(users: string): string;
    orphan: string;
  };

  iface: {
    bridge(network: string | null, gateway: string | null, ports: number): string;
    vethHost(peer: string, container: string | null, bridge: string | null): string;
    vethContainer(peer: string, bridge: string | null): string;
    vethOther(peer: string | null): string;
    loopback: string;
    macvlan(parent: string | null): string;
    ipvlan(parent: string | null): string;
    nic: string;
    other(type: string): string;
    isDown(operstate: string): string;
  };

  container: {
    bridged(networks: string[]): string;
    host: string;
    none: string;
    shared(other: string): string;
    macvlan(networks: string): string;
    dns: string;
    noDns: string;
    ports(count: number): string;
    stopped(state: string): string;
  };

  network: {
    defaultBridge(bridge: string): string;
    userBridge(bridge: string): string;
    host: string;
    none: string;
    macvlan(driver: string, parent: string | null): string;
    overlay: string;
    other(driver: string): string;
    internal: string;
    masquerade: string;
    icc: string;
    endpoints(count: number): string;
  };

  port: {
    summary(hostIp: string, hostPort: number, proto: string, containerPort: number, container: string): string;
    loopbackOnly: string;
    noRule: string;
  };

  rule: {
    dnat: string;
    masquerade: string;
    snat: string;
    filterDrop: string;
    filterAccept: string;
    jump(target: string): string;
    other: string;
    where(table: string, chain: string, index: number): string;
    chainNote(chain: string): string | null;
  };

  edge: {
    veth(a: string, b: string): string;
    bridgePort(port: string, bridge: string): string;
    endpoint(container: string, network: string, ip: string | null): string;
    endpointDns(names: string): string;
    usesNetns(container: string, netns: string): string;
    masquerade(subnet: string, bridge: string): string;
    publishes(port: string, iface: string): string;
    dnat(rule: string, port: string): string;
    lower(sub: string, parent: string): string;
    filters(rule: string, bridge: string): string;
  };
}
