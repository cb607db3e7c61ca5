/** How many resets are remembered per series; older ones are long out of any window. */
const MAX_RESETS_PER_SERIES = 8;

/**
 * When counters restarted, per series: the times a collector flagged `reset: true` (a device
 * rebooted). Resets are rare, so a small map beside the typed-array table is enough; an entry
 * is tied to the series slot's generation, so a reused slot never inherits another's resets.
 */
export class ResetTable {
  readonly #bySeries = new Map<number, { gen: number; times: number[] }>();

  /**
   * Records a reset of series `s` at `timestamp`.
   *
   * @param s - series slot
   * @param gen - the slot's generation
   * @param timestamp - the first reading after the restart
   */
  add(s: number, gen: number, timestamp: number): void {
    let entry = this.#bySeries.get(s);
    if (entry === undefined || entry.gen !== gen) {
      entry = { gen, times: [] };
      this.#bySeries.set(s, entry);
    }
    entry.times.push(timestamp);
    if (entry.times.length > MAX_RESETS_PER_SERIES) entry.times.shift();
  }

  /**
   * The reset times of series `s`, oldest first (empty when none).
   *
   * @param s - series slot
   * @param gen - the slot's current generation
   * @returns the times
   */
  of(s: number, gen: number): readonly number[] {
    const entry = this.#bySeries.get(s);
    if (entry === undefined) return NO_RESETS;
    if (entry.gen === gen) return entry.times;
    this.#bySeries.delete(s);
    return NO_RESETS;
  }
}

const NO_RESETS: readonly number[] = Object.freeze([]);
