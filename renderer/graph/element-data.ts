import type { ElementDefinition } from 'cytoscape';

/** Graph node kinds: the model's, plus the host box, Docker-view endpoints and the outside world. */
export type GraphNodeKind =
  | 'host'
  | 'netns'
  | 'interface'
  | 'container'
  | 'network'
  | 'endpoint'
  | 'port'
  | 'nat-rule'
  | 'filter-rule'
  | 'outside'
  /** A collapsed network or bridge of the overview, standing for the containers behind it. */
  | 'cluster';

export type GraphEdgeKind =
  | 'veth'
  | 'bridge-port'
  | 'endpoint'
  | 'masquerade'
  | 'publishes'
  | 'dnat'
  | 'lower'
  | 'filters'
  | 'uplink'
  | 'shares-netns'
  /** A collapsed group's head (network box, bus bar) to its cluster. */
  | 'bundle';

/** Interface roles drawn differently (docs/visual.md, Nodes). */
export type InterfaceRole = 'veth' | 'bridge' | 'nic' | 'lo' | 'sub' | 'other';

/** Fields every graph element carries, for the stylesheet and the inspector. */
export interface CommonData {
  id: string;
  label: string;
  /** The model element this one draws (a node or edge id of the topology). */
  modelId: string;
  /** `up`/`down` for links, the container state for containers, else `ok`. */
  state: string;
  /** Network colour for light and dark themes (null: the kind's own colour). */
  color: string | null;
  colorDark: string | null;
}

export interface GraphNodeData extends CommonData {
  kind: GraphNodeKind;
  parent?: string;
  /** Second-tier text for tooltips and high zoom (addresses, image, gateway). */
  detail: string;
  /** Label and detail on two lines, shown from zoom 1 up (the "detail" label tier). */
  detailLabel?: string;
  /** Rack layer: 0 outside/NIC, 1 bridges, 2 boxes (docs/visual.md, The rack). */
  partition: number;
  role: InterfaceRole | null;
  /** A cluster's group head: the network or bridge it stands for. */
  head?: string;
}

export interface GraphEdgeData extends CommonData {
  kind: GraphEdgeKind;
  source: string;
  target: string;
  sourceLabel: string;
  targetLabel: string;
}

export interface GraphNode extends ElementDefinition {
  group: 'nodes';
  data: GraphNodeData;
  classes: string;
}

export interface GraphEdge extends ElementDefinition {
  group: 'edges';
  data: GraphEdgeData;
  classes: string;
}

export type GraphElement = GraphNode | GraphEdge;

export const OUTSIDE_ID = 'outside';

/** Ids of graph elements that draw a model element under an id of their own (Docker view). */
export const derivedId = {
  link: (endpointId: string): string => `link:${endpointId}`,
  plug: (portId: string): string => `plug:${portId}`,
  sharesNetns: (containerId: string): string => `shares-netns:${containerId}`,
  uplink: (nicId: string): string => `uplink:${nicId}`,
} as const;

/** Every graph id that may draw a model element: its own, and the derived ones. */
export const drawnIds = (modelId: string): string[] => [
  modelId,
  derivedId.link(modelId),
  derivedId.plug(modelId),
  derivedId.sharesNetns(modelId),
];
