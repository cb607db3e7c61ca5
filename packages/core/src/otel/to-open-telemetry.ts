import type { BatchObservableResult, Meter, Observable, ObservableCounter, ObservableGauge } from '@opentelemetry/api';
import { z } from 'zod';
import { parseConfig } from '../errors/config-error.js';
import type { SeriesInfo } from '../metrics/store-types.js';
import type { MetricType } from '../metrics/types.js';
import { durationSchema } from '../warden/schedule.js';
import type { Warden } from '../warden/types.js';
import { CHECK_STATUS_METRIC, observeCheckStates } from './check-status.js';
import { CounterTotals } from './counter-totals.js';
import type { OpenTelemetryOptions, OpenTelemetryPublisher } from './types.js';

const optionsSchema = z.strictObject({
  metrics: z.array(z.string().min(1)).readonly().optional(),
  staleAfter: z.union([z.literal(false), durationSchema]).default(15 * 60_000),
});

const meterSchema = z.custom<Meter>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['createObservableGauge', 'createObservableCounter', 'addBatchObservableCallback', 'removeBatchObservableCallback'].every(
      (method) => typeof (value as Record<string, unknown>)[method] === 'function',
    ),
  'expected an OpenTelemetry Meter (metrics.getMeter(name) from @opentelemetry/api)',
);

type Instrument = ObservableGauge | ObservableCounter;

/**
 * Publishes a Warden's samples through OpenTelemetry observable instruments, so an app that
 * already exports OTel metrics (OTLP, Prometheus exporter, a vendor's SDK) carries Warden's too.
 *
 * - Each metric becomes an `ObservableGauge`, or an `ObservableCounter` for counters, named as
 *   in Warden (the names already follow the OTel semantic conventions), with Warden's UCUM unit;
 *   labels, `asset` included, become attributes. A series whose type or unit differs from the
 *   first one seen under its name is left out, as in the Prometheus exposition.
 * - Counters are reported as monotonic cumulative sums: a 32-bit wrap or a device reboot adds
 *   the real increase instead of going backwards.
 * - Check states are published as `warden.check.status` (attributes `check`, `asset`, `state`;
 *   1 for the current state, 0 for the others).
 * - Instruments are created as new metric names appear: when a collection or a check stores
 *   them, or else at the SDK collection that first sees them (reported from the next one).
 *   Values are read from the store at SDK collection time: nothing runs a collector or a check.
 *
 * `@opentelemetry/api` is an optional peer dependency: this module imports only its types, and
 * uses the meter it is given.
 *
 * @param warden - the Warden whose samples to publish
 * @param meter - an OpenTelemetry meter, e.g. `metrics.getMeter('warden')`
 * @param options - which metrics, and how old a series may be
 * @returns a handle whose `stop()` stops publishing
 * @throws WardenError `ERR_CONFIG_INVALID` for invalid options or something that is not a meter
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * import { toOpenTelemetry } from '@warden/core/otel';
 *
 * const publisher = toOpenTelemetry(warden, metrics.getMeter('warden'));
 * // … on shutdown
 * publisher.stop();
 * ```
 */
export function toOpenTelemetry(warden: Warden, meter: Meter, options: OpenTelemetryOptions = {}): OpenTelemetryPublisher {
  const opts = parseConfig(optionsSchema, options, 'toOpenTelemetry() options');
  parseConfig(meterSchema, meter, 'toOpenTelemetry() meter');
  const store = warden.metrics;
  const chosen = opts.metrics;
  const listNames = chosen === undefined ? () => store.names() : () => chosen;
  const instruments = new Map<string, { instrument: Instrument; type: MetricType; unit: string | undefined }>();
  const totals = new CounterTotals();
  const statusGauge = meter.createObservableGauge(CHECK_STATUS_METRIC, {
    unit: '1',
    description: 'State of each (check, asset) pair: 1 for the current state, 0 for the others',
  });
  let registered: Observable[] = [];
  let stopped = false;
  let rescheduled = false;

  /**
   * The instrument of a series' metric, created on first sight with that series' type and unit.
   * One instrument per name, as in the Prometheus exposition: a series whose type or unit
   * differs from the instrument's gets none (two same-named instruments of different kinds would
   * conflict downstream).
   */
  const instrumentFor = (series: SeriesInfo): { instrument: Instrument | undefined; created: boolean } => {
    const known = instruments.get(series.name);
    if (known !== undefined) {
      const matches = known.type === series.type && known.unit === series.unit;
      return { instrument: matches ? known.instrument : undefined, created: false };
    }
    if (series.name === CHECK_STATUS_METRIC) return { instrument: undefined, created: false };
    const metadata = series.unit === undefined ? {} : { unit: series.unit };
    const instrument =
      series.type === 'counter' ? meter.createObservableCounter(series.name, metadata) : meter.createObservableGauge(series.name, metadata);
    instruments.set(series.name, { instrument, type: series.type, unit: series.unit });
    return { instrument, created: true };
  };

  /** Creates the instruments of names not published yet; cheap when every name is known. */
  const discover = (): void => {
    let added = false;
    for (const name of listNames()) {
      if (instruments.has(name)) continue;
      for (const series of store.query(name)) added = instrumentFor(series).created || added;
    }
    if (added) register();
  };

  /** Reads every series; observes them when a result is given. Returns whether instruments were added. */
  const scan = (result: BatchObservableResult | undefined): boolean => {
    const now = warden.clock.now();
    let added = false;
    totals.beginPass();
    for (const name of listNames()) {
      for (const series of store.query(name)) {
        const latest = series.latest;
        if (latest === undefined || Number.isNaN(latest.value)) {
          totals.keep(series);
          continue;
        }
        const { instrument, created } = instrumentFor(series);
        added ||= created;
        if (instrument === undefined) continue;
        if (opts.staleAfter !== false && now - latest.timestamp > opts.staleAfter) {
          totals.keep(series);
          continue;
        }
        const value = series.type === 'counter' ? totals.observe(store, { ...series, latest }) : latest.value;
        // An instrument created in this pass is not in the registered set yet: the SDK ignores
        // the observation, and it is reported from the next collection on.
        if (result !== undefined && Number.isFinite(value)) result.observe(instrument, value, series.labels);
      }
    }
    totals.endPass();
    return added;
  };

  const register = (): void => {
    if (registered.length > 0) meter.removeBatchObservableCallback(callback, registered);
    registered = [statusGauge, ...[...instruments.values()].map((known) => known.instrument)];
    meter.addBatchObservableCallback(callback, registered);
  };

  function callback(result: BatchObservableResult): void {
    if (stopped) return;
    observeCheckStates(warden, statusGauge, result);
    if (scan(result) && !rescheduled) {
      // Re-registering while the SDK walks its callback list could make it skip someone
      // else's callback; once this collection's callbacks have all been called, it is safe.
      rescheduled = true;
      queueMicrotask(() => {
        rescheduled = false;
        if (!stopped) register();
      });
    }
  }

  scan(undefined);
  register();
  // A name that appears with a collection gets its instrument right away, between SDK
  // collections; one that appears otherwise (self-metrics) waits for the next collection.
  warden.on('collect:completed', discover);
  warden.on('check:result', discover);
  return {
    get instruments() {
      return instruments.size + 1;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      warden.off('collect:completed', discover);
      warden.off('check:result', discover);
      meter.removeBatchObservableCallback(callback, registered);
    },
  };
}
