import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { SampleSummary, SchedulerCounters } from './types.js';

/** How many recent samples a {@link SampleWindow} keeps. */
export const WINDOW_SIZE = 1024;

/** The most recent {@link WINDOW_SIZE} samples of a quantity, in a ring buffer (no allocation per sample). */
export class SampleWindow {
  private readonly ring = new Float64Array(WINDOW_SIZE);
  private count = 0;
  private next = 0;

  /**
   * Records a sample.
   *
   * @param value - the sample (ms)
   */
  add(value: number): void {
    this.ring[this.next] = value;
    this.next = (this.next + 1) % WINDOW_SIZE;
    if (this.count < WINDOW_SIZE) this.count++;
  }

  /** Forgets every sample. */
  reset(): void {
    this.count = 0;
    this.next = 0;
  }

  /**
   * Median, 99th percentile and maximum of the samples held.
   *
   * @returns the summary (zeros when empty)
   */
  summary(): SampleSummary {
    if (this.count === 0) return { p50: 0, p99: 0, max: 0, count: 0 };
    const sorted = this.ring.slice(0, this.count).sort();
    return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[this.count - 1] as number, count: this.count };
  }
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

/** All counters at zero. */
export function newCounters(): SchedulerCounters {
  return { runs: 0, ok: 0, failed: 0, overruns: 0, timeouts: 0, abandoned: 0, missed: 0, yields: 0 };
}

/**
 * Event-loop delay as the host app experiences it (perf_hooks' histogram). Enabled on `start()`,
 * disabled on `stop()`; the histogram's own timer never keeps the process alive.
 */
export class LoopDelayMonitor {
  private histogram: IntervalHistogram | undefined;

  /** Starts measuring (idempotent). */
  enable(): void {
    if (this.histogram !== undefined) return;
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
  }

  /** Stops measuring and drops the histogram. */
  disable(): void {
    this.histogram?.disable();
    this.histogram = undefined;
  }

  /** Clears the recorded delays. */
  reset(): void {
    this.histogram?.reset();
  }

  /**
   * The delays recorded since enable or the last reset, in ms.
   *
   * @returns the summary, or undefined when not measuring
   */
  summary(): SampleSummary | undefined {
    const h = this.histogram;
    if (h === undefined) return undefined;
    if (h.count === 0) return { p50: 0, p99: 0, max: 0, count: 0 };
    return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, count: h.count };
  }
}
