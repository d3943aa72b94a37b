import type { Core, EventObject, NodeCollection, NodeSingular, Position } from 'cytoscape';
import { TopologyIndex } from '../../core/common/topology-index.js';
import { canJoinNetworks, containerOfNetns, controlTarget } from '../control/targets.js';
import type { AppStore } from '../store/app-store.js';
import { controlsShown } from '../store/commands.js';

/** How far (screen px) past a network's box an endpoint must go to count as dragged off it. */
const OFF_MARGIN = 24;
/** A bridge's bar is thin: a drop this close above or below it still lands on it. */
const BAR_SLACK = 14;

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const inside = (p: Position, b: Box, slack = 0): boolean =>
  p.x >= b.x1 - slack && p.x <= b.x2 + slack && p.y >= b.y1 - slack && p.y <= b.y2 + slack;

/** What a grab started, if it is a control gesture. */
type Gesture =
  | { kind: 'connect'; node: NodeSingular; container: string }
  | { kind: 'disconnect'; node: NodeSingular; container: string; network: string; box: Box };

interface Grab {
  gesture: Gesture;
  /** Where everything that moves was, to put it back after a drop that acts. */
  positions: Map<string, Position>;
  /** Cable bends the drag drops (graph-interactions straightens moved cables). */
  bends: Map<string, { segW: unknown; segD: unknown }>;
  /** The pointer at the grab: a press that barely moved is a click, not a drop. */
  from: Position | null;
}

/** Below this many screen px of pointer travel a grab is a click. */
const CLICK_SLOP = 6;

/** The model id a drawn node stands for. */
const modelOf = (n: NodeSingular): string => String(n.data('modelId') ?? n.id());

/**
 * Control by dragging (docs/control.md): a container dropped on a network (its box in the
 * Docker view, its bridge's bar in the kernel view, or its cluster) opens the Connect
 * dialog; an endpoint dragged off its network opens Disconnect. Either way the dragged
 * element goes back where it was: the graph shows the host, and the dialog decides.
 * Hit-testing uses the pointer, not the dragged box, since that is where people aim.
 */
