import { TopologyIndex } from '../../core/common/topology-index.js';
import type { Topology } from '../../core/model/types.js';
import type { Filters, ViewName } from '../store/types.js';
import type { GraphElement } from './element-data.js';
import { ViewElements } from './view-elements.js';

export { facetsMissingAt } from './unit-context.js';

/**
 * The cytoscape elements for one view of the topology, built from scratch. Element ids are
 * model ids (Kiali-style) so a delta patches the graph by id, and the output is sorted so
 * the same topology always gives the same list. The live graph keeps a ViewElements and
 * patches it per delta instead; this is the full rebuild it must always agree with.
 */
export function toGraphElements(topology: Topology, view: ViewName, filters: Filters): GraphElement[] {
  return new ViewElements(new TopologyIndex(topology), view, filters).list();
}

export const toElements = toGraphElements;
