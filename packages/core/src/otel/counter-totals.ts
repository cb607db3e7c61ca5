import { counterDelta } from '../metrics/functions.js';
import type { SeriesInfo } from '../metrics/store-types.js';
import type { WardenMetrics } from '../warden/types.js';

interface Total {
  /** Timestamp of the newest sample already counted. */
  timestamp: number;
  /** Its raw value. */
  raw: number;
  /** What was last reported: the first raw value plus every increase since. */
  total: number;
  /** The collection pass that last saw the series in the store. */
  pass: number;
}

/**
 * Turns device counters (which wrap at 2^32 and restart at zero when a device reboots) into the
 * monotonic cumulative sums OpenTelemetry's counters must report. A series starts at its first
 * raw reading (so it matches the Prometheus exposition until the first wrap or reset); each new
 * sample adds the store's own `increase` since the last one, which reads wraps by the counter's
 * width and treats any other drop as a reset.
 */
export class CounterTotals {
  readonly #totals = new Map<string, Total>();
  #pass = 0;

  /** Starts a collection pass: series not seen in it are forgotten by {@link CounterTotals.endPass}. */
  beginPass(): void {
    this.#pass++;
  }

  /**
   * The cumulative total of a counter series, advanced to its newest sample.
   *
   * @param metrics - where to read the increase from
   * @param series - the series, with a newest sample
   * @returns the total to report
   */
  observe(metrics: Pick<WardenMetrics, 'increase'>, series: SeriesInfo & { latest: { value: number; timestamp: number } }): number {
    const key = seriesKey(series);
    const { value, timestamp } = series.latest;
    const known = this.#totals.get(key);
    if (known === undefined) {
      this.#totals.set(key, { timestamp, raw: value, total: value, pass: this.#pass });
      return value;
    }
    known.pass = this.#pass;
    if (timestamp > known.timestamp) {
      // The window `(at − window, at]` takes in the sample already counted, so the increase is
      // exactly what came after it, through every sample in between.
      const window = timestamp - known.timestamp + 1;
      const grew = metrics.increase(series.name, series.labels, window, { at: timestamp });
      known.total += grew ?? counterDelta(known.raw, value, series.counterBits);
      known.raw = value;
      known.timestamp = timestamp;
    }
    return known.total;
  }

  /**
   * Marks a series as still in the store without counting a sample (it is too old to publish).
   *
   * @param series - the series
   */
  keep(series: SeriesInfo): void {
    const known = this.#totals.get(seriesKey(series));
    if (known !== undefined) known.pass = this.#pass;
  }

  /** Forgets the series the store no longer holds. */
  endPass(): void {
    for (const [key, total] of this.#totals) if (total.pass !== this.#pass) this.#totals.delete(key);
  }

  /** How many series are tracked. */
  get size(): number {
    return this.#totals.size;
  }
}

function seriesKey(series: SeriesInfo): string {
  const labels = Object.keys(series.labels)
    .sort()
    .map((key) => `${key}\u0000${series.labels[key]}`)
    .join('\u0001');
  return `${series.name}\u0002${labels}`;
}
