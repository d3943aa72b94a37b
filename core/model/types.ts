/**
 * The topology model: the one typed graph every part of Netloom reads.
 * docs/model.md documents each field.
 */

export const TOPOLOGY_SCHEMA = 'netloom.topology/v1';

/** Whether one source of facts could be read, and why not. */
export interface Facet {
  ok: boolean;
  /** Present when ok is false: one sentence a person can act on. */
  reason?: string;
}

export interface Facets {
  docker: Facet;
  kernel: Facet;
  firewall: Facet;
}

export interface HostInfo {
  hostname: string;
  kernel: string;
  engine: { version: string; apiVersion: string } | null;
  /** net.ipv4.ip_forward; null when it could not be read. */
  ipForward: boolean | null;
}

export interface Topology {
  schema: typeof TOPOLOGY_SCHEMA;
  capturedAt: string;
  host: HostInfo;
  facets: Facets;
  /** Which firewall tool the rules came from; null when none could be read. */
  firewall: FirewallInfo | null;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export interface FirewallInfo {
  /** `iptables-nft`, `iptables-legacy` or `nft`. */
  backend: string;
  /** Built-in chain policies, e.g. { "filter:FORWARD": "DROP" }. */
  policies: Record<string, string>;
}

interface NodeBase {
  id: string;
  label: string;
  parent?: string;
}

export interface Route {
  /** `default` or a CIDR. */
  dst: string;
  gateway: string | null;
  /** Interface node id of the outgoing device, or null (e.g. unreachable routes). */
  dev: string | null;
  devName: string | null;
  protocol: string | null;
  scope: string | null;
  prefsrc: string | null;
}

export interface NetnsNode extends NodeBase {
  kind: 'netns';
  inode: number;
  host: boolean;
  /** Name under /run/netns when the namespace was made with `ip netns add`. */
  name: string | null;
  /** IPv4 routes of the main table. */
  routes: Route[];
  /**
   * Its net.ipv4.ip_forward: whether it routes packets on between its links. Null when
   * it was not read; absent in documents written before it was.
   */
  ipForward?: boolean | null;
}

export interface InterfaceNode extends NodeBase {
  kind: 'interface';
  parent: string;
  name: string;
  ifindex: number;
  type: string;
  mac: string | null;
  mtu: number;
  up: boolean;
  /** Kernel operational state as `ip` prints it (UP, DOWN, UNKNOWN, LOWERLAYERDOWN). */
  operstate: string;
  /** IPv4 and IPv6 addresses in CIDR form. */
  addresses: string[];
  master: string | null;
}

/**
 * A `docker run --link a:alias`: on a container, an /etc/hosts entry for `a` (the default
 * bridge); on an endpoint, a name the embedded DNS answers with `a`'s address on that
 * network, to this container alone.
 */
export interface ContainerLink {
  /** The linked container's node id (`container:<64 hex>`), or its name when no container read has it. */
  container: string;
  alias: string;
}

export interface ContainerNode extends NodeBase {
  kind: 'container';
  name: string;
  image: string;
  state: string;
  networkMode: string;
  pid: number;
  netns: string | null;
  shortId: string;
  labels: Record<string, string>;
  /** HostConfig.Links; absent in documents written before links were modelled. */
  links?: ContainerLink[];
}

export interface Subnet {
  subnet: string;
  gateway: string | null;
}

export interface NetworkNode extends NodeBase {
  kind: 'network';
  name: string;
  driver: string;
  internal: boolean;
  subnets: Subnet[];
  bridge: string | null;
  icc: boolean;
  scope: string;
  ipv6: boolean;
  attachable: boolean;
  /** Docker's embedded DNS (127.0.0.11) serves user-defined networks, not the default bridge. */
  embeddedDns: boolean;
  /** The Linux bridge's name for bridge networks (docker0, br-<12 hex>), else null. */
  bridgeName: string | null;
  /** The parent link of macvlan/ipvlan networks, else null. */
  parentName: string | null;
  /** The `com.docker.network.driver.mtu` option, or null when the network uses the default. */
  mtu: number | null;
  options: Record<string, string>;
  labels: Record<string, string>;
}

export interface PortNode extends NodeBase {
  kind: 'port';
  proto: string;
  hostIp: string;
  hostPort: number;
  container: string;
  containerPort: number;
  rule: string | null;
}

/** What a rule matches, parsed (docs/model.md); a `…Negated` flag turns its field into "all but". */
export interface RuleMatch {
  proto: string | null;
  /** `! -p udp`: the protocol excluded. */
  protoNot: string | null;
  source: string | null;
  sourceNegated: boolean;
  destination: string | null;
  destinationNegated: boolean;
  inIface: string | null;
  inIfaceNegated: boolean;
  outIface: string | null;
  outIfaceNegated: boolean;
  /** "8080" or "9000:9002". */
  dport: string | null;
  dportNot: string | null;
  sport: string | null;
  /** Conntrack states, upper case (NEW, ESTABLISHED, RELATED, INVALID, …). */
  ctstate: string[] | null;
  ctstateNegated: boolean;
  /** addrtype: LOCAL, UNICAST, BROADCAST, … */
  srcType: string | null;
  srcTypeNegated: boolean;
  dstType: string | null;
  dstTypeNegated: boolean;
}

export interface FirewallRuleFields {
  table: string;
  chain: string;
  /** 1-based position within the chain, as `iptables -L --line-numbers` counts. */
  index: number;
  target: string;
  /** The rule as `iptables -S` prints it. */
  text: string;
  /** Absent in documents written before the matches were modelled. */
  match?: RuleMatch;
  /** `-g`: when the target chain ends, the packet does not come back to this chain. */
  goto?: boolean;
  /** DNAT's --to-destination / SNAT's --to-source. */
  toDestination?: string | null;
  toSource?: string | null;
}

export interface NatRuleNode extends NodeBase, FirewallRuleFields {
  kind: 'nat-rule';
}

export interface FilterRuleNode extends NodeBase, FirewallRuleFields {
  kind: 'filter-rule';
}

export type TopologyNode =
  NetnsNode | InterfaceNode | ContainerNode | NetworkNode | PortNode | NatRuleNode | FilterRuleNode;

export type NodeKind = TopologyNode['kind'];

interface EdgeBase {
  id: string;
  source: string;
  target: string;
}

export interface VethEdge extends EdgeBase {
  kind: 'veth';
}
export interface BridgePortEdge extends EdgeBase {
  kind: 'bridge-port';
}
export interface EndpointEdge extends EdgeBase {
  kind: 'endpoint';
  /** The container-side interface node id; null when the container is not running. */
  interface: string | null;
  ipv4: string | null;
  ipv6: string | null;
  mac: string | null;
  aliases: string[];
  /** Names Docker's embedded DNS answers for this endpoint. */
  dnsNames: string[];
  /** Links on a user-defined network; absent in documents written before they were modelled. */
  links?: ContainerLink[];
  gateway: string | null;
  endpointId: string | null;
}
export interface UsesNetnsEdge extends EdgeBase {
  kind: 'uses-netns';
}
export interface MasqueradeEdge extends EdgeBase {
  kind: 'masquerade';
  subnet: string;
}
export interface PublishesEdge extends EdgeBase {
  kind: 'publishes';
}
/** A sub-interface (macvlan, ipvlan, vlan, vxlan) to the link it is built on. */
export interface LowerEdge extends EdgeBase {
  kind: 'lower';
}
/** A filter rule to the bridge interface it matches by -i/-o. */
export interface FiltersEdge extends EdgeBase {
  kind: 'filters';
}
/** A DNAT rule to the port node it implements. */
export interface ImplementsEdge extends EdgeBase {
  kind: 'dnat';
}

export type TopologyEdge =
  | VethEdge
  | BridgePortEdge
  | EndpointEdge
  | UsesNetnsEdge
  | MasqueradeEdge
  | PublishesEdge
  | LowerEdge
  | FiltersEdge
  | ImplementsEdge;

export type EdgeKind = TopologyEdge['kind'];