export function bindDragControl(cy: Core, store: AppStore, container: HTMLElement): () => void {
  let grab: Grab | null = null;
  let pointer: Position | null = null;
  let marked: NodeCollection = cy.collection();

  const index = (): TopologyIndex | null => {
    const t = store.getState().topology;
    return t ? TopologyIndex.of(t) : null;
  };

  const onPointer = (e: PointerEvent): void => {
    const r = container.getBoundingClientRect();
    pointer = { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const gestureOf = (node: NodeSingular): Gesture | null => {
    const idx = index();
    if (!idx || !controlsShown(store.getState())) return null;
    const kind = node.data('kind') as string;
    if (kind === 'endpoint' || kind === 'interface') {
      const t = controlTarget(idx, modelOf(node));
      const parent = node.parent();
      if (t.kind !== 'endpoint' || parent.empty()) return null;
      const box = parent.renderedBoundingBox({ includeLabels: false });
      return { kind: 'disconnect', node, container: t.container.id, network: t.network.id, box };
    }
    const c =
      kind === 'container'
        ? idx.container(modelOf(node))
        : kind === 'netns'
          ? containerOfNetns(idx, modelOf(node))
          : undefined;
    return c && canJoinNetworks(c) ? { kind: 'connect', node, container: c.id } : null;
  };

  /** The network under the pointer: a network box, a bridge's bar, or a cluster of either. */
  const networkAt = (p: Position): string | null => {
    const idx = index();
    if (!idx) return null;
    const area = (n: NodeSingular): number => {
      const b = n.renderedBoundingBox({ includeLabels: false });
      return b.w * b.h;
    };
    // The smallest box under the pointer is the one aimed at (a bar inside the host's box).
    const hits = cy
      .nodes('[kind = "network"], [role = "bridge"], [kind = "cluster"]')
      .filter((n) => !n.same(grab?.gesture.node ?? cy.collection()))
      .filter((n) =>
        inside(p, n.renderedBoundingBox({ includeLabels: true }), n.data('role') === 'bridge' ? BAR_SLACK : 0),
      )
      .toArray() as NodeSingular[];
    const hit = hits.sort((a, b) => area(a) - area(b))[0];
    if (!hit) return null;
    const id = (hit.data('head') as string | undefined) ?? modelOf(hit);
    const t = controlTarget(idx, id);
    return t.kind === 'network' ? t.network.id : null;
  };

  const mark = (nodes: NodeCollection, cls: string): void => {
    marked.removeClass('drop-target drop-off');
    nodes.addClass(cls);
    marked = nodes;
  };

  const drawnNetwork = (networkId: string): NodeCollection => {
    const idx = index();
    const bridge = idx?.network(networkId)?.bridge;
    return cy
      .nodes()
      .filter((n) => modelOf(n) === networkId || (bridge !== null && modelOf(n) === bridge))
      .nodes();
  };

  const onGrab = (ev: EventObject): void => {
    const node = ev.target as NodeSingular;
    const gesture = gestureOf(node);
    if (!gesture) {
      grab = null;
      return;
    }
    const moving = node.union(node.descendants());
    const positions = new Map(moving.nodes().map((n) => [n.id(), { ...n.position() }] as const));
    const bends = new Map(
      moving
        .connectedEdges('[segW]')
        .map((e) => [e.id(), { segW: e.data('segW') as unknown, segD: e.data('segD') as unknown }] as const),
    );
    // Bubbling and compound drags announce one grab more than once: the first one counts.
    if (grab?.gesture.node.same(node)) return;
    grab = { gesture, positions, bends, from: pointer };
  };

  const onDrag = (): void => {
    if (!grab || !pointer) return;
    const g = grab.gesture;
    if (g.kind === 'connect') {
      const net = networkAt(pointer);
      const idx = index();
      const already = net !== null && idx?.endpointsOf(g.container).some((e) => e.target === net);
      mark(net && !already ? drawnNetwork(net) : cy.collection(), 'drop-target');
    } else {
      mark(inside(pointer, g.box, OFF_MARGIN) ? cy.collection() : g.node, 'drop-off');
    }
  };

  /** Puts the dragged element back, bends and all, marked so the move is not remembered. */
  const putBack = (g: Grab): void => {
    cy.batch(() => {
      for (const [id, p] of g.positions) cy.getElementById(id).position(p).scratch(DROPPED, true);
      for (const [id, b] of g.bends) cy.getElementById(id).data(b);
    });
  };

  const onFree = (): void => {
    const g = grab;
    grab = null;
    mark(cy.collection(), 'drop-target');
    if (!g || !pointer || !g.from) return;
    if (Math.hypot(pointer.x - g.from.x, pointer.y - g.from.y) < CLICK_SLOP) return;
    const s = store.getState();
    if (g.gesture.kind === 'connect') {
      const net = networkAt(pointer);
      const already =
        net !== null &&
        index()
          ?.endpointsOf(g.gesture.container)
          .some((e) => e.target === net);
      if (!net || already) return;
      putBack(g);
      s.openDialog({ kind: 'connect', container: g.gesture.container, network: net });
    } else if (!inside(pointer, g.gesture.box, OFF_MARGIN)) {
      putBack(g);
      s.openDialog({ kind: 'disconnect', container: g.gesture.container, network: g.gesture.network });
    }
  };

  container.addEventListener('pointermove', onPointer, { capture: true });
  container.addEventListener('pointerdown', onPointer, { capture: true });
  cy.on('grab', 'node', onGrab);
  cy.on('drag', 'node', onDrag);
  cy.on('free', 'node', onFree);
  return () => {
    container.removeEventListener('pointermove', onPointer, { capture: true });
    container.removeEventListener('pointerdown', onPointer, { capture: true });
    cy.off('grab', 'node', onGrab);
    cy.off('drag', 'node', onDrag);
    cy.off('free', 'node', onFree);
  };
}

/** For graph-interactions: a drop that opened a dialog is not a move to remember. */
export function takeControlDrop(node: NodeSingular): boolean {
  const dropped = node.scratch(DROPPED) === true;
  if (dropped) node.removeScratch(DROPPED);
  return dropped;
}

const DROPPED = '_netloomControlDrop';
