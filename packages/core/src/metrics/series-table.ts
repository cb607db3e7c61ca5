import type { PointBuffer } from './functions.js';
import { PAGE_SIZE, type PagePool } from './page-pool.js';

/** Largest timestamp offset a Uint32 slot holds (~49.7 days after the series' base). */
const MAX_OFFSET = 0xffff_ffff;
const SLOT_MASK = PAGE_SIZE - 1;

type Column = Int32Array | Uint32Array | Uint8Array | Float64Array;

function grow<T extends Column>(column: T, length: number): T {
  const out = new (column.constructor as new (length: number) => T)(length);
  out.set(column);
  return out;
}

/**
 * Every series' scalars as columns of typed arrays indexed by a series number, instead of
 * an object per series: 65 bytes a series and nothing for the GC to trace. Each series
 * is a chain of pool pages used as a bounded FIFO; the newest sample sits at slot
 * `(head + count − 1) mod PAGE_SIZE` of `last`. Numbers of removed series are reused; `gen`
 * tells a handle that its number now belongs to another series.
 *
 * The index (families, groups, label pairs, links) lives in the columns too, but is kept by
 * {@link SeriesIndex}; this class only allocates numbers and moves samples.
 *
 * @internal
 */
export class SeriesTable {
  /** First page (oldest sample), -1 when empty. */
  first = new Int32Array(0);
  /** Last page (newest sample), -1 when empty. */
  last = new Int32Array(0);
  /** Samples held. */
  count = new Int32Array(0);
  /** Slot of the oldest sample within `first`. */
  head = new Uint8Array(0);
  /** Timestamp the slot offsets are relative to (ms since the epoch). */
  base = new Float64Array(0);
  /** Interned metadata id. */
  meta = new Int32Array(0);
  /** Owning collector's id, -1 when none yet. */
  source = new Int32Array(0);
  /** The series' (name, asset) group; -1 marks a free number. */
  group = new Int32Array(0);
  /** Where the series' label pairs start in the label pool. */
  labelAt = new Int32Array(0);
  /** Label pairs (without `asset`). */
  labelLen = new Int32Array(0);
  /** Bumped on every removal, so a handle can tell its number was reused. */
  gen = new Uint32Array(0);
  /** The series the next sample of the last batch went to (the ingest fast path's guess). */
  nextInBatch = new Int32Array(0);
  /** Previous series of the family (insertion order), or -1. */
  famPrev = new Int32Array(0);
  /** Next series of the family, or -1; for a free number, the next free one. */
  famNext = new Int32Array(0);
  /** Previous series of the (name, asset) group, or -1. */
  grpPrev = new Int32Array(0);
  /** Next series of the group, or -1. */
  grpNext = new Int32Array(0);
  /** Numbers ever handed out: every live series is below it. */
  end = 0;
  /** Live series. */
  size = 0;
  private freeHead = -1;

  /** @param pool - where the samples live */
  constructor(readonly pool: PagePool) {}

  /**
   * Takes a series number with empty storage.
   *
   * @returns the number
   */
  alloc(): number {
    let s = this.freeHead;
    if (s >= 0) {
      this.freeHead = this.famNext[s]!;
    } else {
      if (this.end === this.group.length) this.resize(Math.max(1024, Math.ceil(this.end * 1.25)));
      s = this.end++;
    }
    this.first[s] = -1;
    this.last[s] = -1;
    this.count[s] = 0;
    this.head[s] = 0;
    this.source[s] = -1;
    this.nextInBatch[s] = -1;
    this.size++;
    return s;
  }

  /**
   * Gives a series' pages back and frees its number.
   *
   * @param s - a live series
   */
  free(s: number): void {
    const pool = this.pool;
    let page = this.first[s]!;
    const last = this.last[s]!;
    while (page >= 0) {
      const next = pool.next[page]!;
      pool.free(page);
      page = page === last ? -1 : next;
    }
    this.group[s] = -1;
    this.gen[s]!++;
    this.famNext[s] = this.freeHead;
    this.freeHead = s;
    this.size--;
  }

  /**
   * Timestamp of the newest sample.
   *
   * @param s - a series
   * @returns ms since the epoch, or -Infinity when empty
   */
  lastTimestamp(s: number): number {
    const n = this.count[s]!;
    if (n === 0) return Number.NEGATIVE_INFINITY;
    return this.base[s]! + this.pool.offset(this.last[s]!, (this.head[s]! + n - 1) & SLOT_MASK);
  }

  /**
   * The newest value; only meaningful when the series holds a sample.
   *
   * @param s - a series
   * @returns the value
   */
  latestValue(s: number): number {
    return this.pool.value(this.last[s]!, (this.head[s]! + this.count[s]! - 1) & SLOT_MASK);
  }

