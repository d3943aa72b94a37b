import type { Collection, Core, EventObject } from 'cytoscape';
import { effectIds } from '../control/effect-groups.js';
import type { AppStore } from '../store/app-store.js';
import { bringIntoView } from './view-follow.js';

/**
 * Keeps control's classes on the canvas: `busy` on what an action is working on, and
 * `effect-mark` on what the last action changed while its card is open. Re-applied after
 * every patch (an element added by the action's own delta gets its mark) — deferred to a
 * microtask so the patcher, subscribed to the same store, has drawn the change first.
 */
export function bindControlMarks(
  cy: Core,
  store: AppStore,
  findAll: (ids: Iterable<string>) => Collection,
): () => void {
  let busy: Collection = cy.collection();
  let effect: Collection = cy.collection();
  let queued = false;
  // The action whose effect was last brought into view: each is brought once.
  let shown: string | null = null;
  const swap = (old: Collection, want: Collection, cls: string): Collection => {
    old.difference(want).removeClass(cls);
    want.difference(old).addClass(cls);
    // Elements re-added by a reload lost their class though the collection kept their id.
    want.filter((e) => !e.hasClass(cls)).addClass(cls);
    return want;
  };
  const apply = (): void => {
    queued = false;
    if (cy.destroyed()) return;
    const s = store.getState();
    const last = s.lastAction;
    cy.batch(() => {
      busy = swap(busy, findAll(Object.keys(s.busy)), 'busy');
      effect = swap(
        effect,
        last ? findAll([...effectIds(last.effect.items), ...last.targets]) : cy.collection(),
        'effect-mark',
      );
    });
    if (last && last.actionId !== shown && effect.nonempty()) {
      shown = last.actionId;
      // What the action changed is seen, beside the card that lists it (bottom right).
      const wide = cy.width() > 900;
      bringIntoView(
        cy,
        effect.filter((e) => e.visible()),
        { right: wide ? 460 : 0, bottom: wide ? 0 : cy.height() / 2 },
      );
    }
  };
  const schedule = (): void => {
    if (queued) return;
    queued = true;
    queueMicrotask(apply);
  };
  const offs = [
    store.subscribe((s) => s.busy, schedule),
    store.subscribe((s) => s.lastAction, schedule),
    store.subscribe((s) => s.topology, schedule),
    store.subscribe((s) => s.view, schedule),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * Right click (or a long press) opens the context menu of the element under it, or of the
 * canvas; the browser's own menu stays away while there is a graph.
 */
export function bindContextMenu(cy: Core, store: AppStore, container: HTMLElement): () => void {
  const onCxt = (ev: EventObject): void => {
    const s = store.getState();
    // The menu's questions (Can this reach…?) need no control; it opens whenever there is a picture.
    if (!s.topology) return;
    const e = ev.originalEvent as MouseEvent | undefined;
    const r = container.getBoundingClientRect();
    const x = e?.clientX ?? r.left + (ev.renderedPosition?.x ?? 0);
    const y = e?.clientY ?? r.top + (ev.renderedPosition?.y ?? 0);
    const target =
      ev.target === cy ? null : String(ev.target.data('head') ?? ev.target.data('modelId') ?? ev.target.id());
    if (target !== null) s.select(target);
    s.openMenu({ x, y, target });
  };
  const onNative = (e: MouseEvent): void => {
    if (store.getState().topology) e.preventDefault();
  };
  cy.on('cxttap', onCxt);
  container.addEventListener('contextmenu', onNative);
  return () => {
    cy.off('cxttap', onCxt);
    container.removeEventListener('contextmenu', onNative);
  };
}
