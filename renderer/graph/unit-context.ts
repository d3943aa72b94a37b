import type { TopologyIndex } from '../../core/common/topology-index.js';
import type { ContainerNode, Facets, Topology } from '../../core/model/types.js';
import { containerClasses, containerColours } from './element-helpers.js';
import type { ViewName } from '../store/types.js';
import type { GraphEdge, GraphEdgeKind, GraphElement, GraphNode, GraphNodeKind } from './element-data.js';

/**
 * What building one unit (the graph elements drawing one model element) may read. Units
 * are built one model id at a time, so a delta rebuilds only the units it touched; every
 * input a unit reads is here, which is what lets `unit-dependents.ts` say who depends on what.
 */
export interface UnitContext {
  index: TopologyIndex;
  view: ViewName;
  /** The filters' verdict for a model node id. */
  shown: (id: string) => boolean;
  /** Whether a node unit drew a node with this id (kernel edges need both ends drawn). */
  placed: (id: string) => boolean;
  topology: Pick<Topology, 'host' | 'facets'>;
}

/** Which drawn nodes stand where an unread facet leaves a hole ("?" badge). */
export function facetsMissingAt(facets: Facets, view: ViewName, kind: GraphNodeKind): (keyof Facets)[] {
  const missing = (['docker', 'kernel', 'firewall'] as const).filter((f) => !facets[f].ok);
  if (missing.length === 0) return [];
  if (view === 'kernel') return kind === 'host' ? missing : [];
  if (kind === 'network') return missing.filter((f) => f === 'kernel');
  if (kind === 'port') return missing.filter((f) => f === 'firewall');
  return [];
}

/**
 * The finishing touch every node gets: the missing-facet badge. (Second label lines are
 * given only where the rack keeps room for them: a network's gateway over its box.)
 */
export function finishNode(n: GraphNode, ctx: UnitContext): GraphNode {
  if (facetsMissingAt(ctx.topology.facets, ctx.view, n.data.kind).length > 0) {
    n.data.label = `? ${n.data.label}`;
    if (n.data.detailLabel !== undefined) n.data.detailLabel = `? ${n.data.detailLabel}`;
    n.classes = `${n.classes} facet-missing`;
  }
  return n;
}

/** A container as either view draws it: a node in the Docker view, a badge in its box in the kernel view. */
export function containerNode(
  ctx: UnitContext,
  c: ContainerNode,
  kind: 'container' | 'badge',
  parent?: string,
): GraphNode {
  return finishNode(
    {
      group: 'nodes',
      data: {
        id: c.id,
        kind: 'container',
        label: c.name,
        modelId: c.id,
        state: c.state,
        ...containerColours(ctx.index, c.id),
        detail: `${c.image} · ${c.shortId}`,
        partition: 2,
        role: null,
        ...(parent ? { parent } : {}),
      },
      classes: [kind, ...containerClasses(c)].join(' '),
    },
    ctx,
  );
}

export function graphEdge(
  id: string,
  kind: GraphEdgeKind,
  source: string,
  target: string,
  state: string,
  colours: { color?: string | null; colorDark?: string | null },
  sourceLabel: string,
  targetLabel: string,
  modelId = id,
): GraphEdge {
  return {
    group: 'edges',
    data: {
      id,
      kind,
      source,
      target,
      label: '',
      modelId,
      state,
      color: colours.color ?? null,
      colorDark: colours.colorDark ?? null,
      sourceLabel,
      targetLabel,
    },
    classes: `${kind} ${state}`,
  };
}

export type Unit = GraphElement[];
