/**
 * A stable 32-bit hash of a job key: FNV-1a over the UTF-16 code units, then murmur3's
 * finaliser so keys that differ only in their last characters (`disk/web-1`, `disk/web-2`)
 * still land far apart. Stable across processes and versions: restarts keep every job's phase.
 *
 * @param key - the job key
 * @returns an unsigned 32-bit integer
 */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The phase of a job within its interval: where in each `every`-long slot (counted from the
 * Unix epoch) it runs. Like Prometheus' scrape offsets, this spreads jobs with the same
 * interval evenly instead of firing them all at once.
 *
 * @param key - the job key
 * @param every - the interval in milliseconds (> 0)
 * @returns an offset in `[0, every)`, whole milliseconds
 * @example
 * ```ts
 * phaseOffset('disk/web-1', 30_000); // e.g. 17_342, the same in every process
 * ```
 */
export function phaseOffset(key: string, every: number): number {
  // Two independent 32-bit hashes give ~53 bits, so intervals longer than 2^32 ms (~50 days)
  // are spread too.
  const high = hashKey(`${key}\u0000phase`) & 0x1fffff;
  const wide = high * 0x1_0000_0000 + hashKey(key);
  return wide % Math.max(1, Math.floor(every));
}

/**
 * The first slot of a job's grid at or after `time` (`strict`: after it). The grid is every
 * `t` with `(t - offset) mod every == 0`, counted from the epoch, so it does not depend on when
 * the process started.
 *
 * @param time - the reference time (ms since the epoch)
 * @param every - the interval in milliseconds
 * @param offset - the job's phase, from {@link phaseOffset}
 * @param strict - whether a slot exactly at `time` is excluded
 * @returns the slot time
 */
export function nextSlot(time: number, every: number, offset: number, strict: boolean): number {
  const slots = (time - offset) / every;
  const k = strict ? Math.floor(slots) + 1 : Math.ceil(slots);
  return offset + k * every;
}
