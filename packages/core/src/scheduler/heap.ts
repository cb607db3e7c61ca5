/**
 * Something that can sit in a {@link TimerHeap}: a time and the bookkeeping the heap keeps on
 * it. Storing the position on the entry itself makes `remove` and `update` O(log n) without a
 * side map, and lets the scheduler use its job records as heap entries (no allocation per tick).
 */
export interface HeapEntry {
  /** When the entry is due (ms since the epoch, on the scheduler's clock). */
  at: number;
  /** Tie-breaker set by the heap on insertion: equal times come out first-in, first-out. */
  seq: number;
  /** Position in the heap, or `-1` when the entry is not in one. */
  heapIndex: number;
}

/**
 * A binary min-heap of {@link HeapEntry}s ordered by `(at, seq)`, with index tracking so an
 * entry can be removed or moved in O(log n). One heap drives the whole scheduler: one timer is
 * armed for its top, never one timer per job.
 *
 * @typeParam T - the entry type
 * @example
 * ```ts
 * const heap = new TimerHeap<HeapEntry>();
 * const a = { at: 20, seq: 0, heapIndex: -1 };
 * heap.push(a);
 * heap.peek() === a; // true
 * ```
 */
export class TimerHeap<T extends HeapEntry> {
  private readonly items: T[] = [];
  private nextSeq = 0;

  /** Number of entries in the heap. */
  get size(): number {
    return this.items.length;
  }

  /**
   * The earliest entry, without removing it.
   *
   * @returns the entry due first, or `undefined` when empty
   */
  peek(): T | undefined {
    return this.items[0];
  }

  /**
   * Whether `entry` is currently in this heap.
   *
   * @param entry - the entry
   * @returns true when it is queued here
   */
  has(entry: T): boolean {
    return entry.heapIndex >= 0 && this.items[entry.heapIndex] === entry;
  }

  /**
   * Inserts an entry (its `at` must be set). Inserting an entry that is already queued moves it.
   *
   * @param entry - the entry to insert
   */
  push(entry: T): void {
    if (this.has(entry)) {
      this.update(entry, entry.at);
      return;
    }
    entry.seq = this.nextSeq++;
    entry.heapIndex = this.items.length;
    this.items.push(entry);
    this.up(entry.heapIndex);
  }

  /**
   * Removes and returns the earliest entry.
   *
   * @returns the entry due first, or `undefined` when empty
   */
  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  /**
   * Removes an entry wherever it is.
   *
   * @param entry - the entry
   * @returns true when it was in the heap
   */
  remove(entry: T): boolean {
    if (!this.has(entry)) return false;
    this.removeAt(entry.heapIndex);
    return true;
  }

  /**
   * Changes an entry's due time (inserting it if absent). A moved entry queues behind entries
   * already due at the same time.
   *
   * @param entry - the entry
   * @param at - its new due time
   */
  update(entry: T, at: number): void {
    if (!this.has(entry)) {
      entry.at = at;
      this.push(entry);
      return;
    }
    entry.at = at;
    entry.seq = this.nextSeq++;
    this.down(this.up(entry.heapIndex));
  }

  /**
   * Keeps only the entries for which `keep` returns true, in O(n).
   *
   * @param keep - predicate deciding which entries stay
   */
  retain(keep: (entry: T) => boolean): void {
    const kept: T[] = [];
    for (const entry of this.items) {
      if (keep(entry)) kept.push(entry);
      else entry.heapIndex = -1;
    }
    this.items.length = 0;
    for (const entry of kept) {
      entry.heapIndex = this.items.length;
      this.items.push(entry);
    }
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private removeAt(index: number): void {
    const items = this.items;
    const removed = items[index] as T;
    removed.heapIndex = -1;
    const last = items.pop() as T;
    if (index === items.length) return;
    items[index] = last;
    last.heapIndex = index;
    this.down(this.up(index));
  }

  private less(a: T, b: T): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  /** Sifts the entry at `index` up; returns where it ended. */
  private up(index: number): number {
    const items = this.items;
    const entry = items[index] as T;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex] as T;
      if (!this.less(entry, parent)) break;
      items[index] = parent;
      parent.heapIndex = index;
      index = parentIndex;
    }
    items[index] = entry;
    entry.heapIndex = index;
    return index;
  }

  /** Sifts the entry at `index` down. */
  private down(index: number): void {
    const items = this.items;
    const length = items.length;
    const entry = items[index] as T;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && this.less(items[right] as T, items[left] as T)) child = right;
      const smallest = items[child] as T;
      if (!this.less(smallest, entry)) break;
      items[index] = smallest;
      smallest.heapIndex = index;
      index = child;
    }
    items[index] = entry;
    entry.heapIndex = index;
  }
}
