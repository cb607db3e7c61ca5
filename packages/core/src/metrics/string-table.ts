/**
 * Interned strings with reference counts: label names, label values and asset ids. A label
 * set is then a few integers, and each distinct string is held once however many series
 * use it; a string goes when its last series does, and its id is reused.
 *
 * @internal
 */
export class StringTable {
  /** The string of each id (undefined while the id is free). */
  readonly strings: (string | undefined)[] = [];
  /**
   * Per-id caches of text derived from a string (exposition fragments), cleared when the id
   * is freed so a reused id never shows a stale fragment.
   */
  readonly caches: (string | undefined)[][] = [];
  private readonly ids = new Map<string, number>();
  private refs = new Int32Array(256);
  private readonly free: number[] = [];

  /**
   * The id of a string, without taking a reference.
   *
   * @param value - the string
   * @returns its id, or undefined when no series uses it
   */
  id(value: string): number | undefined {
    return this.ids.get(value);
  }

  /**
   * Interns a string and takes a reference to it.
   *
   * @param value - the string
   * @returns its id
   */
  acquire(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.free.pop() ?? this.strings.length;
      if (id >= this.refs.length) {
        const grown = new Int32Array(this.refs.length * 2);
        grown.set(this.refs);
        this.refs = grown;
      }
      this.strings[id] = value;
      this.ids.set(value, id);
    }
    this.refs[id]!++;
    return id;
  }

  /**
   * Drops a reference; the string is forgotten with its last one.
   *
   * @param id - an id returned by {@link StringTable.acquire}
   */
  release(id: number): void {
    if (--this.refs[id]! > 0) return;
    this.ids.delete(this.strings[id] as string);
    this.strings[id] = undefined;
    for (const cache of this.caches) if (id < cache.length) cache[id] = undefined;
    this.free.push(id);
  }

  /** Number of distinct strings held. */
  get size(): number {
    return this.ids.size;
  }
}
