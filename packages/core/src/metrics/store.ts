import { z } from 'zod';
import { configError, parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { type Clock, systemClock } from '../internal/clock.js';
import { parseDuration } from '../internal/duration.js';
import { renderExposition } from './exposition.js';
import { PointBuffer } from './functions.js';
import { SeriesIndex } from './series-index.js';
import { MetaTable } from './series-meta.js';
import { SeriesWriter } from './series-writer.js';
import type { EvaluateOptions, MetricStore, MetricStoreOptions, Point, SeriesInfo, WindowFunction, WindowResult } from './store-types.js';
import type { Labels } from './types.js';
import { applyWindow, checkWindowFunction, readings } from './window.js';

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

/**
 * Creates a bounded in-memory metric store: typed-array pages shared by every series, series
 * kept as numbered rows of typed-array columns with interned labels, count and age bounds,
 * window functions for checks and a Prometheus exposition.
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
  const index = new SeriesIndex();
  const t = index.table;
  const metas = new MetaTable();
  const writer = new SeriesWriter(index, metas, { clock, maxSamples, maxAgeMs, onConflict: opts.onConflict });
  const scratch = new PointBuffer(256);

  function one(
    f: WindowFunction,
    name: string,
    labels: Labels | undefined,
    window: string | number,
    options: EvaluateOptions,
  ): number | undefined {
    checkWindowFunction(f, options);
    const s = index.resolve(name, labels);
    if (s < 0) return undefined;
    const end = options.at ?? clock.now();
    return applyWindow(f, windowPoints(s, window, end), metas.metas[t.meta[s]!]!.counterBits, options, end, writer.resets.of(s, t.gen[s]!));
  }

  function windowPoints(s: number, window: string | number, end: number): PointBuffer {
    t.collect(s, end - parseDuration(window, 'window'), end, scratch);
    return scratch;
  }

  function toPoint(s: number): Point | undefined {
    return t.count[s] === 0 ? undefined : { value: t.latestValue(s), timestamp: t.lastTimestamp(s) };
  }

  function toInfo(s: number): SeriesInfo {
    const { unit, type, counterBits } = metas.metas[t.meta[s]!]!;
    return { name: index.nameOf(s), labels: index.labelsOf(s), unit, type, counterBits, latest: toPoint(s) };
  }

  return {
    ingest: (assetId, samples, ingestOptions = {}) => writer.ingest(assetId, samples, ingestOptions),
    series: (name, labels, seriesOptions = {}) => writer.handle(name, labels, seriesOptions),

    latest(name, labels) {
      const s = index.resolve(name, labels);
      return s < 0 ? undefined : toPoint(s);
    },

    query(name, labels) {
      return index.matching(name, labels).map(toInfo);
    },

    range(name, labels, from, to) {
      const s = index.resolve(name, labels);
      if (s < 0) return [];
      t.collect(s, Math.ceil(from) - 1, to, scratch);
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
      checkWindowFunction(f, evaluateOptions);
      const end = evaluateOptions.at ?? clock.now();
      const out: WindowResult[] = [];
      for (const s of index.matching(name, labels)) {
        const points = windowPoints(s, window, end);
        const value = applyWindow(f, points, metas.metas[t.meta[s]!]!.counterBits, evaluateOptions, end, writer.resets.of(s, t.gen[s]!));
        out.push({ name, labels: index.labelsOf(s), value, points: readings(points) });
      }
      return out;
    },

    removeSeries(filter) {
      if (typeof filter !== 'object' || filter === null) {
        throw configError('series filter', [{ path: 'filter', message: 'must be an object { asset?, name?, labels?, source? }' }]);
      }
      const sourceId = filter.source === undefined ? undefined : metas.knownSource(filter.source);
      if (filter.source !== undefined && sourceId === undefined) return 0;
      return index.removeWhere(filter, sourceId);
    },

    dropStale(olderThan) {
      if (olderThan === undefined && maxAgeMs === Number.POSITIVE_INFINITY) {
        throw new WardenError('ERR_CONFIG_INVALID', 'dropStale() needs an age: pass one (e.g. "15m") or create the store with maxAge');
      }
      const now = clock.now();
      const cutoff = now - (olderThan === undefined ? maxAgeMs : parseDuration(olderThan, 'dropStale(olderThan)'));
      const ageCutoff = now - maxAgeMs;
      const doomed: number[] = [];
      for (let s = 0; s < t.end; s++) {
        if (t.group[s]! < 0) continue;
        if (maxAgeMs !== Number.POSITIVE_INFINITY) t.dropBefore(s, ageCutoff);
        if (t.count[s] === 0 || t.lastTimestamp(s) < cutoff) doomed.push(s);
      }
      for (const s of doomed) index.remove(s);
      return doomed.length;
    },

    exposition(expositionOptions = {}) {
      return renderExposition(index, metas.metas, expositionOptions.asset);
    },

    names() {
      return [...index.families.keys()];
    },

    stats() {
      let samples = 0;
      for (let s = 0; s < t.end; s++) if (t.group[s]! >= 0) samples += t.count[s]!;
      return { series: index.size, samples, bytes: index.pool.bytes, outOfOrder: writer.outOfOrder, conflicts: writer.conflicts };
    },
  };
}
