import type { PointBuffer } from './functions.js';
import { PAGE_SIZE, type PagePool } from './page-pool.js';
import type { Labels, MetricType } from './types.js';

/** Largest timestamp offset a Uint32 slot holds (~49.7 days after the series' base). */
const MAX_OFFSET = 0xffff_ffff;

/** What is known about a series besides its samples; interned, so shared between series. */
export interface SeriesMeta {
  /** Gauge or counter. */
  readonly type: MetricType;
  /** UCUM unit, if given. */
  readonly unit: string | undefined;
  /** A counter's width, if given. */
  readonly counterBits: 32 | 64 | undefined;
  /** Help text, if given. */
  readonly description: string | undefined;
}

/**
 * One time series: a chain of pool pages used as a bounded FIFO. Samples are kept in
 * time order; the oldest are dropped when the count or age bound is reached, and a page
 * goes back to the pool as soon as its last sample is dropped.
 *
 * @internal
 */
export class Series {
  /** First page (holds the oldest sample), or -1 when empty. */
  private first = -1;
  /** Last page (holds the newest sample), or -1 when empty. */
  private last = -1;
  /** Slot of the oldest sample within `first`. */
  private headSlot = 0;
  /** Slots used in `last`. */
  private tailFill = 0;
  /** Samples held. */
  count = 0;
  /** Timestamp that slot offsets are relative to (ms since the epoch). */
  private base = 0;
  /** Offset of the newest sample (kept as an offset: a small integer costs no heap box). */
  private lastOffset = 0;
  /** Cached exposition prefix (`name{labels} `), rebuilt when the meta changes. */
  prefix: string | undefined = undefined;
  /** Prometheus family name the prefix belongs to. */
  family: string | undefined = undefined;
  /** Set once the store removed this series, so handles re-resolve. */
  removed = false;
  /** Number of labels, `asset` included (for quick equality checks). */
  readonly labelCount: number;

  /**
   * @param name - metric name
   * @param labels - all labels, `asset` included (frozen)
   * @param meta - interned metadata
   * @param source - the collector that owns the series, if known
   */
  constructor(
    readonly name: string,
    readonly labels: Labels,
    public meta: SeriesMeta,
    public source: string | undefined,
  ) {
    this.labelCount = Object.keys(labels).length;
  }

  /** Timestamp of the newest sample (ms), or -Infinity when empty. */
  get lastTimestamp(): number {
    return this.count === 0 ? Number.NEGATIVE_INFINITY : this.base + this.lastOffset;
  }

  /**
   * Whether this series is the one a sample of `assetId` with these name and labels goes to
   * (compares strings instead of building a key: the ingest fast path).
   *
   * @param name - the sample's metric name
   * @param labels - the sample's labels (without `asset`)
   * @returns true when name and every label match and no label is missing
   */
  matches(name: string, labels: Labels | undefined): boolean {
    if (this.removed || name !== this.name) return false;
    let n = 1;
    const own = this.labels;
    for (const k in labels) {
      if (own[k] !== labels[k]) return false;
      n++;
    }
    return n === this.labelCount;
  }

  /**
   * Appends a sample. An older timestamp than the newest is refused (returns false); an
   * equal timestamp replaces the newest value.
   *
   * @param pool - the page pool
   * @param value - sample value
   * @param timestamp - ms since the epoch
   * @param maxSamples - count bound
   * @param maxAgeMs - age bound relative to this sample, or Infinity
   * @returns whether the sample was stored
   */
  push(pool: PagePool, value: number, timestamp: number, maxSamples: number, maxAgeMs: number): boolean {
    const ts = Math.floor(timestamp);
    if (this.count > 0) {
      if (ts < this.lastTimestamp) return false;
      if (ts === this.lastTimestamp) {
        pool.setValue(this.last, this.tailFill - 1, value);
        return true;
      }
      if (this.count >= maxSamples) this.dropOldest(pool);
      if (maxAgeMs !== Number.POSITIVE_INFINITY) {
        const cutoff = ts - maxAgeMs;
        while (this.count > 0 && this.base + pool.offset(this.first, this.headSlot) < cutoff) this.dropOldest(pool);
      }
    }
    if (this.count === 0) this.base = ts;
    else if (ts - this.base > MAX_OFFSET) this.rebase(pool, ts);
    if (this.last < 0 || this.tailFill === PAGE_SIZE) {
      const page = pool.alloc();
      if (this.last < 0) {
        this.first = page;
        this.headSlot = 0;
      } else {
        pool.next[this.last] = page;
      }
      this.last = page;
      this.tailFill = 0;
    }
    pool.write(this.last, this.tailFill, value, ts - this.base);
    this.tailFill++;
    this.count++;
    this.lastOffset = ts - this.base;
    return true;
  }

