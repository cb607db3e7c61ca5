/**
 * Something that can sit in a {@link TimerHeap}: a due time, and the heap's bookkeeping
 * (create entries with `seq: 0, heapIndex: -1`). The scheduler's job records are heap entries
 * themselves, so a tick allocates nothing.
 */
export interface HeapEntry {
  /** When the entry is due (ms since the epoch, on the scheduler's clock). */
  at: number;
  /** Set by the heap: insertion number of the entry's live slot (equal times come out first-in, first-out). */
  seq: number;
  /** Set by the heap: ≥ 0 while the entry is queued, `-1` when it is not. */
  heapIndex: number;
}

/** Rebuild once this many stale slots have piled up (and they outnumber live ones). */
const COMPACT_AFTER = 1024;

/**
 * A binary min-heap of {@link HeapEntry}s ordered by `(at, seq)`. One heap drives the whole
 * scheduler: one timer is armed for its top, never one timer per job.
 *
 * Layout: entry references and their keys in parallel arrays (keys in `Float64Array`s), so a
 * sift compares and moves numbers laid out side by side and never touches the entry objects —
 * with 100,000 jobs, writing a position back into each moved object was a cache miss per level.
 * Hence lazy deletion instead of index tracking: `remove` and `update` mark the old slot stale
 * (its `seq` no longer matches the entry's, or the entry's `heapIndex` is -1) in O(1); stale slots are dropped when they reach the
 * top, and the arrays are rebuilt when stale slots outnumber live ones. Moving the top entry —
 * what every tick does — is done in place with one sift-down.
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
  private items: T[] = [];
  private ats = new Float64Array(64);
  private seqs = new Float64Array(64);
  private nextSeq = 0;
  private live = 0;

  /** Number of entries queued. */
  get size(): number {
    return this.live;
  }

  /**
   * The earliest entry, without removing it.
   *
   * @returns the entry due first, or `undefined` when empty
   */
  peek(): T | undefined {
    const items = this.items;
    while (items.length > 0 && !this.valid(0)) this.removeTopSlot();
    return items[0];
  }

  /**
   * Whether `entry` is queued (in this heap: an entry belongs to one heap at a time).
   *
   * @param entry - the entry
   * @returns true when it is queued
   */
  has(entry: T): boolean {
    return entry.heapIndex >= 0;
  }

  /** Whether slot `index` is its entry's live slot (not left behind by a remove or update). */
  private valid(index: number): boolean {
    const entry = this.items[index] as T;
    return entry.heapIndex >= 0 && entry.seq === this.seqs[index];
  }

  /**
   * Inserts an entry at its `at`. Pushing an entry that is already queued moves it.
   *
   * @param entry - the entry to insert
   */
  push(entry: T): void {
    if (this.has(entry)) this.update(entry, entry.at);
    else {
      this.live++;
      this.append(entry);
    }
  }

  /**
   * Removes and returns the earliest entry.
   *
   * @returns the entry due first, or `undefined` when empty
   */
  pop(): T | undefined {
    const top = this.peek();
    if (top === undefined) return undefined;
    this.removeTopSlot();
    top.heapIndex = -1;
    this.live--;
    return top;
  }

  /**
   * Removes an entry wherever it is, in O(1).
   *
   * @param entry - the entry
   * @returns true when it was queued
   */
  remove(entry: T): boolean {
    if (!this.has(entry)) return false;
    entry.heapIndex = -1;
    this.live--;
    this.maybeCompact();
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
    entry.at = at;
    if (!this.has(entry)) {
      this.push(entry);
      return;
    }
    if (this.items[0] === entry && this.valid(0)) {
      entry.seq = this.nextSeq++;
      this.ats[0] = at;
      this.seqs[0] = entry.seq;
      this.down(0);
      return;
    }
    this.append(entry);
    this.maybeCompact();
  }

  /**
   * Keeps only the entries for which `keep` returns true, in O(n).
   *
   * @param keep - predicate deciding which entries stay
   */
  retain(keep: (entry: T) => boolean): void {
    this.rebuild((entry) => {
      if (keep(entry)) return true;
      entry.heapIndex = -1;
      this.live--;
      return false;
    });
  }

  /** Adds a fresh slot for `entry` (any older slot of it goes stale). */
  private append(entry: T): void {
    const index = this.items.length;
    if (index === this.ats.length) this.grow(index * 2);
    entry.seq = this.nextSeq++;
    entry.heapIndex = 0;
    this.items.push(entry);
    this.ats[index] = entry.at;
    this.seqs[index] = entry.seq;
    this.up(index);
  }

  private removeTopSlot(): void {
    const items = this.items;
    const last = items.pop() as T;
    const n = items.length;
    if (n === 0) return;
    items[0] = last;
    this.ats[0] = this.ats[n] as number;
    this.seqs[0] = this.seqs[n] as number;
    this.down(0);
  }

  private maybeCompact(): void {
    const stale = this.items.length - this.live;
    if (stale > COMPACT_AFTER && stale > this.live) this.rebuild(() => true);
  }

  /** Keeps the live slots that pass `keep`, then heapifies. */
  private rebuild(keep: (entry: T) => boolean): void {
    const { items, ats, seqs } = this;
    let n = 0;
    for (let i = 0; i < items.length; i++) {
      const entry = items[i] as T;
      if (!this.valid(i) || !keep(entry)) continue;
      items[n] = entry;
      ats[n] = ats[i] as number;
      seqs[n] = seqs[i] as number;
      n++;
    }
    items.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private grow(capacity: number): void {
    const ats = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    ats.set(this.ats);
    seqs.set(this.seqs);
    this.ats = ats;
    this.seqs = seqs;
  }

  /** Sifts the slot at `index` up, moving a hole rather than swapping. */
  private up(index: number): void {
    const { items, ats, seqs } = this;
    const entry = items[index] as T;
    const at = ats[index] as number;
    const seq = seqs[index] as number;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const pat = ats[parent] as number;
      if (!(at < pat || (at === pat && seq < (seqs[parent] as number)))) break;
      items[index] = items[parent] as T;
      ats[index] = pat;
      seqs[index] = seqs[parent] as number;
      index = parent;
    }
    items[index] = entry;
    ats[index] = at;
    seqs[index] = seq;
  }

  /** Sifts the slot at `index` down, moving a hole rather than swapping. */
  private down(index: number): void {
    const { items, ats, seqs } = this;
    const length = items.length;
    const entry = items[index] as T;
    const at = ats[index] as number;
    const seq = seqs[index] as number;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length) {
        const rat = ats[right] as number;
        const lat = ats[child] as number;
        if (rat < lat || (rat === lat && (seqs[right] as number) < (seqs[child] as number))) child = right;
      }
      const cat = ats[child] as number;
      if (!(cat < at || (cat === at && (seqs[child] as number) < seq))) break;
      items[index] = items[child] as T;
      ats[index] = cat;
      seqs[index] = seqs[child] as number;
      index = child;
    }
    items[index] = entry;
    ats[index] = at;
    seqs[index] = seq;
  }
}