  /**
   * Appends a sample. An older timestamp than the newest is refused; an equal one replaces
   * the newest value.
   *
   * @param s - a series
   * @param value - sample value
   * @param timestamp - ms since the epoch
   * @param maxSamples - count bound
   * @param maxAgeMs - age bound relative to this sample, or Infinity
   * @returns whether the sample was stored
   */
  push(s: number, value: number, timestamp: number, maxSamples: number, maxAgeMs: number): boolean {
    const pool = this.pool;
    const ts = Math.floor(timestamp);
    let n = this.count[s]!;
    if (n > 0) {
      const newest = this.lastTimestamp(s);
      if (ts < newest) return false;
      if (ts === newest) {
        pool.setValue(this.last[s]!, (this.head[s]! + n - 1) & SLOT_MASK, value);
        return true;
      }
      if (n >= maxSamples) this.dropOldest(s);
      if (maxAgeMs !== Number.POSITIVE_INFINITY) this.dropBefore(s, ts - maxAgeMs);
      n = this.count[s]!;
    }
    if (n === 0) this.base[s] = ts;
    else if (ts - this.base[s]! > MAX_OFFSET) {
      this.rebase(s, ts);
      n = this.count[s]!;
    }
    const slot = (this.head[s]! + n) & SLOT_MASK;
    if (n === 0 || slot === 0) {
      const page = pool.alloc();
      if (n === 0) {
        this.first[s] = page;
        this.head[s] = 0;
      } else {
        pool.next[this.last[s]!] = page;
      }
      this.last[s] = page;
    }
    pool.write(this.last[s]!, n === 0 ? 0 : slot, value, ts - this.base[s]!);
    this.count[s] = n + 1;
    return true;
  }

  /**
   * Copies the samples with `from < timestamp ≤ to` into `out` (replacing its content).
   *
   * @param s - a series
   * @param from - exclusive lower bound (ms)
   * @param to - inclusive upper bound (ms)
   * @param out - reusable buffer receiving the points in time order
   */
  collect(s: number, from: number, to: number, out: PointBuffer): void {
    out.n = 0;
    const n = this.count[s]!;
    if (n === 0 || this.lastTimestamp(s) <= from) return;
    const pool = this.pool;
    const base = this.base[s]!;
    let page = this.first[s]!;
    let slot = this.head[s]!;
    for (let i = 0; i < n; i++) {
      const t = base + pool.offset(page, slot);
      if (t > to) break;
      if (t > from) out.push(t, pool.value(page, slot));
      if (++slot === PAGE_SIZE) {
        slot = 0;
        page = pool.next[page]!;
      }
    }
  }

  /**
   * Drops the samples older than `cutoff`.
   *
   * @param s - a series
   * @param cutoff - samples with a timestamp below this (ms) go
   * @returns how many were dropped
   */
  dropBefore(s: number, cutoff: number): number {
    let dropped = 0;
    while (this.count[s]! > 0 && this.base[s]! + this.pool.offset(this.first[s]!, this.head[s]!) < cutoff) {
      this.dropOldest(s);
      dropped++;
    }
    return dropped;
  }

  private dropOldest(s: number): void {
    const n = --this.count[s]!;
    const pool = this.pool;
    if (n === 0) {
      pool.free(this.first[s]!);
      this.first[s] = -1;
      this.last[s] = -1;
      this.head[s] = 0;
      return;
    }
    if (++this.head[s]! === PAGE_SIZE) {
      const next = pool.next[this.first[s]!]!;
      pool.free(this.first[s]!);
      this.first[s] = next;
      this.head[s] = 0;
    }
  }

  /** Moves the base to the oldest sample that keeps `ts` representable, rewriting offsets. */
  private rebase(s: number, ts: number): void {
    const pool = this.pool;
    this.dropBefore(s, ts - MAX_OFFSET);
    const n = this.count[s]!;
    if (n === 0) {
      this.base[s] = ts;
      return;
    }
    let page = this.first[s]!;
    let slot = this.head[s]!;
    const shift = pool.offset(page, slot);
    for (let i = 0; i < n; i++) {
      pool.setOffset(page, slot, pool.offset(page, slot) - shift);
      if (++slot === PAGE_SIZE) {
        slot = 0;
        page = pool.next[page]!;
      }
    }
    this.base[s]! += shift;
  }

  private resize(length: number): void {
    this.first = grow(this.first, length);
    this.last = grow(this.last, length);
    this.count = grow(this.count, length);
    this.head = grow(this.head, length);
    this.base = grow(this.base, length);
    this.meta = grow(this.meta, length);
    this.source = grow(this.source, length);
    this.group = grow(this.group, length);
    this.labelAt = grow(this.labelAt, length);
    this.labelLen = grow(this.labelLen, length);
    this.gen = grow(this.gen, length);
    this.nextInBatch = grow(this.nextInBatch, length);
    this.famPrev = grow(this.famPrev, length);
    this.famNext = grow(this.famNext, length);
    this.grpPrev = grow(this.grpPrev, length);
    this.grpNext = grow(this.grpNext, length);
  }
}
