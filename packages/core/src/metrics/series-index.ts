import { WardenError } from '../errors/warden-error.js';
import { HashSlots, mix } from './hash-slots.js';
import { LabelPool, pairHash } from './label-pool.js';
import { formatLabels, formatSeries } from './labels.js';
import { PagePool } from './page-pool.js';
import { type Family, SeriesGroups } from './series-groups.js';
import { collectMatching } from './series-match.js';
import { SeriesTable } from './series-table.js';
import type { SeriesFilter } from './store-types.js';
import { StringTable } from './string-table.js';
import type { Labels } from './types.js';

const MAX_NAMED_CANDIDATES = 10;

function seriesHash(group: number, pairs: number, n: number): number {
  return mix((Math.imul(group, 0x27d4_eb2f) + pairs + n) | 0);
}

/**
 * The store's series: numbers into a {@link SeriesTable}, found by (name, asset, labels)
 * through one hash table of numbers, listed per metric name and per (name, asset) group.
 * Label names and values are interned; a series keeps only their ids.
 *
 * @internal
 */
export class SeriesIndex {
  /** Where every sample lives. */
  readonly pool = new PagePool();
  /** The series' columns. */
  readonly table = new SeriesTable(this.pool);
  /** Label names, label values and asset ids. */
  readonly strings = new StringTable();
  /** Label pairs of every series. */
  readonly labels = new LabelPool();
  /** (name, asset) groups. */
  readonly groups = new SeriesGroups();
  /** Families by metric name, in creation order. */
  readonly families = new Map<string, Family>();
  /** Families by id. */
  readonly familyById: (Family | undefined)[] = [];
  private readonly freeFamilies: number[] = [];
  private readonly slots = new HashSlots(1024);
  private readonly hashOf = (s: number): number => {
    const t = this.table;
    const at = t.labelAt[s]!;
    const n = t.labelLen[s]!;
    const data = this.labels.data;
    let sum = 0;
    for (let i = 0; i < n; i++) sum = (sum + pairHash(data[at + 2 * i]!, data[at + 2 * i + 1]!)) | 0;
    return seriesHash(t.group[s]!, sum, n);
  };
  private readonly isLive = (s: number): boolean => this.table.group[s]! >= 0;

  /** Number of series. */
  get size(): number {
    return this.table.size;
  }

  /**
   * The series of a name and asset with exactly these labels.
   *
   * @param name - metric name
   * @param asset - the asset label's value
   * @param labels - the other labels (an `asset` entry is ignored)
   * @returns the series, or -1
   */
  find(name: string, asset: string, labels: Labels | undefined): number {
    const family = this.families.get(name);
    const aid = this.strings.id(asset);
    if (family === undefined || aid === undefined) return -1;
    const g = this.groups.find(family.id, aid);
    if (g < 0) return -1;
    let sum = 0;
    let n = 0;
    for (const k in labels) {
      if (k === 'asset') continue;
      const kid = this.strings.id(k);
      const value = labels[k];
      const vid = typeof value === 'string' ? this.strings.id(value) : undefined;
      if (kid === undefined || vid === undefined) return -1;
      sum = (sum + pairHash(kid, vid)) | 0;
      n++;
    }
    const t = this.table;
    const slots = this.slots;
    for (let i = slots.start(seriesHash(g, sum, n)); ; i = slots.next(i)) {
      const s = slots.at(i);
      if (s < 0) return -1;
      if (t.group[s] === g && t.labelLen[s] === n && this.sameLabels(s, labels)) return s;
    }
  }

  /**
   * Whether series `s` is the one a sample of `asset` with this name and labels goes to
   * (compares strings without hashing: the ingest fast path).
   *
   * @returns true when it is
   */
  matches(s: number, name: string, asset: string, labels: Labels | undefined): boolean {
    const g = this.table.group[s]!;
    if (g < 0) return false;
    const strings = this.strings.strings;
    if (strings[this.groups.asset[g]!] !== asset || this.familyById[this.groups.family[g]!]?.name !== name) return false;
    let n = 0;
    for (const _ in labels) n++;
    return n === this.table.labelLen[s] && this.sameLabels(s, labels);
  }

