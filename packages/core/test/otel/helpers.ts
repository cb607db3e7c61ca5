import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { z } from 'zod';
import type { Sample } from '../../src/metrics/types.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import type { Warden, WardenMetrics } from '../../src/warden/types.js';

/** A reader the test pulls from: `collect()` runs every observable callback now. */
class PullReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** One exported data point, flattened. */
export interface ExportedPoint {
  name: string;
  unit: string;
  /** `gauge`, or `sum` (with `monotonic`) for counters. */
  kind: 'gauge' | 'sum' | 'other';
  monotonic: boolean | undefined;
  attributes: Record<string, unknown>;
  value: number;
}

/** An OTel SDK MeterProvider with a pull reader, as an app would set one up. */
export interface TestOtel {
  meter: ReturnType<MeterProvider['getMeter']>;
  /** Runs a collection and returns every data point, and the SDK's errors. */
  collect(): Promise<{ points: ExportedPoint[]; errors: unknown[] }>;
  shutdown(): Promise<void>;
}

/**
 * Creates a MeterProvider whose only reader is pulled by the test.
 *
 * @param temporality - the reader's aggregation temporality @defaultValue `'cumulative'`, the SDK's default
 * @returns the meter and collect()
 */
export function createTestOtel(temporality: 'cumulative' | 'delta' = 'cumulative'): TestOtel {
  const selected = temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
  const reader = new PullReader({ aggregationTemporalitySelector: () => selected });
  const provider = new MeterProvider({ readers: [reader] });
  return {
    meter: provider.getMeter('warden-test'),
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      return { points: flatten(resourceMetrics), errors };
    },
    shutdown: () => provider.shutdown(),
  };
}

/**
 * Every data point of a collection, flattened.
 *
 * @param resourceMetrics - what the reader collected
 * @returns the points
 */
export function flatten(resourceMetrics: ResourceMetrics): ExportedPoint[] {
  const out: ExportedPoint[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const kind = metric.dataPointType === DataPointType.GAUGE ? 'gauge' : metric.dataPointType === DataPointType.SUM ? 'sum' : 'other';
      const monotonic = metric.dataPointType === DataPointType.SUM ? metric.isMonotonic : undefined;
      for (const point of metric.dataPoints as DataPoint<number>[]) {
        out.push({
          name: metric.descriptor.name,
          unit: metric.descriptor.unit,
          kind,
          monotonic,
          attributes: { ...point.attributes },
          value: point.value,
        });
      }
    }
  }
  return out;
}

/**
 * The points of one metric, optionally only those whose attributes contain `attributes`.
 *
 * @param points - a collection
 * @param name - the metric name
 * @param attributes - attributes the point must have
 * @returns the matching points
 */
export function pointsOf(points: ExportedPoint[], name: string, attributes: Record<string, string> = {}): ExportedPoint[] {
  return points.filter((p) => p.name === name && Object.entries(attributes).every(([key, value]) => p.attributes[key] === value));
}

/** What the `meter.readings` collector returns, per asset id. */
export type Readings = Record<string, Sample[]>;

/**
 * A plugin whose `meter.readings` collector returns whatever the test put in `readings` for
 * the asset, so a test decides every value, label and counter wrap.
 *
 * @param readings - the samples per asset, changed by the test between collections
 * @returns the plugin, ready for `createWarden({ plugins })`
 */
export function readingsPlugin(readings: Readings) {
  const factory = definePlugin({
    name: 'meter',
    version: '1.0.0',
    core: '^0.1.0',
    options: z.strictObject({}).optional(),
    setup(ctx) {
      ctx.collector({ name: 'readings', params: z.strictObject({}), collect: (asset) => readings[asset.id] ?? [] });
    },
  });
  return factory();
}

/**
 * The Warden seen through a store that lists its names (`names()`), standing in for a metric
 * store that has the method. Methods stay bound to the real Warden.
 *
 * @param warden - the real Warden
 * @param names - the names the stand-in lists, read at every call
 * @returns the Warden with `metrics.names()`
 */
export function withNames(warden: Warden, names: () => readonly string[]): Warden {
  const metrics = new Proxy(warden.metrics, {
    get: (target, key) => (key === 'names' ? names : bound(target, key)),
  }) as WardenMetrics;
  return new Proxy(warden, { get: (target, key) => (key === 'metrics' ? metrics : bound(target, key)) });
}

function bound(target: object, key: PropertyKey): unknown {
  const value = Reflect.get(target, key, target);
  return typeof value === 'function' ? value.bind(target) : value;
}
