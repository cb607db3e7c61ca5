/** Slots per page. Small pages keep the unused tail of each series short. */
export const PAGE_SIZE = 8;
const PAGE_SHIFT = 3;
/** Pages per slab: slabs are the only typed arrays allocated, so per-series cost stays tiny. */
const SLAB_PAGES = 2048;
const SLAB_SHIFT = 11;
const SLAB_MASK = SLAB_PAGES - 1;

/**
 * Fixed-size pages of samples carved out of large shared slabs. Each slot holds a
 * Float64 value and a Uint32 timestamp offset (12 bytes). Pages are linked through
 * `next` (one Int32 per page), so a series is a chain of pages and a freed page is
 * reused by any other series: there is no per-series typed array and no fragmentation.
 *
 * @internal
 */
export class PagePool {
  /** Value slabs, `SLAB_PAGES * PAGE_SIZE` slots each. */
  private readonly valueSlabs: Float64Array[] = [];
  /** Timestamp-offset slabs (milliseconds after the owning series' base). */
  private readonly timeSlabs: Uint32Array[] = [];
  /** The page after each page in its chain, or -1. Doubles as the free list. */
  next: Int32Array = new Int32Array(0);
  private freeHead = -1;
  private created = 0;
  /** Pages currently owned by a series. */
  inUse = 0;

  /**
   * Takes a page, reusing a freed one when there is one.
   *
   * @returns the page number
   */
  alloc(): number {
    let page = this.freeHead;
    if (page >= 0) {
      this.freeHead = this.next[page]!;
    } else {
      if (this.created === this.valueSlabs.length * SLAB_PAGES) this.addSlab();
      page = this.created++;
    }
    this.next[page] = -1;
    this.inUse++;
    return page;
  }

  /**
   * Returns a page to the pool.
   *
   * @param page - a page obtained from {@link PagePool.alloc}
   */
  free(page: number): void {
    this.next[page] = this.freeHead;
    this.freeHead = page;
    this.inUse--;
  }

  /**
   * Writes one slot.
   *
   * @param page - page number
   * @param slot - 0 ≤ slot < PAGE_SIZE
   * @param value - the sample value
   * @param offset - timestamp offset in ms from the series' base
   */
  write(page: number, slot: number, value: number, offset: number): void {
    const slab = page >> SLAB_SHIFT;
    const index = ((page & SLAB_MASK) << PAGE_SHIFT) | slot;
    this.valueSlabs[slab]![index] = value;
    this.timeSlabs[slab]![index] = offset;
  }

  /**
   * Reads a slot's value.
   *
   * @param page - page number
   * @param slot - slot within the page
   * @returns the stored value
   */
  value(page: number, slot: number): number {
    return this.valueSlabs[page >> SLAB_SHIFT]![((page & SLAB_MASK) << PAGE_SHIFT) | slot]!;
  }

  /**
   * Reads a slot's timestamp offset.
   *
   * @param page - page number
   * @param slot - slot within the page
   * @returns milliseconds after the series' base
   */
  offset(page: number, slot: number): number {
    return this.timeSlabs[page >> SLAB_SHIFT]![((page & SLAB_MASK) << PAGE_SHIFT) | slot]!;
  }

  /**
   * Overwrites a slot's value, keeping its timestamp.
   *
   * @param page - page number
   * @param slot - slot within the page
   * @param value - the new value
   */
  setValue(page: number, slot: number, value: number): void {
    this.valueSlabs[page >> SLAB_SHIFT]![((page & SLAB_MASK) << PAGE_SHIFT) | slot] = value;
  }

  /**
   * Overwrites a slot's timestamp offset (used when a series moves its base).
   *
   * @param page - page number
   * @param slot - slot within the page
   * @param offset - the new offset
   */
  setOffset(page: number, slot: number, offset: number): void {
    this.timeSlabs[page >> SLAB_SHIFT]![((page & SLAB_MASK) << PAGE_SHIFT) | slot] = offset;
  }

  /** Bytes held by the slabs and the page links (allocated, whether in use or free). */
  get bytes(): number {
    return this.valueSlabs.length * SLAB_PAGES * PAGE_SIZE * 12 + this.next.byteLength;
  }

  private addSlab(): void {
    this.valueSlabs.push(new Float64Array(SLAB_PAGES * PAGE_SIZE));
    this.timeSlabs.push(new Uint32Array(SLAB_PAGES * PAGE_SIZE));
    const needed = this.valueSlabs.length * SLAB_PAGES;
    if (this.next.length < needed) {
      // Grow the link array geometrically; it is 4 bytes per page, small next to the slabs.
      const grown = new Int32Array(Math.max(needed, this.next.length * 2));
      grown.set(this.next);
      this.next = grown;
    }
  }
}
