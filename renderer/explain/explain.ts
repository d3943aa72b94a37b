import { TopologyIndex } from '../../core/common/topology-index.js';
import type { Topology, TopologyEdge, TopologyNode } from '../../core/model/types.js';
import { translator } from '../i18n/instance.js';
import type { Language } from '../store/types.js';
import { buildContext } from './context.js';
import { containerExplanation, networkExplanation, portExplanation } from './explain-docker.js';
import { edgeExplanation } from './explain-edges.js';
import { interfaceExplanation, netnsExplanation } from './explain-kernel.js';
import { ruleExplanation } from './explain-rules.js';
import type { Explanation } from './format.js';

export { portBinding, type Explanation, type Fact } from './format.js';

export type Element = TopologyNode | TopologyEdge;

/** Finds a node or edge by model id. */
export function findElement(topology: Topology, id: string): Element | undefined {
  const index = TopologyIndex.of(topology);
  return index.node(id) ?? index.edge(id);
}

export const isEdge = (el: Element): el is TopologyEdge => 'source' in el && 'target' in el;

/**
 * Says what an element is, in the given language, whatever language the app shows: the
 * words come from the app's i18next resources through a `t` fixed to that language.
 */
export function explain(element: Element, topology: Topology, lang: Language): Explanation {
  const t = translator(lang);
  const ctx = buildContext(topology);
  if (isEdge(element)) return edgeExplanation(element, ctx, t);
  switch (element.kind) {
    case 'netns':
      return netnsExplanation(element, ctx, t);
    case 'interface':
      return interfaceExplanation(element, ctx, t);
    case 'container':
      return containerExplanation(element, ctx, t);
    case 'network':
      return networkExplanation(element, ctx, t);
    case 'port':
      return portExplanation(element, ctx, t);
    case 'nat-rule':
    case 'filter-rule':
      return ruleExplanation(element, ctx, t);
  }
}
