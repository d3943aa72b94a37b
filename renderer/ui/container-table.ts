import { compareRows, type ContainerIndex, type ContainerRow } from '../view-model/container-index.js';
import { h } from './dom.js';

interface Entry {
  row: ContainerRow;
  tr: HTMLTableRowElement;
  /** The row's content as text: an update that changes nothing touches no DOM. */
  key: string;
}

/**
 * The container list, patched by id: a delta re-renders only the rows it touched and
 * inserts or removes rows in place, so a large list is never rebuilt.
 */
export class ContainerTable {
  private readonly entries = new Map<string, Entry>();
  /** Ids in display order (compareRows), for binary-search inserts. */
  private order: string[] = [];

  constructor(
    private readonly tbody: HTMLTableSectionElement,
    private readonly onSize: (size: number) => void,
  ) {}

  /** After a snapshot: the first one builds the list; later ones (resyncs) patch it. */
  reset(index: ContainerIndex): void {
    if (this.entries.size > 0) {
      this.patch(index, new Set([...this.entries.keys(), ...index.rows().map((r) => r.id)]));
      return;
    }
    const rows = index.rows();
    const fragment = document.createDocumentFragment();
    for (const row of rows) {
      const entry = this.render(row);
      this.entries.set(row.id, entry);
      fragment.append(entry.tr);
    }
    this.order = rows.map((r) => r.id);
    this.tbody.replaceChildren(fragment);
    this.onSize(this.entries.size);
  }

  patch(index: ContainerIndex, ids: Iterable<string>): void {
    for (const id of ids) {
      const row = index.row(id);
      const old = this.entries.get(id);
      if (!row) {
        if (old) this.remove(old);
        continue;
      }
      const entry = this.render(row);
      if (old?.key === entry.key) continue;
      if (old) this.remove(old);
      this.insert(entry);
    }
    this.onSize(this.entries.size);
  }

  private insert(entry: Entry): void {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.entries.get(this.order[mid] as string) as Entry;
      if (compareRows(other.row, entry.row) < 0) lo = mid + 1;
      else hi = mid;
    }
    const before = this.order[lo];
    this.tbody.insertBefore(entry.tr, before === undefined ? null : (this.entries.get(before)?.tr ?? null));
    this.order.splice(lo, 0, entry.row.id);
    this.entries.set(entry.row.id, entry);
  }

  private remove(entry: Entry): void {
    entry.tr.remove();
    this.entries.delete(entry.row.id);
    const at = this.order.indexOf(entry.row.id);
    if (at >= 0) this.order.splice(at, 1);
  }

  private render(row: ContainerRow): Entry {
    const running = row.state === 'running';
    const tr = h(
      'tr',
      { 'data-id': row.id, class: running ? 'running' : 'stopped' },
      h('th', { scope: 'row' }, h('span', { class: 'name' }, row.name), h('code', { class: 'muted' }, row.shortId)),
      h('td', {}, h('span', { class: 'state' }, h('span', { class: 'dot', 'aria-hidden': 'true' }), row.state)),
      h('td', { class: 'image' }, row.image),
      h('td', {}, this.addresses(row)),
    );
    return { row, tr, key: JSON.stringify(row) };
  }

  private addresses(row: ContainerRow): HTMLElement {
    if (row.addresses.length === 0) {
      return h(
        'span',
        { class: 'muted' },
        row.networkMode === 'host' ? 'host network' : `no endpoint (${row.networkMode})`,
      );
    }
    return h(
      'ul',
      { class: 'addresses' },
      ...row.addresses.map((a) =>
        h('li', {}, h('span', { class: 'net' }, a.network), ' ', h('code', {}, a.ipv4 ?? '—')),
      ),
    );
  }
}
