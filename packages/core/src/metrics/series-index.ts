import { WardenError } from '../errors/warden-error.js';
import { containsLabels, flatLabelsKey, formatLabels, formatSeries, labelsKey } from './labels.js';
import { PagePool } from './page-pool.js';
import { Series, type SeriesMeta } from './series.js';
import type { Labels, MetricType } from './types.js';

/** Every series of one metric name, indexed by label key and by asset. */
export interface Family {
  /** The metric name. */
  readonly name: string;
  /** Series by label key. */
  readonly series: Map<string, Series>;
  /** Series by `asset` label value (arrays: far smaller than sets for a handful of entries). */
  readonly byAsset: Map<string, Series[]>;
}

/** Which series to remove; every given field must match. */
export interface SeriesFilter {
  /** The `asset` label. */
  asset?: string;
  /** The metric name. */
  name?: string;
  /** Labels the series must contain. */
  labels?: Labels;
  /** The collector that owns the series. */
  source?: string;
}

const MAX_NAMED_CANDIDATES = 10;

/**
 * The store's series: families by name, the shared page pool and interned metadata.
 *
 * @internal
 */
export class SeriesIndex {
  /** Families by metric name. */
  readonly families = new Map<string, Family>();
  /** Where every sample lives. */
  readonly pool = new PagePool();
  private readonly metas = new Map<string, SeriesMeta>();
  /** Number of series. */
  size = 0;

  /**
   * The shared metadata object for these fields.
   *
   * @returns an interned {@link SeriesMeta}
   */
  meta(type: MetricType, unit: string | undefined, counterBits: 32 | 64 | undefined, description: string | undefined): SeriesMeta {
    const key = `${type}\0${unit ?? ''}\0${counterBits ?? ''}\0${description ?? ''}`;
    let meta = this.metas.get(key);
    if (meta === undefined) {
      meta = Object.freeze({ type, unit, counterBits, description });
      this.metas.set(key, meta);
    }
    return meta;
  }

  /**
   * Adds a series (the caller checked that its key is new).
   *
   * @returns the series
   */
  add(name: string, labels: Labels, meta: SeriesMeta, source: string | undefined): Series {
    const key = flatLabelsKey(labels.asset, labels);
    let family = this.families.get(name);
    if (family === undefined) {
      family = { name, series: new Map(), byAsset: new Map() };
      this.families.set(name, family);
    }
    const series = new Series(name, labels, meta, source);
    family.series.set(key, series);
    const asset = labels.asset as string;
    const list = family.byAsset.get(asset);
    if (list === undefined) family.byAsset.set(asset, [series]);
    else list.push(series);
    this.size++;
    return series;
  }

  /**
   * Every series of `name` whose labels contain `labels`.
   *
   * @returns the matching series, in insertion order
   */
  matching(name: string, labels: Labels | undefined): Series[] {
    const family = this.families.get(name);
    if (family === undefined) return [];
    const asset = labels?.asset;
    const pool: Iterable<Series> = asset === undefined ? family.series.values() : (family.byAsset.get(asset) ?? []);
    const out: Series[] = [];
    for (const series of pool) if (containsLabels(series.labels, labels)) out.push(series);
    return out;
  }

  /**
   * The one series meant by `labels`: the one whose labels equal them, else the only one
   * containing them.
   *
   * @returns the series, or undefined when none matches
   * @throws WardenError `ERR_AMBIGUOUS_SERIES` naming the candidates when several match
   */
  resolve(name: string, labels: Labels | undefined): Series | undefined {
    const family = this.families.get(name);
    if (family === undefined) return undefined;
    if (labels !== undefined) {
      const exact = family.series.get(labelsKey(labels));
      if (exact !== undefined) return exact;
    }
    const candidates = this.matching(name, labels);
    if (candidates.length <= 1) return candidates[0];
    const named = candidates.slice(0, MAX_NAMED_CANDIDATES).map((s) => formatSeries(name, s.labels));
    const more = candidates.length > MAX_NAMED_CANDIDATES ? ` and ${candidates.length - MAX_NAMED_CANDIDATES} more` : '';
    throw new WardenError(
      'ERR_AMBIGUOUS_SERIES',
      `${candidates.length} series of ${name} match ${formatLabels(labels)}: ${named.join(', ')}${more}; ` +
        'add labels to pick one, or use query() to get them all',
    );
  }

  /**
   * Removes one series and gives its pages back.
   *
   * @param series - a series of this index
   */
  remove(series: Series): void {
    const family = this.families.get(series.name);
    // The key is not kept on the series (it would cost more memory than recomputing it here).
    const key = labelsKey(series.labels);
    if (family === undefined || family.series.get(key) !== series) return;
    family.series.delete(key);
    const asset = series.labels.asset as string;
    const list = family.byAsset.get(asset);
    const at = list?.indexOf(series) ?? -1;
    if (list !== undefined && at >= 0) list.splice(at, 1);
    if (list?.length === 0) family.byAsset.delete(asset);
    if (family.series.size === 0) this.families.delete(series.name);
    series.release(this.pool);
    this.size--;
  }

  /**
   * Removes every series matching the filter (an empty filter removes everything).
   *
   * @returns how many were removed
   */
  removeWhere(filter: SeriesFilter): number {
    const doomed: Series[] = [];
    const families = filter.name === undefined ? [...this.families.values()] : [this.families.get(filter.name)];
    for (const family of families) {
      if (family === undefined) continue;
      const pool = filter.asset === undefined ? family.series.values() : (family.byAsset.get(filter.asset) ?? []);
      for (const series of pool) {
        if (filter.source !== undefined && series.source !== filter.source) continue;
        if (!containsLabels(series.labels, filter.labels)) continue;
        doomed.push(series);
      }
    }
    for (const series of doomed) this.remove(series);
    return doomed.length;
  }

  /** Every series, family by family. */
  *all(): IterableIterator<Series> {
    for (const family of this.families.values()) yield* family.series.values();
  }
}