  /**
   * Adds a series (the caller checked that it does not exist).
   *
   * @param name - metric name
   * @param asset - the asset label's value
   * @param labels - the other labels (an `asset` entry is ignored)
   * @param meta - interned metadata id
   * @param source - owning collector's id, or -1
   * @returns the new series
   */
  add(name: string, asset: string, labels: Labels | undefined, meta: number, source: number): number {
    let family = this.families.get(name);
    if (family === undefined) {
      family = { id: this.freeFamilies.pop() ?? this.familyById.length, name, head: -1, tail: -1, size: 0 };
      this.families.set(name, family);
      this.familyById[family.id] = family;
    }
    const aid = this.strings.id(asset);
    let g = aid === undefined ? -1 : this.groups.find(family.id, aid);
    if (g < 0) g = this.groups.add(family.id, this.strings.acquire(asset));
    const keys: string[] = [];
    for (const k in labels) if (k !== 'asset') keys.push(k);
    keys.sort();
    const at = this.labels.alloc(keys.length);
    const data = this.labels.data;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      data[at + 2 * i] = this.strings.acquire(k);
      data[at + 2 * i + 1] = this.strings.acquire((labels as Labels)[k] as string);
    }
    const t = this.table;
    const s = t.alloc();
    t.group[s] = g;
    t.labelAt[s] = at;
    t.labelLen[s] = keys.length;
    t.meta[s] = meta;
    t.source[s] = source;
    t.famPrev[s] = family.tail;
    t.famNext[s] = -1;
    if (family.tail >= 0) t.famNext[family.tail] = s;
    else family.head = s;
    family.tail = s;
    family.size++;
    const groups = this.groups;
    t.grpPrev[s] = groups.tail[g]!;
    t.grpNext[s] = -1;
    if (groups.tail[g]! >= 0) t.grpNext[groups.tail[g]!] = s;
    else groups.head[g] = s;
    groups.tail[g] = s;
    this.slots.insert(s, this.hashOf(s), this.hashOf);
    return s;
  }

  /**
   * Removes one series, giving back its pages, label room and strings.
   *
   * @param s - a live series
   */
  remove(s: number): void {
    const t = this.table;
    const groups = this.groups;
    const g = t.group[s]!;
    const family = this.familyById[groups.family[g]!] as Family;
    this.slots.remove(s, this.hashOf(s), this.hashOf);
    const prev = t.famPrev[s]!;
    const next = t.famNext[s]!;
    if (prev >= 0) t.famNext[prev] = next;
    else family.head = next;
    if (next >= 0) t.famPrev[next] = prev;
    else family.tail = prev;
    const gPrev = t.grpPrev[s]!;
    const gNext = t.grpNext[s]!;
    if (gPrev >= 0) t.grpNext[gPrev] = gNext;
    else groups.head[g] = gNext;
    if (gNext >= 0) t.grpPrev[gNext] = gPrev;
    else groups.tail[g] = gPrev;
    const at = t.labelAt[s]!;
    const n = t.labelLen[s]!;
    for (let i = 0; i < 2 * n; i++) this.strings.release(this.labels.data[at + i]!);
    t.free(s);
    if (this.labels.free(n)) this.labels.compact(t.labelAt, t.labelLen, this.isLive, t.end);
    if (groups.head[g]! < 0) {
      const aid = groups.asset[g]!;
      groups.remove(g);
      this.strings.release(aid);
    }
    if (--family.size === 0) {
      this.families.delete(family.name);
      this.familyById[family.id] = undefined;
      this.freeFamilies.push(family.id);
    }
  }

  /**
   * Every series of `name` whose labels contain `labels`, in insertion order.
   *
   * @returns the matching series
   */
  matching(name: string, labels: Labels | undefined): number[] {
    const family = this.families.get(name);
    if (family === undefined) return [];
    return collectMatching(this, [family], labels, undefined);
  }

  /**
   * The one series meant by `labels`: the one whose labels equal them, else the only one
   * containing them.
   *
   * @returns the series, or -1 when none matches
   * @throws WardenError `ERR_AMBIGUOUS_SERIES` naming the candidates when several match
   */
  resolve(name: string, labels: Labels | undefined): number {
    if (typeof labels?.asset === 'string') {
      const exact = this.find(name, labels.asset, labels);
      if (exact >= 0) return exact;
    }
    const candidates = this.matching(name, labels);
    if (candidates.length <= 1) return candidates[0] ?? -1;
    const named = candidates.slice(0, MAX_NAMED_CANDIDATES).map((s) => formatSeries(name, this.labelsOf(s)));
    const more = candidates.length > MAX_NAMED_CANDIDATES ? ` and ${candidates.length - MAX_NAMED_CANDIDATES} more` : '';
    throw new WardenError(
      'ERR_AMBIGUOUS_SERIES',
      `${candidates.length} series of ${name} match ${formatLabels(labels)}: ${named.join(', ')}${more}; ` +
        'add labels to pick one, or use query() to get them all',
    );
  }

  /**
   * Removes every series matching the filter (an empty filter removes everything).
   *
   * @returns how many were removed
   */
  removeWhere(filter: SeriesFilter, sourceId: number | undefined): number {
    const families = filter.name === undefined ? [...this.families.values()] : [this.families.get(filter.name)];
    // `asset` may come twice (filter.asset and filter.labels.asset): both must match.
    if (filter.asset !== undefined && filter.labels?.asset !== undefined && filter.labels.asset !== filter.asset) return 0;
    const wanted = filter.asset === undefined ? filter.labels : { ...filter.labels, asset: filter.asset };
    const doomed = collectMatching(this, families, wanted, sourceId);
    for (const s of doomed) this.remove(s);
    return doomed.length;
  }

  /**
   * The full label set of a series, `asset` included, names sorted.
   *
   * @param s - a live series
   * @returns a frozen label object
   */
  labelsOf(s: number): Labels {
    const t = this.table;
    const strings = this.strings.strings;
    const out: Record<string, string> = {};
    const at = t.labelAt[s]!;
    const n = t.labelLen[s]!;
    const data = this.labels.data;
    let i = 0;
    for (; i < n && (strings[data[at + 2 * i]!] as string) < 'asset'; i++) {
      out[strings[data[at + 2 * i]!] as string] = strings[data[at + 2 * i + 1]!] as string;
    }
    out.asset = this.assetOf(s);
    for (; i < n; i++) out[strings[data[at + 2 * i]!] as string] = strings[data[at + 2 * i + 1]!] as string;
    return Object.freeze(out);
  }

  /**
   * @param s - a live series
   * @returns its metric name
   */
  nameOf(s: number): string {
    return (this.familyById[this.groups.family[this.table.group[s]!]!] as Family).name;
  }

  /**
   * @param s - a live series
   * @returns its asset
   */
  assetOf(s: number): string {
    return this.strings.strings[this.groups.asset[this.table.group[s]!]!] as string;
  }

  /** Whether each stored label of `s` has the same value in `labels` (the caller compares counts). */
  private sameLabels(s: number, labels: Labels | undefined): boolean {
    const n = this.table.labelLen[s]!;
    if (n === 0) return true;
    if (labels === undefined) return false;
    const at = this.table.labelAt[s]!;
    const data = this.labels.data;
    const strings = this.strings.strings;
    for (let i = 0; i < n; i++) {
      if (labels[strings[data[at + 2 * i]!] as string] !== strings[data[at + 2 * i + 1]!]) return false;
    }
    return true;
  }
}
