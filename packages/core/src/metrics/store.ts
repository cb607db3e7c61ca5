import { z } from 'zod';
import { type ConfigIssue, configError, parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { type Clock, systemClock } from '../internal/clock.js';
import { parseDuration } from '../internal/duration.js';
import { renderExposition } from './exposition.js';
import * as fn from './functions.js';
import { assetLabelsKey, formatSeries, labelsKey, withAsset } from './labels.js';
import type { Series } from './series.js';
import { SeriesIndex } from './series-index.js';
import type {
  EvaluateOptions,
  IngestOptions,
  IngestResult,
  MetricStore,
  MetricStoreOptions,
  Point,
  SeriesHandle,
  SeriesInfo,
  SeriesOptions,
  WindowFunction,
  WindowResult,
} from './store-types.js';
import type { Labels, Sample } from './types.js';
import { checkLabels, checkMeta, describe, isMetricName, validateSamples } from './validate.js';

export type {
  EvaluateOptions,
  ExpositionOptions,
  IngestOptions,
  IngestResult,
  MetricStore,
  MetricStoreOptions,
  MetricStoreStats,
  Point,
  SeriesFilter,
  SeriesHandle,
  SeriesInfo,
  SeriesOptions,
  WindowFunction,
  WindowOptions,
  WindowResult,
} from './store-types.js';

/** Default for `maxSamplesPerSeries`: 3 hours at a 15 s interval. */
export const DEFAULT_MAX_SAMPLES_PER_SERIES = 720;

const optionsSchema = z
  .object({
    clock: z.custom<Clock>((v) => typeof (v as Clock | undefined)?.now === 'function', 'must be a Clock with now()').optional(),
    maxSamplesPerSeries: z.number().int().min(2).max(1_000_000).optional(),
    maxAge: z.union([z.number(), z.string()]).optional(),
    onConflict: z.custom<(err: WardenError) => void>((v) => typeof v === 'function', 'must be a function').optional(),
  })
  .strict();

enum Write {
  Ok = 0,
  OutOfOrder = 1,
  Conflict = 2,
}

const WINDOW_FUNCTIONS: readonly WindowFunction[] = ['last', 'avg', 'min', 'max', 'rate', 'increase', 'quantile', 'predictLinear'];

/**
 * Creates a bounded in-memory metric store: typed-array pages shared by every series, count
 * and age bounds, window functions for checks and a Prometheus exposition.
 *
 * @param options - clock, bounds and the conflict callback
 * @returns the store
 * @throws WardenError `ERR_CONFIG_INVALID` listing every invalid option
 * @example
 * ```ts
 * const store = createMetricStore({ maxSamplesPerSeries: 240 });
 * store.ingest('web-1', [{ name: 'system.cpu.utilization', value: 0.42, unit: '1' }], { source: 'host.local' });
 * store.latest('system.cpu.utilization', { asset: 'web-1' }); // { value: 0.42, timestamp: … }
 * ```
 */
export function createMetricStore(options: MetricStoreOptions = {}): MetricStore {
  const opts = parseConfig(optionsSchema, options, 'metric store options');
  const clock = opts.clock ?? systemClock;
  const maxSamples = opts.maxSamplesPerSeries ?? DEFAULT_MAX_SAMPLES_PER_SERIES;
  const maxAgeMs = opts.maxAge === undefined ? Number.POSITIVE_INFINITY : parseDuration(opts.maxAge, 'metric store options.maxAge');
  const onConflict = opts.onConflict;
  const index = new SeriesIndex();
  const pool = index.pool;
  const scratch = new fn.PointBuffer(256);
  const reported = new Set<string>();
  /** The series each (source, asset) batch resolved to last time; cleared on removal. */
  const lastBatch = new Map<string, Series[]>();
  let outOfOrder = 0;
  let conflicts = 0;

  function reportConflict(series: Series, intruder: string): void {
    conflicts++;
    const asset = series.labels.asset as string;
    const owner = series.source as string;
    const key = `${asset}\0${owner}\0${intruder}`;
    if (reported.has(key)) return;
    reported.add(key);
    const err = new WardenError(
      'ERR_SERIES_CONFLICT',
      `collectors "${owner}" and "${intruder}" both write ${formatSeries(series.name, series.labels)} for asset "${asset}"; ` +
        `"${owner}" wrote it first, so samples from "${intruder}" are dropped. Collect each series with one collector per asset ` +
        '(attach one of them to another asset or remove one collect job). Further conflicts between these collectors on this asset are not reported again.',
    );
    onConflict?.(err);
  }

  function write(series: Series, value: number, timestamp: number, source: string | undefined): Write {
    if (source !== undefined && series.source !== source) {
      if (series.source !== undefined) {
        reportConflict(series, source);
        return Write.Conflict;
      }
      series.source = source;
    }
    if (series.push(pool, value, timestamp, maxSamples, maxAgeMs)) return Write.Ok;
    outOfOrder++;
    return Write.OutOfOrder;
  }

  function updateMeta(series: Series, given: SeriesOptions | Sample): void {
    const m = series.meta;
    const type = given.type ?? m.type;
    const unit = given.unit ?? m.unit;
    const bits = given.counterBits ?? m.counterBits;
    const description = given.description ?? m.description;
    if (type === m.type && unit === m.unit && bits === m.counterBits && description === m.description) return;
    series.meta = index.meta(type, unit, bits, description);
    series.prefix = undefined;
  }

  function windowPoints(series: Series, window: string | number, at: number | undefined): fn.PointBuffer {
    const ms = parseDuration(window, 'window');
    const end = at ?? clock.now();
    series.collect(pool, end - ms, end, scratch);
    return scratch;
  }

  function apply(f: WindowFunction, series: Series, points: fn.Points, options: EvaluateOptions, end: number): number | undefined {
    switch (f) {
      case 'last':
        for (let i = points.n - 1; i >= 0; i--) if (!Number.isNaN(points.v[i]!)) return points.v[i];
        return undefined;
      case 'avg':
        return fn.avg(points);
      case 'min':
        return fn.min(points);
      case 'max':
        return fn.max(points);
      case 'rate':
        return fn.rate(points, series.meta.counterBits);
      case 'increase':
        return fn.increase(points, series.meta.counterBits);
      case 'quantile':
        return fn.quantile(points, options.q as number);
      case 'predictLinear':
        return fn.predictLinear(points, end, options.secondsAhead as number);
    }
  }

  function checkFunction(f: WindowFunction, options: EvaluateOptions): void {
    const issues: ConfigIssue[] = [];
    if (!WINDOW_FUNCTIONS.includes(f))
      issues.push({ path: 'fn', message: `must be one of ${WINDOW_FUNCTIONS.join(', ')}, got ${describe(f)}` });
    if (f === 'quantile' && !(typeof options.q === 'number' && options.q >= 0 && options.q <= 1)) {
      issues.push({ path: 'q', message: `must be a number from 0 to 1, got ${describe(options.q)}` });
    }
    if (f === 'predictLinear' && !(typeof options.secondsAhead === 'number' && Number.isFinite(options.secondsAhead))) {
      issues.push({ path: 'secondsAhead', message: `must be a finite number of seconds, got ${describe(options.secondsAhead)}` });
    }
    if (issues.length > 0) throw configError('window function arguments', issues);
  }

  function one(
    f: WindowFunction,
    name: string,
    labels: Labels | undefined,
    window: string | number,
    options: EvaluateOptions,
  ): number | undefined {
    checkFunction(f, options);
    const series = index.resolve(name, labels);
    if (series === undefined) return undefined;
    const end = options.at ?? clock.now();
    return apply(f, series, windowPoints(series, window, end), options, end);
  }

  function toPoint(series: Series): Point | undefined {
    return series.count === 0 ? undefined : { value: series.latestValue(pool), timestamp: series.lastTimestamp };
  }

  function toInfo(s: Series): SeriesInfo {
    const { unit, type, counterBits } = s.meta;
    return { name: s.name, labels: s.labels, unit, type, counterBits, latest: toPoint(s) };
  }

  function resolveForWrite(name: string, labels: Labels, options: SeriesOptions): Series {
    const key = labelsKey(labels);
    const existing = index.families.get(name)?.series.get(key);
    if (existing !== undefined) {
      updateMeta(existing, options);
      return existing;
    }
    const meta = index.meta(options.type ?? 'gauge', options.unit, options.counterBits, options.description);
    return index.add(name, withAsset(labels.asset as string, labels), meta, options.source);
  }

  return {
    ingest(assetId: string, samples: readonly Sample[], ingestOptions: IngestOptions = {}): IngestResult {
      const issues = validateSamples(assetId, samples);
      const { source, timestamp } = ingestOptions;
      if (source !== undefined && typeof source !== 'string') issues.push({ path: 'options.source', message: 'must be a collector name' });
      if (timestamp !== undefined && !(typeof timestamp === 'number' && Number.isFinite(timestamp) && timestamp >= 0)) {
        issues.push({ path: 'options.timestamp', message: `must be milliseconds since the epoch, got ${describe(timestamp)}` });
      }
      if (issues.length > 0) {
        throw configError(
          `samples for asset ${describe(assetId)}`,
          issues,
          'Nothing from this batch was stored; fix the collector that produced it.',
        );
      }
      const now = timestamp ?? clock.now();
      const result: IngestResult = { written: 0, outOfOrder: 0, conflicted: 0 };
      // A collector sends the same series in the same order every time: try last batch's first.
      const memoKey = source === undefined ? assetId : `${source}\0${assetId}`;
      const previous = lastBatch.get(memoKey);
      const resolved: Series[] = new Array(samples.length);
      for (let i = 0; i < samples.length; i++) {
        const sample = samples[i] as Sample;
        let series = previous?.[i];
        if (series === undefined || !series.matches(sample.name, sample.labels)) {
          series = index.families.get(sample.name)?.series.get(assetLabelsKey(assetId, sample.labels));
        }
        if (series === undefined) {
          const meta = index.meta(sample.type ?? 'gauge', sample.unit, sample.counterBits, sample.description);
          series = index.add(sample.name, withAsset(assetId, sample.labels), meta, source);
        } else if (sample.type !== undefined || sample.unit !== undefined || sample.description !== undefined) {
          updateMeta(series, sample);
        }
        resolved[i] = series;
        const outcome = write(series, sample.value, sample.timestamp ?? now, source);
        if (outcome === Write.Ok) result.written++;
        else if (outcome === Write.OutOfOrder) result.outOfOrder++;
        else result.conflicted++;
      }
      lastBatch.set(memoKey, resolved);
      return result;
    },

    series(name: string, labels: Labels, seriesOptions: SeriesOptions = {}): SeriesHandle {
      const issues: ConfigIssue[] = [];
      if (!isMetricName(name))
        issues.push({ path: 'name', message: `${describe(name)} is not a metric name such as "system.cpu.utilization"` });
      checkLabels(labels, 'labels', issues, true);
      if (typeof labels?.asset !== 'string' || labels.asset === '')
        issues.push({ path: 'labels.asset', message: 'is required: the asset the series belongs to' });
      checkMeta(seriesOptions as Record<string, unknown>, 'options', issues);
      if (issues.length > 0) throw configError(`series ${describe(name)}`, issues);
      const frozen = withAsset(labels.asset as string, labels);
      let series = resolveForWrite(name, frozen, seriesOptions);
      const source = seriesOptions.source;
      return {
        name,
        labels: frozen,
        push(value: number, timestamp?: number): boolean {
          if (typeof value !== 'number') {
            throw configError(`sample for ${formatSeries(name, frozen)}`, [
              { path: 'value', message: `must be a number, got ${describe(value)}` },
            ]);
          }
          if (series.removed) series = resolveForWrite(name, frozen, seriesOptions);
          return write(series, value, timestamp ?? clock.now(), source) === Write.Ok;
        },
      };
    },

    latest(name, labels) {
      const series = index.resolve(name, labels);
      return series === undefined ? undefined : toPoint(series);
    },

    query(name, labels) {
      return index.matching(name, labels).map(toInfo);
    },

    range(name, labels, from, to) {
      const series = index.resolve(name, labels);
      if (series === undefined) return [];
      series.collect(pool, Math.ceil(from) - 1, to, scratch);
      const out: Point[] = [];
      for (let i = 0; i < scratch.n; i++) out.push({ timestamp: scratch.t[i]!, value: scratch.v[i]! });
      return out;
    },

    rate: (name, labels, window, o = {}) => one('rate', name, labels, window, o),
    increase: (name, labels, window, o = {}) => one('increase', name, labels, window, o),
    avg: (name, labels, window, o = {}) => one('avg', name, labels, window, o),
    min: (name, labels, window, o = {}) => one('min', name, labels, window, o),
    max: (name, labels, window, o = {}) => one('max', name, labels, window, o),
    quantile: (name, labels, q, window, o = {}) => one('quantile', name, labels, window, { ...o, q }),
    predictLinear: (name, labels, window, secondsAhead, o = {}) => one('predictLinear', name, labels, window, { ...o, secondsAhead }),

    evaluate(name, labels, f, window, evaluateOptions = {}) {
      checkFunction(f, evaluateOptions);
      const end = evaluateOptions.at ?? clock.now();
      const out: WindowResult[] = [];
      for (const series of index.matching(name, labels)) {
        const points = windowPoints(series, window, end);
        let used = 0;
        for (let i = 0; i < points.n; i++) if (!Number.isNaN(points.v[i]!)) used++;
        out.push({ name, labels: series.labels, value: apply(f, series, points, evaluateOptions, end), points: used });
      }
      return out;
    },

    removeSeries(filter) {
      if (typeof filter !== 'object' || filter === null) {
        throw configError('series filter', [{ path: 'filter', message: 'must be an object { asset?, name?, labels?, source? }' }]);
      }
      lastBatch.clear();
      return index.removeWhere(filter);
    },

    dropStale(olderThan) {
      if (olderThan === undefined && maxAgeMs === Number.POSITIVE_INFINITY) {
        throw new WardenError('ERR_CONFIG_INVALID', 'dropStale() needs an age: pass one (e.g. "15m") or create the store with maxAge');
      }
      const now = clock.now();
      const cutoff = now - (olderThan === undefined ? maxAgeMs : parseDuration(olderThan, 'dropStale(olderThan)'));
      const ageCutoff = now - maxAgeMs;
      const doomed: Series[] = [];
      for (const series of index.all()) {
        if (maxAgeMs !== Number.POSITIVE_INFINITY) series.dropBefore(pool, ageCutoff);
        if (series.count === 0 || series.lastTimestamp < cutoff) doomed.push(series);
      }
      for (const series of doomed) index.remove(series);
      if (doomed.length > 0) lastBatch.clear();
      return doomed.length;
    },

    exposition(expositionOptions = {}) {
      const { asset } = expositionOptions;
      const groups: Iterable<Series>[] = [];
      for (const family of index.families.values()) {
        const group = asset === undefined ? family.series.values() : family.byAsset.get(asset);
        if (group !== undefined) groups.push(group);
      }
      return renderExposition(groups, pool);
    },

    stats() {
      let samples = 0;
      for (const series of index.all()) samples += series.count;
      return { series: index.size, samples, bytes: pool.bytes, outOfOrder, conflicts };
    },
  };
}
