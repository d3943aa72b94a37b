import type {
  ContainerNode,
  FilterRuleNode,
  InterfaceNode,
  NatRuleNode,
  NetnsNode,
  NetworkNode,
  PortNode,
  Topology,
} from '../../../core/model/types.js';
import { TopologyIndex } from '../../../core/common/topology-index.js';
import { visibleIds } from '../../store/filters.js';
import { searchTopology } from '../../store/search.js';
import type { Filters, ViewName } from '../../store/types.js';
import type { Translations } from '../../i18n/resources.js';
import { withOwningContainers } from './search-owners.js';

/**
 * The table view: the graph's facts as rows, the equivalent a screen reader or a person
 * who prefers lists gets (docs/visual.md, Interaction). Each table lists the kinds one view
 * draws, honours the same filters, and marks the rows search finds. Cells are plain
 * strings; column titles are i18n keys.
 */
export interface TableRow {
  /** Model id: selecting the row selects this element. */
  id: string;
  cells: string[];
  /** Container state, interface up/down, or 'ok'. */
  state: string;
  hit: boolean;
}

export interface Table {
  key: 'containers' | 'networks' | 'namespaces' | 'interfaces' | 'rules' | 'ports';
  /** i18n keys of the column titles. */
  columns: `table.${keyof Translations['table']}`[];
  rows: TableRow[];
}

const collator = new Intl.Collator('en', { numeric: true });
const by =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number =>
    collator.compare(key(a), key(b));

const bare = (cidr: string | null): string => (cidr ?? '').split('/')[0] ?? '';
const portText = (p: PortNode): string =>
  `${p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp}:${p.hostPort}→${p.containerPort}/${p.proto}`;

