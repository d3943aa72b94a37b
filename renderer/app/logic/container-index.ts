import type { DeltaMessage } from '../../../core/protocol/messages.js';
import type { ContainerNode, EndpointEdge, Topology, TopologyEdge, TopologyNode } from '../../../core/model/types.js';

export interface ContainerAddress {
  network: string;
  /** CIDR form, as the endpoint carries it; null when the container is not running. */
  ipv4: string | null;
}

/** One line of the container list. */
export interface ContainerRow {
  id: string;
  name: string;
  image: string;
  state: string;
  shortId: string;
  networkMode: string;
  /** Sorted by network name, so a row never reshuffles between updates. */
  addresses: ContainerAddress[];
}

/** Numbers inside names sort as numbers: web-2 before web-10. */
const collator = new Intl.Collator('en', { numeric: true });

/** Name first, id to break ties: a stable order the list keeps across deltas. */
export function compareRows(a: Pick<ContainerRow, 'name' | 'id'>, b: Pick<ContainerRow, 'name' | 'id'>): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const addToSet = (map: Map<string, Set<string>>, key: string, value: string): void => {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
};

/**
 * Containers with their endpoints, kept current from deltas so the list can re-render
 * only the rows a delta touched.
 */
export class ContainerIndex {
  private readonly containers = new Map<string, ContainerNode>();
  private readonly networkNames = new Map<string, string>();
  private readonly endpoints = new Map<string, EndpointEdge>();
  /** Container id → its endpoint edge ids. */
  private readonly byContainer = new Map<string, Set<string>>();
  /** Network id → endpoint edge ids on it. */
  private readonly byNetwork = new Map<string, Set<string>>();

  reset(topology: Topology): void {
    this.containers.clear();
    this.networkNames.clear();
    this.endpoints.clear();
    this.byContainer.clear();
    this.byNetwork.clear();
    const ignored = new Set<string>();
    for (const n of topology.nodes) this.putNode(n, ignored);
    for (const e of topology.edges) this.putEdge(e, ignored);
  }

  /** Applies a delta; returns the ids of containers whose row changed, appeared or went. */
  apply(delta: DeltaMessage): Set<string> {
    const touched = new Set<string>();
    for (const id of delta.remove.edges) this.dropEdge(id, touched);
    for (const id of delta.remove.nodes) this.dropNode(id, touched);
    for (const n of [...delta.add.nodes, ...delta.update.nodes]) this.putNode(n, touched);
    for (const e of [...delta.add.edges, ...delta.update.edges]) this.putEdge(e, touched);
    return touched;
  }

  get size(): number {
    return this.containers.size;
  }

  row(id: string): ContainerRow | null {
    const c = this.containers.get(id);
    if (!c) return null;
    const addresses = [...(this.byContainer.get(id) ?? [])]
      .flatMap((edgeId) => {
        const e = this.endpoints.get(edgeId);
        return e ? [{ network: this.networkNames.get(e.target) ?? e.target, ipv4: e.ipv4 }] : [];
      })
      .sort((a, b) => collator.compare(a.network, b.network));
    return {
      id,
      name: c.name,
      image: c.image,
      state: c.state,
      shortId: c.shortId,
      networkMode: c.networkMode,
      addresses,
    };
  }

  rows(): ContainerRow[] {
    return [...this.containers.keys()].map((id) => this.row(id) as ContainerRow).sort(compareRows);
  }

  private putNode(n: TopologyNode, touched: Set<string>): void {
    if (n.kind === 'container') {
      this.containers.set(n.id, n);
      touched.add(n.id);
    } else if (n.kind === 'network') {
      const before = this.networkNames.get(n.id);
      this.networkNames.set(n.id, n.name);
      if (before !== undefined && before !== n.name) this.touchNetwork(n.id, touched);
    }
  }

  private dropNode(id: string, touched: Set<string>): void {
    if (this.containers.delete(id)) touched.add(id);
    if (this.networkNames.delete(id)) this.touchNetwork(id, touched);
  }

  private putEdge(e: TopologyEdge, touched: Set<string>): void {
    this.dropEdge(e.id, touched);
    if (e.kind !== 'endpoint') return;
    this.endpoints.set(e.id, e);
    addToSet(this.byContainer, e.source, e.id);
    addToSet(this.byNetwork, e.target, e.id);
    touched.add(e.source);
  }

  private dropEdge(id: string, touched: Set<string>): void {
    const e = this.endpoints.get(id);
    if (!e) return;
    this.endpoints.delete(id);
    this.byContainer.get(e.source)?.delete(id);
    this.byNetwork.get(e.target)?.delete(id);
    touched.add(e.source);
  }

  private touchNetwork(networkId: string, touched: Set<string>): void {
    for (const edgeId of this.byNetwork.get(networkId) ?? []) {
      const e = this.endpoints.get(edgeId);
      if (e) touched.add(e.source);
    }
  }
}
