import type { Duration } from '../internal/duration.js';

/** Options of {@link toOpenTelemetry}. */
export interface OpenTelemetryOptions {
  /**
   * The metric names to publish. Without it every metric Warden holds is published, which needs
   * a metric store that can list its names (`warden.metrics.names()`).
   * @defaultValue every metric
   */
  metrics?: readonly string[];
  /**
   * Leave out series whose newest sample is older than this (a removed interface, an asset no
   * longer collected); `false` publishes every series the store holds.
   * @defaultValue `'15m'`, as `metricsHandler`
   */
  staleAfter?: Duration | false;
}

/** What {@link toOpenTelemetry} returns: stops publishing. */
export interface OpenTelemetryPublisher {
  /** How many instruments were created so far: one per metric name, plus `warden.check.status`. */
  readonly instruments: number;
  /**
   * Stops publishing: removes the batch callback, so the next collection observes nothing from
   * this Warden. Idempotent. (OpenTelemetry has no way to delete an instrument; with nothing
   * observed, the SDK stops exporting its series.)
   */
  stop(): void;
}
