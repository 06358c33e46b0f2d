/**
 * A binary heap of keyed items with removal and update by key, as
 * kube-scheduler's internal heap: the scheduling queue's active and backoff
 * queues are two of these. Each item records its own slot (`heapIndex`), so a
 * sift moves no map entries; an item is in at most one heap at a time.
 * Invariant: `byKey` holds exactly the items in `items`, and each item's
 * `heapIndex` is its slot.
 */
export interface HeapItem {
  heapIndex: number;
}

export class KeyedHeap<T extends HeapItem> {
  private readonly items: T[] = [];
  private readonly byKey = new Map<string, T>();

  /** `less(a, b)`: a comes out before b. */
  constructor(private readonly keyOf: (item: T) => string, private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds an item, or replaces the one with the same key (and restores order). */
  push(item: T): void {
    const key = this.keyOf(item);
    const old = this.byKey.get(key);
    this.byKey.set(key, item);
    if (old) {
      const i = old.heapIndex;
      this.items[i] = item;
      item.heapIndex = i;
      this.down(this.up(i));
      return;
    }
    item.heapIndex = this.items.length;
    this.items.push(item);
    this.up(item.heapIndex);
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0];
    this.removeAt(0);
    return top;
  }

  delete(key: string): T | undefined {
    const item = this.byKey.get(key);
    if (item) this.removeAt(item.heapIndex);
    return item;
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }

  private removeAt(i: number): void {
    const last = this.items.length - 1;
    this.byKey.delete(this.keyOf(this.items[i]));
    if (i !== last) {
      this.items[i] = this.items[last];
      this.items[i].heapIndex = i;
    }
    this.items.pop();
    if (i < this.items.length) this.down(this.up(i));
  }

  private place(item: T, i: number): void {
    this.items[i] = item;
    item.heapIndex = i;
  }

  private up(i: number): number {
    const item = this.items[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(item, this.items[parent])) break;
      this.place(this.items[parent], i);
      i = parent;
    }
    this.place(item, i);
    return i;
  }

  private down(i: number): void {
    const item = this.items[i];
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.less(this.items[r], this.items[l]) ? r : l;
      if (!this.less(this.items[child], item)) break;
      this.place(this.items[child], i);
      i = child;
    }
    this.place(item, i);
  }
}
