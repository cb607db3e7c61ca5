import type { LabelPool } from './label-pool.js';
import type { Family } from './series-groups.js';
import type { SeriesIndex } from './series-index.js';
import type { StringTable } from './string-table.js';
import type { Labels } from './types.js';

/**
 * The labels asked for, as interned ids: the asset's id (-1 when not asked for) and
 * (name id, value id) pairs, where value id -1 means "the label must be absent" (a wanted
 * value of undefined). Undefined when no series can match (a string no series uses).
 */
function wantedIds(strings: StringTable, wanted: Labels | undefined): { asset: number; pairs: number[] } | undefined {
  let asset = -1;
  const pairs: number[] = [];
  for (const k in wanted) {
    const value = wanted[k];
    if (value === undefined) {
      if (k === 'asset') return undefined; // every series has an asset
      const kid = strings.id(k);
      if (kid !== undefined) pairs.push(kid, -1);
      continue;
    }
    const vid = typeof value === 'string' ? strings.id(value) : undefined;
    if (vid === undefined) return undefined;
    if (k === 'asset') {
      asset = vid;
      continue;
    }
    const kid = strings.id(k);
    if (kid === undefined) return undefined;
    pairs.push(kid, vid);
  }
  return { asset, pairs };
}

/** Whether the label set at `at` (`n` labels) has every pair of `pairs`, and none whose value id is -1. */
function hasPairs(labels: LabelPool, at: number, n: number, pairs: readonly number[]): boolean {
  const end = at + 2 * n;
  const data = labels.data;
  outer: for (let p = 0; p < pairs.length; p += 2) {
    for (let i = at; i < end; i += 2) {
      if (data[i] === pairs[p]) {
        if (data[i + 1] !== pairs[p + 1]) return false;
        continue outer;
      }
    }
    if (pairs[p + 1] !== -1) return false;
  }
  return true;
}

/**
 * The series of the given families whose labels contain `wanted` (and that `sourceId` owns,
 * when given). With an asset in `wanted`, only that (name, asset) group is walked, so the
 * cost is the matching series, not the family.
 *
 * @param index - the series
 * @param families - the families to look in
 * @param wanted - labels the series must have
 * @param sourceId - the owning collector's id, if it matters
 * @returns the series, family by family, each in insertion order
 * @internal
 */
export function collectMatching(
  index: SeriesIndex,
  families: readonly (Family | undefined)[],
  wanted: Labels | undefined,
  sourceId: number | undefined,
): number[] {
  const out: number[] = [];
  const ids = wantedIds(index.strings, wanted);
  if (ids === undefined) return out;
  const { asset, pairs } = ids;
  const t = index.table;
  const groups = index.groups;
  for (const family of families) {
    if (family === undefined) continue;
    const byGroup = asset >= 0;
    const g = byGroup ? groups.find(family.id, asset) : -1;
    if (byGroup && g < 0) continue;
    for (let s = byGroup ? groups.head[g]! : family.head; s >= 0; s = byGroup ? t.grpNext[s]! : t.famNext[s]!) {
      if (sourceId !== undefined && t.source[s] !== sourceId) continue;
      if (pairs.length === 0 || hasPairs(index.labels, t.labelAt[s]!, t.labelLen[s]!, pairs)) out.push(s);
    }
  }
  return out;
}
