import type { Labels } from './types.js';

// Reused by the key builders: they run once per ingested sample.
const scratchKeys: string[] = [];

/** Collects the names of `labels` other than `asset` into `scratchKeys`, sorted (insertion sort: sets are small). */
function sortedNames(labels: Labels): number {
  let n = 0;
  for (const k in labels) {
    if (k === 'asset') continue;
    let i = n++;
    while (i > 0 && (scratchKeys[i - 1] as string) > k) {
      scratchKeys[i] = scratchKeys[i - 1] as string;
      i--;
    }
    scratchKeys[i] = k;
  }
  return n;
}

/**
 * The identity of a label set within one metric: `asset\0value\0` first, then `name\0value\0`
 * for every other label in name order. Label names cannot contain NUL and validation refuses
 * NUL in values, so the key is unambiguous.
 *
 * @param labels - the full label set
 * @returns the key
 */
export function labelsKey(labels: Labels): string {
  return assetLabelsKey(labels.asset, labels);
}

/**
 * The same key as {@link assetLabelsKey}, built as one flat string. Keys kept in the index
 * use this: a key built by `+=` is a chain of rope nodes that would stay in memory (~5× the
 * key's own size).
 *
 * @param assetId - the asset label's value
 * @param labels - the other labels
 * @returns the key, flat
 */
export function flatLabelsKey(assetId: string | undefined, labels: Labels | undefined): string {
  const parts: string[] = assetId === undefined ? [] : ['asset', assetId];
  if (labels !== undefined) {
    const n = sortedNames(labels);
    for (let i = 0; i < n; i++) {
      const k = scratchKeys[i] as string;
      parts.push(k, labels[k] as string);
    }
  }
  if (parts.length === 0) return '';
  parts.push(''); // join puts the trailing NUL after the last value
  return parts.join('\0');
}

/**
 * The key {@link labelsKey} gives for `labels` plus `asset`, without building the merged
 * object (the ingest hot path).
 *
 * @param assetId - the asset label's value (undefined when the set has none)
 * @param labels - the other labels (an `asset` entry in them is ignored)
 * @returns the key
 */
export function assetLabelsKey(assetId: string | undefined, labels: Labels | undefined): string {
  let key = assetId === undefined ? '' : `asset\0${assetId}\0`;
  if (labels === undefined) return key;
  const n = sortedNames(labels);
  for (let i = 0; i < n; i++) {
    const k = scratchKeys[i] as string;
    key += `${k}\0${labels[k]}\0`;
  }
  return key;
}

/**
 * A frozen label set with `asset` added and keys in sorted order.
 *
 * @param assetId - the asset label's value
 * @param labels - the sample's own labels
 * @returns the stored label set
 */
export function withAsset(assetId: string, labels: Labels | undefined): Labels {
  const keys = labels === undefined ? [] : Object.keys(labels);
  keys.push('asset');
  keys.sort();
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = k === 'asset' ? assetId : (labels?.[k] as string);
  return Object.freeze(out);
}

/**
 * Whether `labels` has every label in `wanted` with the same value.
 *
 * @param labels - a series' labels
 * @param wanted - the labels asked for
 * @returns true when `wanted` is a subset of `labels`
 */
export function containsLabels(labels: Labels, wanted: Labels | undefined): boolean {
  if (wanted === undefined) return true;
  for (const k in wanted) {
    if (labels[k] !== wanted[k]) return false;
  }
  return true;
}

/**
 * Whether two label sets are equal.
 *
 * @param a - one set
 * @param b - the other
 * @returns true when both have the same names and values
 */
export function sameLabels(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Formats a label set for messages: `{asset="web-1",mountpoint="/"}`, keys sorted.
 *
 * @param labels - the label set
 * @returns the text
 */
export function formatLabels(labels: Labels | undefined): string {
  if (labels === undefined) return '{}';
  const keys = Object.keys(labels).sort();
  return `{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;
}

/**
 * Formats a series for messages: `name{labels}`.
 *
 * @param name - metric name
 * @param labels - label set
 * @returns the text
 */
export function formatSeries(name: string, labels: Labels | undefined): string {
  return `${name}${formatLabels(labels)}`;
}
