import { mix } from './hash-slots.js';

/**
 * Hash of one (label name id, label value id) pair. A label set's hash is the sum of its
 * pairs' hashes, so it does not depend on the order the labels come in.
 *
 * @param key - interned label name
 * @param value - interned label value
 * @returns an int32
 */
export function pairHash(key: number, value: number): number {
  return mix((Math.imul(key, 0x9e37_79b1) ^ value) | 0);
}

/**
 * Every series' label pairs (name id, value id; `asset` excluded, names in sorted order)
 * packed into one growable Int32Array: 8 bytes a label, no object per label set. Freed
 * ranges are counted and reclaimed by compaction once they are half the pool.
 *
 * @internal
 */
export class LabelPool {
  /** The pairs: `data[at + 2i]` is a name id, `data[at + 2i + 1]` its value id. */
  data = new Int32Array(1024);
  /** End of the used part. */
  top = 0;
  private wasted = 0;

  /**
   * Reserves room for a label set.
   *
   * @param pairs - number of labels
   * @returns where the set starts in {@link LabelPool.data}
   */
  alloc(pairs: number): number {
    const at = this.top;
    const needed = at + pairs * 2;
    if (needed > this.data.length) {
      const grown = new Int32Array(Math.max(needed, Math.ceil(this.data.length * 1.25)));
      grown.set(this.data.subarray(0, at));
      this.data = grown;
    }
    this.top = needed;
    return at;
  }

  /**
   * Marks a label set's room as unused.
   *
   * @param pairs - number of labels it had
   * @returns whether enough is unused that the owner should call {@link LabelPool.compact}
   */
  free(pairs: number): boolean {
    this.wasted += pairs * 2;
    return this.wasted > 4096 && this.wasted * 2 > this.top;
  }

  /**
   * Moves every live label set to the front of a fresh array.
   *
   * @param starts - each live set's start, updated in place (indexed by series number)
   * @param lengths - each set's number of labels
   * @param live - whether a series number is live
   * @param end - series numbers to visit
   */
  compact(starts: Int32Array, lengths: Int32Array, live: (s: number) => boolean, end: number): void {
    const out = new Int32Array(Math.max(1024, Math.ceil((this.top - this.wasted) * 1.25)));
    let top = 0;
    for (let s = 0; s < end; s++) {
      if (!live(s)) continue;
      const at = starts[s]!;
      const n = lengths[s]! * 2;
      out.set(this.data.subarray(at, at + n), top);
      starts[s] = top;
      top += n;
    }
    this.data = out;
    this.top = top;
    this.wasted = 0;
  }
}
