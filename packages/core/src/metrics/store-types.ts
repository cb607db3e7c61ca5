import type { WardenError } from '../errors/warden-error.js';
import type { Clock } from '../internal/clock.js';
import type { Duration } from '../internal/duration.js';
import type { Labels, MetricType, Sample } from './types.js';

/** Which series {@link MetricStore.removeSeries} removes; every given field must match. */
export interface SeriesFilter {
  /** The `asset` label. */
  asset?: string;
  /** The metric name. */
  name?: string;
  /** Labels the series must contain. */
  labels?: Labels;
  /** The collector that owns the series. */
  source?: string;
}

/** Options of {@link createMetricStore}. */
export interface MetricStoreOptions {
  /** Where "now" comes from (default timestamps, windows). @defaultValue `systemClock` */
  clock?: Clock;
  /** Samples kept per series; the oldest go first. @defaultValue `720` (3 h at 15 s) */
  maxSamplesPerSeries?: number;
  /** Samples older than this (relative to the series' newest sample) are dropped. @defaultValue unbounded */
  maxAge?: Duration;
  /**
   * Called once per (asset, owning collector, other collector) the first time a second
   * collector writes a series another one owns. The error's code is `ERR_SERIES_CONFLICT`.
   * @defaultValue ignore (the samples are still dropped and counted in `stats().conflicts`)
   */
  onConflict?: (err: WardenError) => void;
}

/** Options of {@link MetricStore.ingest}. */
export interface IngestOptions {
  /** The collector writing the samples: the first one to write a series owns it. */
  source?: string;
  /** Timestamp for samples that carry none (ms since the epoch). @defaultValue the clock's now */
  timestamp?: number;
}

/** What {@link MetricStore.ingest} did with a batch. */
export interface IngestResult {
  /** Samples stored. */
  written: number;
  /** Samples refused because they were older than the series' newest sample. */
  outOfOrder: number;
  /** Samples refused because another collector owns their series. */
  conflicted: number;
}

/** Metadata and owner given when resolving a {@link SeriesHandle}. */
export interface SeriesOptions {
  /** UCUM unit. */
  unit?: string;
  /** @defaultValue `'gauge'` */
  type?: MetricType;
  /** A counter's width. */
  counterBits?: 32 | 64;
  /** Help text for the exposition. */
  description?: string;
  /** The collector writing through this handle. */
  source?: string;
}

/** A pre-resolved series for hot loops: no label hashing per sample. */
export interface SeriesHandle {
  /** The metric name. */
  readonly name: string;
  /** The full label set, `asset` included. */
  readonly labels: Labels;
  /**
   * Appends a sample. Keeps working after the series was removed (it is re-created).
   *
   * @param value - the value (NaN and ±Infinity are stored as they are)
   * @param timestamp - ms since the epoch @defaultValue the clock's now
   * @returns false when the sample was refused (out of order, or another collector owns the series)
   * @throws WardenError `ERR_CONFIG_INVALID` when `value` is not a number
   */
  push(value: number, timestamp?: number): boolean;
}

