/**
 * Mixes the bits of a 32-bit integer (the murmur3 finalizer).
 *
 * @param h - any int32
 * @returns a well-spread int32
 */
export function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return h ^ (h >>> 16);
}

/** Gives the hash of an entry already in the table (to move it when growing or deleting). */
export type HashOf = (id: number) => number;

/**
 * An open-addressing table of non-negative integer ids keyed by a 32-bit hash: linear
 * probing, at most 3/4 full, deletion by backward shift (no tombstones). It stores only ids
 * (4 bytes a slot), so the caller compares the candidates a probe yields with its own data:
 *
 * ```ts
 * for (let i = slots.start(h); ; i = slots.next(i)) {
 *   const id = slots.at(i);
 *   if (id < 0) break; // not found
 *   if (isTheOne(id)) return id;
 * }
 * ```
 *
 * @internal
 */
export class HashSlots {
  /** id + 1 per slot; 0 is empty. */
  private slots: Int32Array;
  private mask: number;
  /** Entries held. */
  size = 0;

  /** @param capacity - initial slots (a power of two) */
  constructor(capacity = 256) {
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /**
   * The first slot to probe for a hash.
   *
   * @param h - the hash
   * @returns a slot index
   */
  start(h: number): number {
    return h & this.mask;
  }

  /**
   * The slot probed after `i`.
   *
   * @param i - a slot index
   * @returns the next slot index
   */
  next(i: number): number {
    return (i + 1) & this.mask;
  }

  /**
   * The id in a slot.
   *
   * @param i - a slot index
   * @returns the id, or -1 for an empty slot (the end of a probe)
   */
  at(i: number): number {
    return this.slots[i]! - 1;
  }

  /**
   * Adds an id (the caller made sure it is not there yet).
   *
   * @param id - the id
   * @param h - its hash
   * @param hashOf - hash of any id already in the table (used when the table grows)
   */
  insert(id: number, h: number, hashOf: HashOf): void {
    if ((this.size + 1) * 4 > this.slots.length * 3) this.resize(this.slots.length * 2, hashOf);
    let i = h & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = id + 1;
    this.size++;
  }

  /**
   * Removes an id, shifting later entries of its probe run back so lookups stay correct.
   *
   * @param id - the id
   * @param h - its hash
   * @param hashOf - hash of any id in the table
   */
  remove(id: number, h: number, hashOf: HashOf): void {
    let i = h & this.mask;
    while (this.slots[i] !== id + 1) {
      if (this.slots[i] === 0) return;
      i = (i + 1) & this.mask;
    }
    let j = i;
    for (;;) {
      j = (j + 1) & this.mask;
      const entry = this.slots[j]!;
      if (entry === 0) break;
      const home = hashOf(entry - 1) & this.mask;
      // Move the entry into the hole unless its home lies cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!stays) {
        this.slots[i] = entry;
        i = j;
      }
    }
    this.slots[i] = 0;
    this.size--;
  }

  /** Bytes held by the slots. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  private resize(capacity: number, hashOf: HashOf): void {
    const old = this.slots;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      let i = hashOf(entry - 1) & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = entry;
    }
  }
}
