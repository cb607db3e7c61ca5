import { type ConfigIssue, configError } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import type { Clock } from '../internal/clock.js';
import { formatSeries, withAsset } from './labels.js';
import { ResetTable } from './reset-table.js';
import type { SeriesIndex } from './series-index.js';
import type { MetaTable } from './series-meta.js';
import type { IngestOptions, IngestResult, SeriesHandle, SeriesOptions } from './store-types.js';
import type { Labels, Sample } from './types.js';
import { checkLabels, checkMeta, describe, isMetricName, validateSamples } from './validate.js';

enum Write {
  Ok = 0,
  OutOfOrder = 1,
  Conflict = 2,
}

/** What a {@link SeriesWriter} needs from its store. */
export interface WriterOptions {
  /** Where default timestamps come from. */
  clock: Clock;
  /** Count bound per series. */
  maxSamples: number;
  /** Age bound in ms, or Infinity. */
  maxAgeMs: number;
  /** Receives each newly seen ownership conflict. */
  onConflict: ((err: WardenError) => void) | undefined;
}

/**
 * The store's write path: validated batches (`ingest`), series handles, ownership and
 * metadata updates. Reads go straight to the index.
 *
 * @internal
 */
export class SeriesWriter {
  /** Samples refused so far for being out of order. */
  outOfOrder = 0;
  /** Samples refused so far because another collector owns the series. */
  conflicts = 0;
  private readonly reported = new Set<string>();
  /** Counter restarts collectors flagged (`Sample.reset`), read by rate and increase. */
  readonly resets = new ResetTable();
  /**
   * The first series of each asset's last batch, by interned asset id; the rest follow
   * `nextInBatch`. Only a guess, checked before use: two collectors of one asset just miss
   * on their first sample.
   */
  private batchStart = new Int32Array(256).fill(-1);

  /**
   * @param index - the series
   * @param metas - interned metadata and collector names
   * @param options - bounds, clock and conflict callback
   */
  constructor(
    private readonly index: SeriesIndex,
    private readonly metas: MetaTable,
    private readonly options: WriterOptions,
  ) {}

  /**
   * Validates and stores a batch for one asset; see {@link MetricStore.ingest}.
   *
   * @returns what was written and refused
   * @throws WardenError `ERR_CONFIG_INVALID` listing every invalid field; nothing is stored then
   */
  ingest(assetId: string, samples: readonly Sample[], ingestOptions: IngestOptions): IngestResult {
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
    const { index, metas } = this;
    const t = index.table;
    const now = timestamp ?? this.options.clock.now();
    const sourceId = metas.source(source);
    const result: IngestResult = { written: 0, outOfOrder: 0, conflicted: 0 };
    // A collector sends the same series in the same order every time: follow last batch's chain.
    const assetKey = index.strings.id(assetId) ?? -1;
    let guess = assetKey >= 0 && assetKey < this.batchStart.length ? this.batchStart[assetKey]! : -1;
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
        this.updateMeta(s, sample);
      }
      if (previous < 0) first = s;
      else t.nextInBatch[previous] = s;
      previous = s;
      guess = t.nextInBatch[s]!;
      const at = sample.timestamp ?? now;
      const outcome = this.write(s, sample.value, at, sourceId);
      if (outcome === Write.Ok && sample.reset === true) this.resets.add(s, t.gen[s]!, at);
      if (outcome === Write.Ok) result.written++;
      else if (outcome === Write.OutOfOrder) result.outOfOrder++;
      else result.conflicted++;
    }
    if (first >= 0) this.rememberBatch(assetId, first);
    return result;
  }

  /**
   * Resolves (creating if needed) a series for repeated writes; see {@link MetricStore.series}.
   *
   * @returns the handle
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid name, labels or metadata
   */
  handle(name: string, labels: Labels, seriesOptions: SeriesOptions): SeriesHandle {
    const issues: ConfigIssue[] = [];
    if (!isMetricName(name))
      issues.push({ path: 'name', message: `${describe(name)} is not a metric name such as "system.cpu.utilization"` });
    checkLabels(labels, 'labels', issues, true);
    if (typeof labels?.asset !== 'string' || labels.asset === '')
      issues.push({ path: 'labels.asset', message: 'is required: the asset the series belongs to' });
    checkMeta(seriesOptions as Record<string, unknown>, 'options', issues);
    if (issues.length > 0) throw configError(`series ${describe(name)}`, issues);
    const frozen = withAsset(labels.asset as string, labels);
    const sourceId = this.metas.source(seriesOptions.source);
    const t = this.index.table;
    let s = this.resolveForWrite(name, frozen, seriesOptions, sourceId);
    let gen = t.gen[s];
    const writer = this;
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
          s = writer.resolveForWrite(name, frozen, seriesOptions, sourceId);
          gen = t.gen[s];
        }
        return writer.write(s, value, timestamp ?? writer.options.clock.now(), sourceId) === Write.Ok;
      },
    };
  }

  private write(s: number, value: number, timestamp: number, sourceId: number): Write {
    const t = this.index.table;
    if (sourceId >= 0 && t.source[s] !== sourceId) {
      if (t.source[s]! >= 0) {
        this.reportConflict(s, this.metas.sources[sourceId] as string);
        return Write.Conflict;
      }
      t.source[s] = sourceId;
    }
    if (t.push(s, value, timestamp, this.options.maxSamples, this.options.maxAgeMs)) return Write.Ok;
    this.outOfOrder++;
    return Write.OutOfOrder;
  }

  private reportConflict(s: number, intruder: string): void {
    this.conflicts++;
    const { index } = this;
    const asset = index.assetOf(s);
    const owner = this.metas.sources[index.table.source[s]!] as string;
    const key = `${asset}\0${owner}\0${intruder}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const err = new WardenError(
      'ERR_SERIES_CONFLICT',
      `collectors "${owner}" and "${intruder}" both write ${formatSeries(index.nameOf(s), index.labelsOf(s))} for asset "${asset}"; ` +
        `"${owner}" wrote it first, so samples from "${intruder}" are dropped. Collect each series with one collector per asset ` +
        '(attach one of them to another asset or remove one collect job). Further conflicts between these collectors on this asset are not reported again.',
    );
    this.options.onConflict?.(err);
  }

  private updateMeta(s: number, given: SeriesOptions | Sample): void {
    const t = this.index.table;
    const m = this.metas.metas[t.meta[s]!]!;
    const type = given.type ?? m.type;
    const unit = given.unit ?? m.unit;
    const bits = given.counterBits ?? m.counterBits;
    const description = given.description ?? m.description;
    if (type === m.type && unit === m.unit && bits === m.counterBits && description === m.description) return;
    t.meta[s] = this.metas.meta(type, unit, bits, description);
  }

  /** Finds or creates the series for a full label set (`asset` included). */
  private resolveForWrite(name: string, labels: Labels, options: SeriesOptions, sourceId: number): number {
    const asset = labels.asset as string;
    const existing = this.index.find(name, asset, labels);
    if (existing >= 0) {
      this.updateMeta(existing, options);
      return existing;
    }
    const meta = this.metas.meta(options.type ?? 'gauge', options.unit, options.counterBits, options.description);
    return this.index.add(name, asset, labels, meta, sourceId);
  }

  private rememberBatch(assetId: string, first: number): void {
    const key = this.index.strings.id(assetId) as number; // interned: the asset has a series now
    if (key >= this.batchStart.length) {
      const grown = new Int32Array(Math.max(key + 1, this.batchStart.length * 2)).fill(-1);
      grown.set(this.batchStart);
      this.batchStart = grown;
    }
    this.batchStart[key] = first;
  }
}