/** One sample read back. */
export interface Point {
  /** The value. */
  value: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

/** A series as {@link MetricStore.query} describes it. */
export interface SeriesInfo {
  /** Metric name. */
  name: string;
  /** Full label set, `asset` included. */
  labels: Labels;
  /** UCUM unit, if known. */
  unit: string | undefined;
  /** Gauge or counter. */
  type: MetricType;
  /** A counter's width, if known. */
  counterBits: 32 | 64 | undefined;
  /** The newest sample, if any. */
  latest: Point | undefined;
}

/** A function evaluated over a window by {@link MetricStore.evaluate}. */
export type WindowFunction = 'last' | 'avg' | 'min' | 'max' | 'rate' | 'increase' | 'quantile' | 'predictLinear';

/** Options of the window functions. */
export interface WindowOptions {
  /** Evaluation time: the window is `(at − window, at]`. @defaultValue the clock's now */
  at?: number;
}

/** Options of {@link MetricStore.evaluate}. */
export interface EvaluateOptions extends WindowOptions {
  /** The quantile for `'quantile'`, 0 ≤ q ≤ 1. */
  q?: number;
  /** How far ahead `'predictLinear'` predicts, in seconds. */
  secondsAhead?: number;
}

/** One series' result from {@link MetricStore.evaluate}. */
export interface WindowResult {
  /** Metric name. */
  name: string;
  /** Full label set of the series. */
  labels: Labels;
  /** The result, or undefined when the window holds too few points (a rate needs two). */
  value: number | undefined;
  /** Points (non-NaN) in the window. */
  points: number;
}

/** What the store holds, from {@link MetricStore.stats}. */
export interface MetricStoreStats {
  /** Number of series. */
  series: number;
  /** Samples held across all series. */
  samples: number;
  /** Bytes allocated for sample buffers (typed-array slabs and page links). */
  bytes: number;
  /** Samples refused so far for being out of order. */
  outOfOrder: number;
  /** Samples refused so far because another collector owns the series. */
  conflicts: number;
}

/** Options of {@link MetricStore.exposition}. */
export interface ExpositionOptions {
  /** Only this asset's series. */
  asset?: string;
}

/**
 * Bounded in-memory time series: the working set checks read. See `docs/concepts/metrics.md`.
 * Label arguments of the read functions are matched as "the series whose labels equal these,
 * else the only one containing them"; several candidates throw `ERR_AMBIGUOUS_SERIES`.
 */
export interface MetricStore {
  /**
   * Validates and stores a batch of samples for one asset (adding the `asset` label).
   *
   * @throws WardenError `ERR_CONFIG_INVALID` listing every invalid sample field with its path; nothing is stored then
   */
  ingest(assetId: string, samples: readonly Sample[], options?: IngestOptions): IngestResult;
  /**
   * Resolves (creating if needed) a series for fast repeated writes.
   *
   * @param labels - the full label set; must include `asset`
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid name, labels or metadata
   */
  series(name: string, labels: Labels, options?: SeriesOptions): SeriesHandle;
  /** The newest sample of one series, or undefined. */
  latest(name: string, labels?: Labels): Point | undefined;
  /** Every series of `name` containing `labels`. */
  query(name: string, labels?: Labels): SeriesInfo[];
  /** The samples of one series with `from ≤ timestamp ≤ to` (ms). */
  range(name: string, labels: Labels | undefined, from: number, to: number): Point[];
  /** Per-second increase of a counter over the window (resets and wraps handled). */
  rate(name: string, labels: Labels | undefined, window: Duration, options?: WindowOptions): number | undefined;
  /** Increase of a counter over the window (resets and wraps handled). */
  increase(name: string, labels: Labels | undefined, window: Duration, options?: WindowOptions): number | undefined;
  /** Mean over the window. */
  avg(name: string, labels: Labels | undefined, window: Duration, options?: WindowOptions): number | undefined;
  /** Minimum over the window. */
  min(name: string, labels: Labels | undefined, window: Duration, options?: WindowOptions): number | undefined;
  /** Maximum over the window. */
  max(name: string, labels: Labels | undefined, window: Duration, options?: WindowOptions): number | undefined;
  /** The q-quantile (0 ≤ q ≤ 1) over the window. */
  quantile(name: string, labels: Labels | undefined, q: number, window: Duration, options?: WindowOptions): number | undefined;
  /** Least-squares prediction `secondsAhead` after the evaluation time, fitted over the window. */
  predictLinear(
    name: string,
    labels: Labels | undefined,
    window: Duration,
    secondsAhead: number,
    options?: WindowOptions,
  ): number | undefined;
  /** Evaluates a window function on every series of `name` containing `labels`. */
  evaluate(name: string, labels: Labels | undefined, fn: WindowFunction, window: Duration, options?: EvaluateOptions): WindowResult[];
  /** Removes the series matching the filter; returns how many. An empty filter removes all. */
  removeSeries(filter: SeriesFilter): number;
  /**
   * Removes series whose newest sample is older than `now − olderThan`, and drops samples
   * beyond `maxAge` from the others; returns how many series were removed.
   */
  dropStale(olderThan?: Duration): number;
  /** Prometheus text format of every series' newest value (or one asset's). */
  exposition(options?: ExpositionOptions): string;
  /** Counts and buffer bytes. */
  stats(): MetricStoreStats;
  /** The names of the metrics that have at least one series (no order promised). */
  names(): string[];
}