  /** The newest value; only meaningful when `count > 0`. */
  latestValue(pool: PagePool): number {
    return pool.value(this.last, this.tailFill - 1);
  }

  /** The oldest timestamp, or undefined when empty. */
  oldestTimestamp(pool: PagePool): number | undefined {
    return this.count === 0 ? undefined : this.base + pool.offset(this.first, this.headSlot);
  }

  /**
   * Copies the samples with `from < timestamp ≤ to` into `out` (replacing its content).
   *
   * @param pool - the page pool
   * @param from - exclusive lower bound (ms)
   * @param to - inclusive upper bound (ms)
   * @param out - reusable buffer receiving the points in time order
   */
  collect(pool: PagePool, from: number, to: number, out: PointBuffer): void {
    out.n = 0;
    if (this.count === 0 || this.lastTimestamp <= from) return;
    let page = this.first;
    let slot = this.headSlot;
    for (let i = 0; i < this.count; i++) {
      const t = this.base + pool.offset(page, slot);
      if (t > to) break;
      if (t > from) out.push(t, pool.value(page, slot));
      if (++slot === PAGE_SIZE) {
        slot = 0;
        page = pool.next[page]!;
      }
    }
  }

  /**
   * Drops the samples older than `cutoff` (ms); returns how many were dropped.
   *
   * @param pool - the page pool
   * @param cutoff - samples with a timestamp below this go
   * @returns the number dropped
   */
  dropBefore(pool: PagePool, cutoff: number): number {
    let dropped = 0;
    while (this.count > 0 && this.base + pool.offset(this.first, this.headSlot) < cutoff) {
      this.dropOldest(pool);
      dropped++;
    }
    return dropped;
  }

  /**
   * Gives every page back to the pool and marks the series removed.
   *
   * @param pool - the page pool
   */
  release(pool: PagePool): void {
    let page = this.first;
    while (page >= 0) {
      const next = pool.next[page]!;
      pool.free(page);
      page = page === this.last ? -1 : next;
    }
    this.first = -1;
    this.last = -1;
    this.count = 0;
    this.tailFill = 0;
    this.headSlot = 0;
    this.removed = true;
  }

  private dropOldest(pool: PagePool): void {
    this.count--;
    if (this.count === 0) {
      pool.free(this.first);
      this.first = -1;
      this.last = -1;
      this.headSlot = 0;
      this.tailFill = 0;
      return;
    }
    if (++this.headSlot === PAGE_SIZE) {
      const next = pool.next[this.first]!;
      pool.free(this.first);
      this.first = next;
      this.headSlot = 0;
    }
  }

  /** Moves the base to the oldest sample that keeps `ts` representable, rewriting offsets. */
  private rebase(pool: PagePool, ts: number): void {
    while (this.count > 0 && ts - (this.base + pool.offset(this.first, this.headSlot)) > MAX_OFFSET) this.dropOldest(pool);
    if (this.count === 0) {
      this.base = ts;
      return;
    }
    const shift = pool.offset(this.first, this.headSlot);
    let page = this.first;
    let slot = this.headSlot;
    for (let i = 0; i < this.count; i++) {
      pool.setOffset(page, slot, pool.offset(page, slot) - shift);
      if (++slot === PAGE_SIZE) {
        slot = 0;
        page = pool.next[page]!;
      }
    }
    this.base += shift;
    this.lastOffset -= shift;
  }
}
