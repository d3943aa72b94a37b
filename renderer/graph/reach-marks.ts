import type { Collection, Core } from 'cytoscape';
import type { AppStore } from '../store/app-store.js';
import { OUTSIDE_ID } from './element-data.js';
import type { GraphMarks } from './graph-marks.js';
import { bringIntoView } from './view-follow.js';

/** The classes the walk puts on the canvas; styles-control.ts draws them. */
const CLASSES = 'reach-hop reach-ahead reach-current reach-stop reach-dim';

/**
 * Draws the diagnosis on the canvas: the hops walked so far (focus colour, thick), the
 * current one (a halo), the rest of the way still to walk (dashed), and the element that
 * stopped the packet (the error colour); everything off the way dims. The cables between
 * two hops light with them. Re-applied after every patch and view switch.
 */
export function bindReachMarks(
  cy: Core,
  store: AppStore,
  marks: Pick<GraphMarks, 'findAll' | 'hover' | 'onRefresh'>,
  /** Opens the clusters hiding any of these model elements; true when one opened (a redraw follows). */
  reveal: (modelIds: string[]) => boolean,
): () => void {
  const findAll = (ids: Iterable<string>): Collection => marks.findAll(ids);
  let queued = false;
  let marked = false;
  let shown: unknown = null;
  let revealed: unknown = null;
  const apply = (): void => {
    queued = false;
    if (cy.destroyed()) return;
    const d = store.getState().reach?.diagnosis ?? null;
    const at = store.getState().reach?.step ?? 0;
    if (!d && !marked) return;
    // A walk through a closed cluster opens it first; the redraw brings us back here.
    if (d && d !== revealed) {
      revealed = d;
      if (reveal(d.steps.flatMap((x) => [...(x.element ? [x.element] : []), ...x.via]))) return;
    }
    // The hover and selection highlight gives way while a walk is shown.
    marks.hover();
    cy.batch(() => {
      cy.elements().removeClass(CLASSES);
      marked = false;
      if (!d) return;
      const ids = (upTo: number, from = 0): string[] =>
        d.steps
          .slice(from, upTo + 1)
          // A packet that leaves the host goes on to the picture's outside; one from outside starts there.
          .flatMap((s) => [
            ...(s.element ? [s.element] : []),
            ...s.via,
            ...(s.kind === 'egress' || s.kind === 'inbound' ? [OUTSIDE_ID] : []),
          ]);
      const walked = findAll(ids(at)).nodes();
      const ahead = findAll(ids(d.steps.length - 1, at + 1))
        .nodes()
        .difference(walked);
      const all = walked.union(ahead);
      if (all.empty()) return;
      marked = true;
      walked.addClass('reach-hop');
      walked.edgesWith(walked).addClass('reach-hop');
      ahead.addClass('reach-ahead');
      all.edgesWith(ahead).not('.reach-hop').addClass('reach-ahead');
      const current = d.steps[at]?.element;
      if (current) findAll([current]).nodes().addClass('reach-current');
      // Where a packet that does not get there stops: the last drawn hop (the rule that
      // decided is drawn only when it names a bridge or a port).
      if (d.verdict !== 'reachable' && at === d.steps.length - 1) {
        const drawn = [...d.steps]
          .reverse()
          .map((s) => (s.element ? findAll([s.element]).nodes() : cy.collection()))
          .find((c) => c.nonempty());
        drawn?.addClass('reach-stop');
      }
      // A namespace box on the way keeps its name: the container badge inside it.
      const badges = all.children('[kind = "container"]');
      const keep = all.union(all.ancestors()).union(badges).union(all.edgesWith(all));
      cy.elements().difference(keep).addClass('reach-dim');
    });
    // A new walk is brought into view once; stepping through it does not move the camera.
    const way = cy.$('.reach-hop, .reach-ahead');
    if (d && d !== shown && way.nonempty()) {
      shown = d;
      bringIntoView(cy, way);
    }
  };
  const schedule = (): void => {
    if (queued) return;
    queued = true;
    queueMicrotask(apply);
  };
  const offs = [
    store.subscribe((s) => s.reach?.diagnosis, schedule),
    store.subscribe((s) => s.reach?.step, schedule),
    store.subscribe((s) => s.topology, schedule),
    store.subscribe((s) => s.view, schedule),
    store.subscribe((s) => s.overview, schedule),
    // After every redraw (a view switch lays out afresh, later than the store change).
    marks.onRefresh(schedule),
  ];
  return () => offs.forEach((off) => void off());
}