export function buildTables(topology: Topology, view: ViewName, filters: Filters, search: string): Table[] {
  const visible = visibleIds(topology, filters);
  // An address search marks the container that owns the address too, as the search box lists it.
  const hits = new Set(
    search.trim() === '' ? [] : withOwningContainers(searchTopology(topology, search), topology).map((r) => r.id),
  );
  const nodes = topology.nodes.filter((n) => visible.has(n.id));
  // The graph's own lookups, so a table names a namespace exactly as the graph's box does.
  const index = TopologyIndex.of(topology);
  const row = (id: string, cells: string[], state = 'ok'): TableRow => ({ id, cells, state, hit: hits.has(id) });
  const nameOf = (id: string | null): string => {
    const n = index.node(id);
    return n && 'name' in n && typeof n.name === 'string' ? n.name : '';
  };

  const ports = nodes.filter((n): n is PortNode => n.kind === 'port').sort(by((p) => `${p.hostPort}`));
  const portsTable: Table = {
    key: 'ports',
    columns: ['table.port', 'table.container', 'table.rule'],
    rows: ports.map((p) => row(p.id, [portText(p), nameOf(p.container), p.rule ?? 'docker-proxy'])),
  };

  if (view === 'docker') {
    const containers = nodes.filter((n): n is ContainerNode => n.kind === 'container').sort(by((c) => c.name));
    const networks = nodes.filter((n): n is NetworkNode => n.kind === 'network').sort(by((n) => n.name));
    const epOf = (c: ContainerNode): string =>
      index
        .endpointsOf(c.id)
        .map((e) => {
          const ip = bare(e.ipv4) || bare(e.ipv6);
          return ip ? `${nameOf(e.target)} ${ip}` : nameOf(e.target);
        })
        .sort(collator.compare)
        .join(', ');
    const portsOf = (c: ContainerNode): string =>
      ports
        .filter((p) => p.container === c.id)
        .map(portText)
        .join(', ');
    const count = (n: NetworkNode): number => index.endpointsOn(n.id).length;
    return [
      {
        key: 'containers',
        columns: ['table.name', 'table.state', 'table.mode', 'table.networks', 'table.ports', 'table.image'],
        rows: containers.map((c) => row(c.id, [c.name, c.state, c.networkMode, epOf(c), portsOf(c), c.image], c.state)),
      },
      {
        key: 'networks',
        columns: [
          'table.name',
          'table.driver',
          'table.subnet',
          'table.gateway',
          'table.bridge',
          'table.flags',
          'table.count',
        ],
        rows: networks.map((n) =>
          row(n.id, [
            n.name,
            n.driver,
            n.subnets.map((s) => s.subnet).join(', '),
            n.subnets
              .map((s) => s.gateway)
              .filter((g): g is string => g !== null)
              .join(', '),
            n.bridgeName ?? n.parentName ?? '',
            [n.internal ? 'internal' : '', n.icc ? '' : 'icc=false', n.embeddedDns ? 'dns' : '']
              .filter((f) => f !== '')
              .join(' '),
            String(count(n)),
          ]),
        ),
      },
      portsTable,
    ];
  }

  const netns = nodes.filter((n): n is NetnsNode => n.kind === 'netns');
  const interfaces = nodes.filter((n): n is InterfaceNode => n.kind === 'interface');
  const nsName = (ns: NetnsNode | undefined): string => {
    if (!ns) return '';
    if (ns.host) return topology.host.hostname;
    const users = index.usersOf(ns.id);
    return users.length > 0 ? users.map((c) => c.name).join(' + ') : (ns.name ?? `netns ${ns.inode}`);
  };
  const ifCount = new Map<string, number>();
  for (const i of interfaces) ifCount.set(i.parent, (ifCount.get(i.parent) ?? 0) + 1);
  const nsSorted = [...netns].sort((a, b) => Number(b.host) - Number(a.host) || collator.compare(nsName(a), nsName(b)));
  const nsRank = new Map(nsSorted.map((n, i) => [n.id, i]));
  const ifSorted = [...interfaces].sort(
    (a, b) => (nsRank.get(a.parent) ?? 0) - (nsRank.get(b.parent) ?? 0) || collator.compare(a.name, b.name),
  );
  const rules = nodes
    .filter((n): n is NatRuleNode | FilterRuleNode => n.kind === 'nat-rule' || n.kind === 'filter-rule')
    .sort(by((r) => `${r.table} ${r.chain} ${String(r.index).padStart(4, '0')}`));
  return [
    {
      key: 'namespaces',
      columns: ['table.namespace', 'table.kind', 'table.interfaces', 'table.defaultRoute'],
      rows: nsSorted.map((n) =>
        row(n.id, [
          nsName(n),
          n.host
            ? 'host'
            : index.usersOf(n.id).length > 0
              ? 'docker'
              : n.name !== null
                ? `ip netns ${n.name}`
                : 'netns',
          String(ifCount.get(n.id) ?? 0),
          n.routes
            .filter((r) => r.dst === 'default')
            .map((r) => [r.gateway ? `via ${r.gateway}` : '', r.dev ? nameOf(r.dev) : ''].filter(Boolean).join(' dev '))
            .join(', '),
        ]),
      ),
    },
    {
      key: 'interfaces',
      columns: [
        'table.name',
        'table.namespace',
        'table.type',
        'table.state',
        'table.addresses',
        'table.peer',
        'table.master',
      ],
      rows: ifSorted.map((i) => {
        const pIf = index.vethPeer(i.id);
        const peerText = pIf ? `${pIf.name} (${nsName(index.netnsNode(pIf.parent))})` : '';
        return row(
          i.id,
          [
            i.name,
            nsName(index.netnsNode(i.parent)),
            i.type,
            i.operstate,
            i.addresses.join(' '),
            peerText,
            nameOf(i.master),
          ],
          i.up ? 'up' : 'down',
        );
      }),
    },
    {
      key: 'rules',
      columns: ['table.table', 'table.chain', 'table.rule'],
      rows: rules.map((r) => row(r.id, [r.table, `${r.chain} #${r.index}`, r.text])),
    },
    portsTable,
  ];
}
