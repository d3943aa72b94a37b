/**
 * Items grouped under a key (a namespace's interfaces, a container's endpoints), each
 * group sorted on first read and kept sorted until it changes. The topology index keeps
 * many of these current from deltas, so a change re-sorts only the groups it touched.
 */
export class Groups<T extends { id: string }> {
  private readonly members = new Map<string, Map<string, T>>();
  private readonly sorted = new Map<string, readonly T[]>();

  constructor(private readonly order: (a: T, b: T) => number) {}

  add(key: string, item: T): void {
    let group = this.members.get(key);
    if (!group) {
      group = new Map();
      this.members.set(key, group);
    }
    group.set(item.id, item);
    this.sorted.delete(key);
  }

  remove(key: string, id: string): void {
    const group = this.members.get(key);
    if (!group?.delete(id)) return;
    if (group.size === 0) this.members.delete(key);
    this.sorted.delete(key);
  }

  list(key: string): readonly T[] {
    const cached = this.sorted.get(key);
    if (cached) return cached;
    const group = this.members.get(key);
    const out = group ? [...group.values()].sort(this.order) : [];
    this.sorted.set(key, out);
    return out;
  }

  size(key: string): number {
    return this.members.get(key)?.size ?? 0;
  }

  keys(): IterableIterator<string> {
    return this.members.keys();
  }

  /** Forgets every sorted group, for when the order itself changed (networks renamed, say). */
  resort(): void {
    this.sorted.clear();
  }
}
