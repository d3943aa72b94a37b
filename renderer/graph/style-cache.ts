import type { Core } from 'cytoscape';

interface Private {
  styleCache: unknown;
  group: 'nodes' | 'edges';
  children?: Ele[];
  parent?: Ele | null;
  edges?: Ele[];
}
interface Ele {
  _private: Private;
}
interface EleList {
  length: number;
  [i: number]: Ele;
  cy(): { hasCompoundNodes(): boolean };
}

/**
 * cytoscape 3.34 clears an element's style cache, on every style property it applies,
 * by building collections of the element's descendants, ancestors and their edges
 * (`eles.dirtyStyleCache`). On a compound graph of 3000 elements that allocation was over
 * half of the first render (about 600 ms of 1.1 s, measured with `npm run bench:render`).
 * This does the same clearing by walking the element's own parent and child links, with
 * no collections. It is installed once on the collection prototype; the tests in
 * style-cache.test.ts hold it to the original's behaviour.
 */
export function dirtyStyleCacheFast(this: EleList): EleList {
  const compound = this.cy().hasCompoundNodes();
  const dirty = (ele: Ele): void => {
    ele._private.styleCache = null;
    if (ele._private.group === 'nodes') for (const e of ele._private.edges ?? []) e._private.styleCache = null;
  };
  for (let i = 0; i < this.length; i++) {
    const ele = this[i] as Ele;
    dirty(ele);
    if (!compound || ele._private.group !== 'nodes') continue;
    const stack = [...(ele._private.children ?? [])];
    while (stack.length > 0) {
      const c = stack.pop() as Ele;
      dirty(c);
      for (const k of c._private.children ?? []) stack.push(k);
    }
    for (let p = ele._private.parent; p; p = p._private.parent) dirty(p);
  }
  return this;
}

let installed = false;

/** Swaps in dirtyStyleCacheFast for every collection of every instance. */
export function installFastStyleCache(cy: Core): void {
  if (installed) return;
  const proto = Object.getPrototypeOf(cy.collection()) as { dirtyStyleCache?: unknown };
  if (typeof proto.dirtyStyleCache !== 'function') return; // a cytoscape without it: leave it be
  proto.dirtyStyleCache = dirtyStyleCacheFast;
  installed = true;
}
