import { z } from 'zod';
import { type ConfigIssue, configError, parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { type Clock, systemClock } from '../internal/clock.js';
import { parseDuration } from '../internal/duration.js';
import { renderExposition } from './exposition.js';
import { PointBuffer } from './functions.js';
import { formatSeries, withAsset } from './labels.js';
import { SeriesIndex } from './series-index.js';
import { MetaTable } from './series-meta.js';
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
import { applyWindow, checkWindowFunction, readings } from './window.js';

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
  const onConflict = opts.onConflict;
  const index = new SeriesIndex();
  const t = index.table;
  const metas = new MetaTable();
  const scratch = new PointBuffer(256);
  const reported = new Set<string>();
  /**
   * The first series of each asset's last batch, by interned asset id; the rest follow
   * `nextInBatch`. Only a guess, checked before use: two collectors of one asset just miss
   * on their first sample.
   */
  let batchStart = new Int32Array(256).fill(-1);
  let outOfOrder = 0;
  let conflicts = 0;

  function reportConflict(s: number, intruder: string): void {
    conflicts++;
    const asset = index.assetOf(s);
    const owner = metas.sources[t.source[s]!] as string;
    const key = `${asset}\0${owner}\0${intruder}`;
    if (reported.has(key)) return;
    reported.add(key);
    const err = new WardenError(
      'ERR_SERIES_CONFLICT',
      `collectors "${owner}" and "${intruder}" both write ${formatSeries(index.nameOf(s), index.labelsOf(s))} for asset "${asset}"; ` +
        `"${owner}" wrote it first, so samples from "${intruder}" are dropped. Collect each series with one collector per asset ` +
        '(attach one of them to another asset or remove one collect job). Further conflicts between these collectors on this asset are not reported again.',
    );
    onConflict?.(err);
  }

  function write(s: number, value: number, timestamp: number, sourceId: number): Write {
    if (sourceId >= 0 && t.source[s] !== sourceId) {
      if (t.source[s]! >= 0) {
        reportConflict(s, metas.sources[sourceId] as string);
        return Write.Conflict;
      }
      t.source[s] = sourceId;
    }
    if (t.push(s, value, timestamp, maxSamples, maxAgeMs)) return Write.Ok;
    outOfOrder++;
    return Write.OutOfOrder;
  }

  function updateMeta(s: number, given: SeriesOptions | Sample): void {
    const m = metas.metas[t.meta[s]!]!;
    const type = given.type ?? m.type;
    const unit = given.unit ?? m.unit;
    const bits = given.counterBits ?? m.counterBits;
    const description = given.description ?? m.description;
    if (type === m.type && unit === m.unit && bits === m.counterBits && description === m.description) return;
    t.meta[s] = metas.meta(type, unit, bits, description);
  }

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
    return applyWindow(f, windowPoints(s, window, end), metas.metas[t.meta[s]!]!.counterBits, options, end);
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

  /** Finds or creates the series for a full label set (`asset` included). */
  function resolveForWrite(name: string, labels: Labels, options: SeriesOptions, sourceId: number): number {
    const asset = labels.asset as string;
    const existing = index.find(name, asset, labels);
    if (existing >= 0) {
      updateMeta(existing, options);
      return existing;
    }
    return index.add(
      name,
      asset,
      labels,
      metas.meta(options.type ?? 'gauge', options.unit, options.counterBits, options.description),
      sourceId,
    );
  }

  function rememberBatch(assetId: string, first: number): void {
    const key = index.strings.id(assetId) as number; // interned: the asset has a series now
    if (key >= batchStart.length) {
      const grown = new Int32Array(Math.max(key + 1, batchStart.length * 2)).fill(-1);
      grown.set(batchStart);
      batchStart = grown;
    }
    batchStart[key] = first;
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
      const sourceId = metas.source(source);
      const result: IngestResult = { written: 0, outOfOrder: 0, conflicted: 0 };
      // A collector sends the same series in the same order every time: follow last batch's chain.
      const assetKey = index.strings.id(assetId) ?? -1;
      let guess = assetKey >= 0 && assetKey < batchStart.length ? batchStart[assetKey]! : -1;
      let first = -1;
      let previous = -1;
      for (let i = 0; i < samples.length; i++) {
        const sample = samples[i] as Sample;
        let s = guess;
        if (s < 0 || !index.matches(s, sample.name, assetId, sample.labels)) s = index.find(sample.name, assetId, sample.labels);
        if (s < 0) {
          const meta = metas.meta(sample.type ?? 'gauge', sample.unit, sample.counterBits, sample.description);
          s = index.add(sample.name, assetId, sample.labels, meta, sourceId);
        } else if (sample.type !== undefined || sample.unit !== undefined || sample.description !== undefined) {
          updateMeta(s, sample);
        }
        if (previous < 0) first = s;
        else t.nextInBatch[previous] = s;
        previous = s;
        guess = t.nextInBatch[s]!;
        const outcome = write(s, sample.value, sample.timestamp ?? now, sourceId);
        if (outcome === Write.Ok) result.written++;
        else if (outcome === Write.OutOfOrder) result.outOfOrder++;
        else result.conflicted++;
      }
      if (first >= 0) rememberBatch(assetId, first);
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
      const sourceId = metas.source(seriesOptions.source);
      let s = resolveForWrite(name, frozen, seriesOptions, sourceId);
      let gen = t.gen[s];
      return {
        name,
        labels: frozen,
        push(value: number, timestamp?: number): boolean {
          if (typeof value !== 'number') {
            throw configError(`sample for ${formatSeries(name, frozen)}`, [
              { path: 'value', message: `must be a number, got ${describe(value)}` },
            ]);
          }
          if (t.gen[s] !== gen) {
            // The series was removed (its number may serve another series now): re-create it.
            s = resolveForWrite(name, frozen, seriesOptions, sourceId);
            gen = t.gen[s];
          }
          return write(s, value, timestamp ?? clock.now(), sourceId) === Write.Ok;
        },
      };
    },

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
        const value = applyWindow(f, points, metas.metas[t.meta[s]!]!.counterBits, evaluateOptions, end);
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

    stats() {
      let samples = 0;
      for (let s = 0; s < t.end; s++) if (t.group[s]! >= 0) samples += t.count[s]!;
      return { series: index.size, samples, bytes: index.pool.bytes, outOfOrder, conflicts };
    },
  };
}
