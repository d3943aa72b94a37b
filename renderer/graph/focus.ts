import type { Collection, Core, SingularElementArgument } from 'cytoscape';

/** Edge kinds a packet follows on its way out; the hover path walks only these. */
const PATH_KINDS = new Set(['veth', 'bridge-port', 'endpoint', 'lower', 'uplink', 'publishes', 'masquerade']);

/**
 * What stays bright when hovering an element (docs/visual.md, principle 5): its closed
 * neighbourhood, its children and ancestors, the veth peer, and the path along cables
 * and bridges up to the host NIC and the outside.
 */
export function focusSet(cy: Core, ele: SingularElementArgument): Collection {
  let keep = cy.collection().union(ele);
  if (ele.isEdge()) keep = keep.union(ele.connectedNodes());
  else keep = keep.union(ele.closedNeighborhood()).union(ele.descendants());

  // Walk outwards along packet paths from the element (and what it contains).
  let frontier = keep.nodes();
  const seen = new Set(frontier.map((n) => n.id()));
  for (let step = 0; step < 8 && frontier.nonempty(); step++) {
    let next = cy.collection();
    frontier.connectedEdges().forEach((e) => {
      if (!PATH_KINDS.has(String(e.data('kind')))) return;
      // Bridge ports fan out to every container: go up to the bridge, never back down.
      if (e.data('kind') === 'bridge-port' && frontier.contains(e.target())) return;
      keep = keep.union(e);
      e.connectedNodes().forEach((n) => {
        if (seen.has(n.id())) return;
        seen.add(n.id());
        next = next.union(n);
      });
    });
    keep = keep.union(next);
    frontier = next;
  }
  // A bridge reaches the world through the host's NICs.
  if (keep.nodes('[role = "bridge"]').nonempty()) {
    const nics = cy.nodes('[role = "nic"]');
    keep = keep.union(nics).union(nics.connectedEdges('[kind = "uplink"]')).union(cy.nodes('[kind = "outside"]'));
  }
  return keep.union(keep.nodes().ancestors());
}

/**
 * Dims everything but what stays bright; boxes dim less in the stylesheet. `path` (graph
 * elements on a container's way, path.ts) replaces the canvas's own neighbourhood walk
 * where the model knows the way better.
 */
export function applyHover(cy: Core, ele: SingularElementArgument | null, path: Collection | null = null): void {
  cy.batch(() => {
    cy.elements().removeClass('hover-dim highlight');
    if (ele === null || ele.removed()) return;
    const keep = path ? path.union(ele).union(path.nodes().ancestors()) : focusSet(cy, ele);
    cy.elements().difference(keep).addClass('hover-dim');
    keep.addClass('highlight');
  });
}
