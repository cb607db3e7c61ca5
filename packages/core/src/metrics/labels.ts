import type { Labels } from './types.js';

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
