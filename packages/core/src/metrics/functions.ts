/**
 * Window functions over the points of one series. Every function skips NaN values
 * (a NaN means "no reading") and returns `undefined` when too few points remain.
 */

/** Points in time order: `t[i]` (ms since the epoch) and `v[i]`, for `i < n`. */
export interface Points {
  /** Timestamps in milliseconds. */
  readonly t: ArrayLike<number>;
  /** Values. */
  readonly v: ArrayLike<number>;
  /** How many points are valid. */
  readonly n: number;
}

/** A reusable, growable buffer of points. */
export class PointBuffer implements Points {
  /** Timestamps. */
  t: Float64Array;
  /** Values. */
  v: Float64Array;
  /** Points held. */
  n = 0;

  /** @param capacity - initial capacity */
  constructor(capacity = 64) {
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  /**
   * Builds a buffer from `[timestamp, value]` pairs.
   *
   * @param pairs - points in time order
   * @returns the buffer
   */
  static from(pairs: readonly (readonly [number, number])[]): PointBuffer {
    const out = new PointBuffer(Math.max(1, pairs.length));
    for (const [t, v] of pairs) out.push(t, v);
    return out;
  }

  /**
   * Appends a point.
   *
   * @param t - timestamp (ms)
   * @param v - value
   */
  push(t: number, v: number): void {
    if (this.n === this.t.length) {
      const t2 = new Float64Array(this.n * 2);
      const v2 = new Float64Array(this.n * 2);
      t2.set(this.t);
      v2.set(this.v);
      this.t = t2;
      this.v = v2;
    }
    this.t[this.n] = t;
    this.v[this.n] = v;
    this.n++;
  }
}

/**
 * How much a counter grew from `prev` to `cur`. A drop is a wrap when the counter has a
 * width, `prev` is in the top quarter of its range and `cur` in the bottom quarter; the
 * increase is then `2^bits − prev + cur`. Any other drop is a reset (the counter restarted
 * from zero), and the increase is `cur`.
 *
 * @param prev - earlier reading
 * @param cur - later reading
 * @param counterBits - the counter's width, if known
 * @returns the increase, never negative for non-negative readings
 */
export function counterDelta(prev: number, cur: number, counterBits?: 32 | 64): number {
  if (cur >= prev) return cur - prev;
  if (counterBits !== undefined) {
    const range = 2 ** counterBits;
    if (prev >= range * 0.75 && prev <= range && cur < range * 0.25) return range - prev + cur;
  }
  return cur;
}

/**
 * Total increase of a counter across the points, resets and wraps included. A reading the
 * collector flagged as the first after a restart (`resets`) that dropped counts from zero: a
 * rebooted device's counter is never read as a wrap. One that did not drop is an ordinary rise:
 * the agent restarted but the counter kept counting (snmpd reads the kernel's), and counting it
 * from zero would add the counter's whole value.
 *
 * @param points - the window
 * @param counterBits - the counter's width, if known
 * @param resets - times of flagged restarts, oldest first
 * @returns the increase, or undefined with fewer than two (non-NaN) points
 */
export function increase(points: Points, counterBits?: 32 | 64, resets: readonly number[] = []): number | undefined {
  let prev = Number.NaN;
  let prevT = Number.NEGATIVE_INFINITY;
  let used = 0;
  let total = 0;
  let r = 0;
  for (let i = 0; i < points.n; i++) {
    const v = points.v[i]!;
    if (Number.isNaN(v)) continue;
    const t = points.t[i]!;
    let restarted = false;
    while (r < resets.length && resets[r]! <= t) restarted = resets[r++]! > prevT || restarted;
    if (used > 0) total += restarted && v < prev ? v : counterDelta(prev, v, counterBits);
    prev = v;
    prevT = t;
    used++;
  }
  return used < 2 ? undefined : total;
}

/**
 * Per-second rate of a counter: {@link increase} divided by the seconds between the first
 * and the last point used (no extrapolation to the window's edges).
 *
 * @param points - the window
 * @param counterBits - the counter's width, if known
 * @param resets - times of flagged restarts, oldest first
 * @returns the rate per second, or undefined with fewer than two points
 */
export function rate(points: Points, counterBits?: 32 | 64, resets: readonly number[] = []): number | undefined {
  const inc = increase(points, counterBits, resets);
  if (inc === undefined) return undefined;
  let first = -1;
  let last = -1;
  for (let i = 0; i < points.n; i++) {
    if (Number.isNaN(points.v[i]!)) continue;
    if (first < 0) first = i;
    last = i;
  }
  const seconds = (points.t[last]! - points.t[first]!) / 1000;
  return seconds > 0 ? inc / seconds : undefined;
}

/**
 * Mean of the values.
 *
 * @param points - the window
 * @returns the mean, or undefined when there is no value
 */
export function avg(points: Points): number | undefined {
  let sum = 0;
  let used = 0;
  for (let i = 0; i < points.n; i++) {
    const v = points.v[i]!;
    if (Number.isNaN(v)) continue;
    sum += v;
    used++;
  }
  return used === 0 ? undefined : sum / used;
}

/**
 * Smallest value.
 *
 * @param points - the window
 * @returns the minimum, or undefined when there is no value
 */
export function min(points: Points): number | undefined {
  let out: number | undefined;
  for (let i = 0; i < points.n; i++) {
    const v = points.v[i]!;
    if (!Number.isNaN(v) && (out === undefined || v < out)) out = v;
  }
  return out;
}

/**
 * Largest value.
 *
 * @param points - the window
 * @returns the maximum, or undefined when there is no value
 */
export function max(points: Points): number | undefined {
  let out: number | undefined;
  for (let i = 0; i < points.n; i++) {
    const v = points.v[i]!;
    if (!Number.isNaN(v) && (out === undefined || v > out)) out = v;
  }
  return out;
}

/**
 * The φ-quantile of the values, interpolating linearly between the two nearest ranks
 * (as Prometheus `quantile_over_time`).
 *
 * @param points - the window
 * @param q - 0 ≤ q ≤ 1
 * @returns the quantile, or undefined when there is no value
 */
export function quantile(points: Points, q: number): number | undefined {
  const values: number[] = [];
  for (let i = 0; i < points.n; i++) {
    const v = points.v[i]!;
    if (!Number.isNaN(v)) values.push(v);
  }
  if (values.length === 0) return undefined;
  values.sort((a, b) => a - b);
  const rank = q * (values.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(values.length - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return values[lower]! * (1 - weight) + values[upper]! * weight;
}

/**
 * Predicts the value `secondsAhead` after `at` by ordinary least squares over the points
 * (as Prometheus `predict_linear`, whose intercept is taken at the evaluation time).
 *
 * @param points - the window
 * @param at - evaluation time (ms)
 * @param secondsAhead - how far ahead of `at` to predict
 * @returns the predicted value, or undefined with fewer than two distinct timestamps
 */
export function predictLinear(points: Points, at: number, secondsAhead: number): number | undefined {
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumX2 = 0;
  for (let i = 0; i < points.n; i++) {
    const y = points.v[i]!;
    if (Number.isNaN(y)) continue;
    const x = (points.t[i]! - at) / 1000;
    n++;
    sumX += x;
    sumY += y;
    sumXY += x * y;
    sumX2 += x * x;
  }
  if (n < 2) return undefined;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  if (varX === 0) return undefined;
  const slope = covXY / varX;
  const intercept = sumY / n - (slope * sumX) / n;
  return intercept + slope * secondsAhead;
}
