import type { MetricType } from './types.js';

/** What is known about a series besides its samples; interned, so shared between series. */
export interface SeriesMeta {
  /** Gauge or counter. */
  readonly type: MetricType;
  /** UCUM unit, if given. */
  readonly unit: string | undefined;
  /** A counter's width, if given. */
  readonly counterBits: 32 | 64 | undefined;
  /** Help text, if given. */
  readonly description: string | undefined;
}

/**
 * Interned metadata and collector names, each stored once and referred to by a small id
 * from the series table. Both sets are small (a few units, types and collectors), so
 * entries are never freed.
 *
 * @internal
 */
export class MetaTable {
  /** Metadata by id. */
  readonly metas: SeriesMeta[] = [];
  /** Collector names by id. */
  readonly sources: string[] = [];
  private readonly metaIds = new Map<string, number>();
  private readonly sourceIds = new Map<string, number>();

  /**
   * The id of the metadata with these fields, interning it if new.
   *
   * @returns the id
   */
  meta(type: MetricType, unit: string | undefined, counterBits: 32 | 64 | undefined, description: string | undefined): number {
    const key = `${type}\0${unit ?? ''}\0${counterBits ?? ''}\0${description ?? ''}`;
    let id = this.metaIds.get(key);
    if (id === undefined) {
      id = this.metas.length;
      this.metas.push(Object.freeze({ type, unit, counterBits, description }));
      this.metaIds.set(key, id);
    }
    return id;
  }

  /**
   * The id of a collector name, interning it if new.
   *
   * @param name - the collector, or undefined
   * @returns the id, or -1 for undefined
   */
  source(name: string | undefined): number {
    if (name === undefined) return -1;
    let id = this.sourceIds.get(name);
    if (id === undefined) {
      id = this.sources.length;
      this.sources.push(name);
      this.sourceIds.set(name, id);
    }
    return id;
  }

  /**
   * The id of a known collector name, without interning.
   *
   * @param name - the collector
   * @returns the id, or undefined when no series ever had it
   */
  knownSource(name: string): number | undefined {
    return this.sourceIds.get(name);
  }
}
