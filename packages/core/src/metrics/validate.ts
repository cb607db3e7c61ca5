import type { ConfigIssue } from '../errors/config-error.js';

/** OpenTelemetry instrument-name syntax: a letter, then letters, digits, `_ . - /`; ≤ 255 characters. */
const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;
/** Label names: a letter or `_`, then letters, digits, `_ . -`; ≤ 128 characters. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

// Names repeat endlessly on the ingest path; remember the valid ones (bounded).
const validNames = new Set<string>();
const validLabelNames = new Set<string>();
const CACHE_LIMIT = 10_000;

function remember(cache: Set<string>, value: string): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.add(value);
}

/**
 * Whether a string is a valid metric name (OpenTelemetry instrument-name syntax).
 *
 * @param name - the candidate
 * @returns true when valid
 */
export function isMetricName(name: unknown): name is string {
  if (typeof name !== 'string') return false;
  if (validNames.has(name)) return true;
  if (!METRIC_NAME.test(name)) return false;
  remember(validNames, name);
  return true;
}

function isLabelName(name: string): boolean {
  if (validLabelNames.has(name)) return true;
  if (!LABEL_NAME.test(name)) return false;
  remember(validLabelNames, name);
  return true;
}

/**
 * Checks a label object, appending issues with paths under `path`.
 *
 * @param labels - the labels as given
 * @param path - where they sit, e.g. `samples[3].labels`
 * @param issues - collected issues
 * @param assetAllowed - whether an `asset` label may appear (series handles) or is reserved (samples)
 */
export function checkLabels(labels: unknown, path: string, issues: ConfigIssue[], assetAllowed: boolean): void {
  if (labels === undefined) return;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    issues.push({ path, message: 'must be an object of label names to string values' });
    return;
  }
  const record = labels as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (isLabelName(key) && key !== 'asset' && typeof value === 'string' && !value.includes('\0')) continue;
    const at = `${path}.${key}`;
    if (!isLabelName(key)) {
      issues.push({ path: at, message: "is not a valid label name (a letter or '_', then letters, digits, '_', '.', '-')" });
    } else if (key === 'asset' && !assetAllowed) {
      issues.push({ path: at, message: 'is reserved: Warden sets the asset label from the asset id; remove it' });
    }
    if (typeof value !== 'string') {
      issues.push({ path: at, message: `must be a string, got ${describe(value)}` });
    } else if (value.includes('\0')) {
      issues.push({ path: at, message: 'must not contain a NUL character' });
    }
  }
}

/**
 * Checks series metadata (`unit`, `type`, `counterBits`, `description`) on an object.
 *
 * @param meta - the object holding the fields
 * @param path - where it sits
 * @param issues - collected issues
 */
export function checkMeta(meta: Record<string, unknown>, path: string, issues: ConfigIssue[]): void {
  const { unit, type, counterBits, description } = meta;
  if (unit !== undefined && typeof unit !== 'string')
    issues.push({ path: `${path}.unit`, message: 'must be a UCUM unit string such as "By", "s" or "1"' });
  if (type !== undefined && type !== 'gauge' && type !== 'counter') {
    issues.push({ path: `${path}.type`, message: `must be "gauge" or "counter", got ${describe(type)}` });
  }
  if (counterBits !== undefined) {
    if (counterBits !== 32 && counterBits !== 64)
      issues.push({ path: `${path}.counterBits`, message: `must be 32 or 64, got ${describe(counterBits)}` });
    else if (type !== 'counter') issues.push({ path: `${path}.counterBits`, message: 'only applies to counters; set type: "counter"' });
  }
  if (description !== undefined && typeof description !== 'string')
    issues.push({ path: `${path}.description`, message: 'must be a string' });
}

/** The common case, checked without building any path string; false sends the sample to the detailed checks. */
function isValidSample(sample: unknown): boolean {
  if (typeof sample !== 'object' || sample === null) return false;
  const s = sample as Record<string, unknown>;
  if (!isMetricName(s.name) || typeof s.value !== 'number') return false;
  const { labels, unit, type, counterBits, description, timestamp } = s;
  if (unit !== undefined && typeof unit !== 'string') return false;
  if (description !== undefined && typeof description !== 'string') return false;
  if (
    type !== undefined &&
    type !== 'gauge' &&
    (type !== 'counter' || (counterBits !== undefined && counterBits !== 32 && counterBits !== 64))
  )
    return false;
  if (counterBits !== undefined && type !== 'counter') return false;
  if (s.reset !== undefined && ((s.reset !== true && s.reset !== false) || type !== 'counter')) return false;
  if (timestamp !== undefined && !(typeof timestamp === 'number' && timestamp >= 0 && timestamp < Number.POSITIVE_INFINITY)) return false;
  if (labels === undefined) return true;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return false;
  const record = labels as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (key === 'asset' || typeof value !== 'string' || !isLabelName(key) || value.includes('\0')) return false;
  }
  return true;
}

/**
 * Validates a batch of samples for one asset.
 *
 * @param assetId - the asset the samples belong to
 * @param samples - the batch as given
 * @returns every issue found, each with its path (`samples[3].labels.device`)
 */
export function validateSamples(assetId: unknown, samples: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (typeof assetId !== 'string' || assetId === '') issues.push({ path: 'assetId', message: 'must be a non-empty string' });
  if (!Array.isArray(samples)) {
    issues.push({ path: 'samples', message: 'must be an array of samples' });
    return issues;
  }
  for (let i = 0; i < samples.length; i++) {
    const sample: unknown = samples[i];
    if (isValidSample(sample)) continue;
    const path = `samples[${i}]`;
    if (typeof sample !== 'object' || sample === null) {
      issues.push({ path, message: 'must be a sample object { name, value, labels?, unit?, type?, counterBits?, timestamp? }' });
      continue;
    }
    const s = sample as Record<string, unknown>;
    if (!isMetricName(s.name)) {
      issues.push({
        path: `${path}.name`,
        message: `${describe(s.name)} is not a metric name; use an OpenTelemetry-style name such as "system.cpu.utilization" (a letter, then letters, digits, '_', '.', '-', '/')`,
      });
    }
    if (typeof s.value !== 'number') issues.push({ path: `${path}.value`, message: `must be a number, got ${describe(s.value)}` });
    checkLabels(s.labels, `${path}.labels`, issues, false);
    checkMeta(s, path, issues);
    if (s.reset !== undefined && typeof s.reset !== 'boolean')
      issues.push({ path: `${path}.reset`, message: `must be true or false, got ${describe(s.reset)}` });
    else if (s.reset !== undefined && s.type !== 'counter')
      issues.push({ path: `${path}.reset`, message: 'only applies to counters; set type: "counter"' });
    const ts = s.timestamp;
    if (ts !== undefined && (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0)) {
      issues.push({ path: `${path}.timestamp`, message: `must be milliseconds since the epoch, got ${describe(ts)}` });
    }
  }
  return issues;
}

/**
 * A short description of a value for messages.
 *
 * @param value - anything
 * @returns e.g. `"abc"`, `42`, `an object`, `undefined`
 */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
