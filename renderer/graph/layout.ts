import type { Collection, Core, LayoutOptions, NodeSingular } from 'cytoscape';
import cytoscape from 'cytoscape';
import elk from 'cytoscape-elk';
import fcose from 'cytoscape-fcose';
import type { ViewName } from '../store/types.js';
import type { Positions } from './positions.js';

let registered = false;

/** Registers the layout extensions once (cytoscape keeps them globally). */
export function registerLayouts(): void {
  if (registered) return;
  registered = true;
  cytoscape.use(elk);
  cytoscape.use(fcose);
}

/** The rack (VISUAL.md Layout): ELK layered, top to bottom, partitions per layer. */
export function kernelLayout(animate: boolean): LayoutOptions {
  return {
    name: 'elk',
    animate,
    animationDuration: 300,
    fit: true,
    padding: 30,
    nodeDimensionsIncludeLabels: true,
    elk: {
      algorithm: 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.partitioning.activate': true,
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.spacing.nodeNode': 24,
      'elk.layered.spacing.nodeNodeBetweenLayers': 40,
    },
    nodeLayoutOptions: (node: NodeSingular) => ({ 'elk.partitioning.partition': Number(node.data('partition') ?? 2) }),
  } as unknown as LayoutOptions;
}

/**
 * Docker view: force-directed with the network boxes in a row. fcose constrains plain
 * nodes only, so each box is aligned through its first endpoint (VISUAL.md).
 */
export function dockerLayout(cy: Core, animate: boolean): LayoutOptions {
  const anchors = cy
    .nodes('[kind = "network"]')
    .map((n) => n.children().first())
    .filter((c) => c.nonempty())
    .map((c) => c.id());
  return {
    name: 'fcose',
    quality: 'default',
    animate,
    animationDuration: 300,
    fit: true,
    padding: 30,
    nodeDimensionsIncludeLabels: true,
    nodeRepulsion: 6000,
    idealEdgeLength: 70,
    ...(anchors.length > 1 ? { alignmentConstraint: { horizontal: [anchors] } } : {}),
  } as unknown as LayoutOptions;
}

export function viewLayout(cy: Core, view: ViewName, animate: boolean): LayoutOptions {
  return view === 'kernel' ? kernelLayout(animate) : dockerLayout(cy, animate);
}

/** Full layout, then the user's saved drags on top. */
export function relayout(cy: Core, view: ViewName, saved: Positions = {}, animate = false): Promise<void> {
  return new Promise((resolve) => {
    const layout = cy.layout(viewLayout(cy, view, animate));
    layout.one('layoutstop', () => {
      applyPositions(cy, saved);
      resolve();
    });
    try {
      layout.run();
    } catch (err) {
      console.warn('netloom: layout failed, keeping positions', err);
      resolve();
    }
  });
}

/**
 * Lays out only what is new: the added nodes (already placed next to their neighbours by
 * applyElementDiff) are nudged by fcose while every existing node stays fixed.
 */
export function layoutAdded(cy: Core, added: Collection): void {
  const nodes = added.nodes().filter((n) => !n.isParent());
  if (nodes.empty()) return;
  const around = nodes
    .union(nodes.neighborhood().nodes())
    .nodes()
    .filter((n) => !n.isParent());
  const fixed = around
    .difference(nodes)
    .nodes()
    .map((n) => ({ nodeId: n.id(), position: { ...n.position() } }));
  try {
    around
      .layout({
        name: 'fcose',
        randomize: false,
        quality: 'proof',
        animate: false,
        fit: false,
        nodeDimensionsIncludeLabels: true,
        fixedNodeConstraint: fixed,
      } as unknown as LayoutOptions)
      .run();
  } catch {
    // The anchor placement from applyElementDiff is a fine fallback.
  }
}

export function applyPositions(cy: Core, saved: Positions): void {
  cy.batch(() => {
    for (const [id, p] of Object.entries(saved)) {
      const n = cy.getElementById(id);
      if (n.nonempty() && n.isNode() && !n.isParent()) n.position(p);
    }
  });
}

/** Positions of plain nodes (boxes follow their children). */
export function currentPositions(cy: Core | Collection): Positions {
  const out: Positions = {};
  const nodes = 'nodes' in cy ? cy.nodes() : cy;
  nodes.forEach((n) => {
    if (n.isNode() && !n.isParent()) out[n.id()] = { ...n.position() };
  });
  return out;
}

export function fit(cy: Core, eles?: Collection): void {
  cy.animate({ fit: { eles: eles ?? cy.elements(), padding: 30 }, duration: 250 });
}
