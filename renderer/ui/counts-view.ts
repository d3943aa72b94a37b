import type { Topology } from '../../core/model/types.js';
import { NODE_KINDS, countByKind } from '../view-model/node-counts.js';
import { byId, h } from './dom.js';

/** One tile per node kind; built once, then only the numbers change. */
export class CountsView {
  private readonly numbers = new Map<string, { value: HTMLElement; tile: HTMLElement }>();

  constructor() {
    byId('counts').replaceChildren(
      ...NODE_KINDS.map(({ kind, many }) => {
        const value = h('dd', {}, '–');
        const tile = h('div', { class: `count kind-${kind}` }, h('dt', {}, many), value);
        this.numbers.set(kind, { value, tile });
        return tile;
      }),
    );
  }

  update(topology: Topology): void {
    for (const [kind, count] of countByKind(topology)) {
      const entry = this.numbers.get(kind);
      if (!entry) continue;
      const text = String(count);
      if (entry.value.textContent !== text) entry.value.textContent = text;
      entry.tile.classList.toggle('zero', count === 0);
    }
  }
}
