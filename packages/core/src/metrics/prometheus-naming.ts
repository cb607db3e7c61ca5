import type { MetricType } from './types.js';

/**
 * OpenTelemetry → Prometheus naming, after the OTel specification "Prometheus and
 * OpenMetrics compatibility": invalid characters become `_`, UCUM units become a word
 * suffix, counters end in `_total`. Two additions keep `promtool check metrics` clean:
 * camelCase is turned into snake_case and `:` (reserved for recording rules) becomes `_`.
 */

/** UCUM unit → Prometheus word, as the OTel Collector's translator maps them. */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  // time
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  // information
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tebibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  bit: 'bits',
  kbit: 'kilobits',
  Mbit: 'megabits',
  Gbit: 'gigabits',
  // SI
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  // misc
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/** UCUM unit after `/` → singular word (`By/s` → `bytes_per_second`). */
const PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/**
 * Replaces characters outside `[a-zA-Z0-9_]` with `_`, turns camelCase into snake_case,
 * collapses runs of `_`, and puts `_` before a leading digit.
 *
 * @param text - a name or a unit word
 * @returns the sanitized text
 */
export function sanitizeName(text: string): string {
  let out = text.replace(/[^a-zA-Z0-9_]/g, '_');
  if (/[a-z][A-Z]/.test(out)) out = out.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  out = out.replace(/__+/g, '_');
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

function unitWord(unit: string, words: Readonly<Record<string, string>>): string {
  const known = words[unit] ?? UNIT_WORDS[unit];
  if (known !== undefined) return known;
  return sanitizeName(unit).replace(/^_+|_+$/g, '');
}

/**
 * The Prometheus unit suffix for a UCUM unit: `{…}` annotations are dropped, known units
 * become words (`By` → `bytes`), `a/b` becomes `a_per_b`, and `1` becomes `ratio` for
 * gauges (nothing for counters).
 *
 * @param unit - UCUM unit, e.g. `By`, `bit/s`, `{packet}`, `1`
 * @param type - the metric type
 * @returns the suffix without a leading `_`, or `''` for none
 * @example
 * ```ts
 * prometheusUnit('bit/s', 'gauge'); // 'bits_per_second'
 * prometheusUnit('{packet}', 'counter'); // ''
 * ```
 */
export function prometheusUnit(unit: string | undefined, type: MetricType): string {
  if (unit === undefined) return '';
  const stripped = unit.replace(/\{[^}]*\}/g, '').trim();
  if (stripped === '') return '';
  if (stripped === '1') return type === 'gauge' ? 'ratio' : '';
  const slash = stripped.indexOf('/');
  if (slash < 0) return unitWord(stripped, UNIT_WORDS);
  const main = stripped.slice(0, slash).trim();
  const per = unitWord(stripped.slice(slash + 1).trim(), PER_UNIT_WORDS);
  const mainWord = main === '' || main === '1' ? '' : unitWord(main, UNIT_WORDS);
  if (per === '') return mainWord;
  return mainWord === '' ? `per_${per}` : `${mainWord}_per_${per}`;
}

/**
 * The Prometheus metric (family) name for an OpenTelemetry metric.
 *
 * @param name - OTel metric name, e.g. `system.network.io`
 * @param unit - its UCUM unit
 * @param type - gauge or counter
 * @returns e.g. `system_network_io_bytes_total`
 * @example
 * ```ts
 * prometheusName('system.filesystem.utilization', '1', 'gauge'); // 'system_filesystem_utilization_ratio'
 * prometheusName('system.network.io', 'By', 'counter'); // 'system_network_io_bytes_total'
 * prometheusName('system.process.count', '{process}', 'gauge'); // 'system_process_count_value'
 * ```
 */
export function prometheusName(name: string, unit: string | undefined, type: MetricType): string {
  let out = sanitizeName(name);
  if (type === 'counter' && out.endsWith('_total')) out = out.slice(0, -'_total'.length);
  const suffix = prometheusUnit(unit, type);
  if (suffix !== '' && out !== suffix && !out.endsWith(`_${suffix}`)) out = `${out}_${suffix}`;
  if (type === 'counter') out = `${out}_total`;
  // `_count`, `_sum` and `_bucket` are reserved for histogram and summary series (promtool
  // rejects them on a gauge): `system.process.count` becomes `system_process_count_value`.
  else if (/_(count|sum|bucket)$/.test(out)) out = `${out}_value`;
  return out.replace(/__+/g, '_');
}

/** A unit converted to Prometheus' base unit: exposed value = stored value × `mul` ÷ `div`. */
export interface BaseUnit {
  /** The UCUM unit to name the family with (`s`, `By`, `By/s`, or the unit unchanged). */
  unit: string | undefined;
  /** Multiplier. */
  mul: number;
  /** Divisor (kept apart so `ms` → `s` divides by 1000 exactly rather than multiplying by 0.001). */
  div: number;
}

/** Time and information units → seconds and bytes, as Prometheus (and `promtool check metrics`) want. */
const BASE_UNITS: Readonly<Record<string, { unit: string; mul: number; div: number }>> = {
  ms: { unit: 's', mul: 1, div: 1e3 },
  us: { unit: 's', mul: 1, div: 1e6 },
  ns: { unit: 's', mul: 1, div: 1e9 },
  min: { unit: 's', mul: 60, div: 1 },
  h: { unit: 's', mul: 3600, div: 1 },
  d: { unit: 's', mul: 86_400, div: 1 },
  bit: { unit: 'By', mul: 1, div: 8 },
  kbit: { unit: 'By', mul: 125, div: 1 },
  Mbit: { unit: 'By', mul: 125_000, div: 1 },
  Gbit: { unit: 'By', mul: 125_000_000, div: 1 },
  KBy: { unit: 'By', mul: 1e3, div: 1 },
  MBy: { unit: 'By', mul: 1e6, div: 1 },
  GBy: { unit: 'By', mul: 1e9, div: 1 },
  TBy: { unit: 'By', mul: 1e12, div: 1 },
  KiBy: { unit: 'By', mul: 2 ** 10, div: 1 },
  MiBy: { unit: 'By', mul: 2 ** 20, div: 1 },
  GiBy: { unit: 'By', mul: 2 ** 30, div: 1 },
  TiBy: { unit: 'By', mul: 2 ** 40, div: 1 },
};

/**
 * The base unit the exposition uses for a stored unit: times become seconds and sizes bytes
 * (the part after `/` is kept), so `bit/s` is exposed as `_bytes_per_second` with values ÷ 8.
 * The store keeps what the collector reported; only the exposition converts.
 *
 * @param unit - the stored UCUM unit
 * @returns the unit to name the family with and the value scale
 * @example
 * ```ts
 * prometheusBaseUnit('bit/s'); // { unit: 'By/s', mul: 1, div: 8 }
 * ```
 */
export function prometheusBaseUnit(unit: string | undefined): BaseUnit {
  if (unit === undefined) return { unit, mul: 1, div: 1 };
  const slash = unit.indexOf('/');
  const base = BASE_UNITS[(slash < 0 ? unit : unit.slice(0, slash)).trim()];
  if (base === undefined) return { unit, mul: 1, div: 1 };
  return { unit: base.unit + (slash < 0 ? '' : unit.slice(slash)), mul: base.mul, div: base.div };
}

/**
 * The Prometheus label name for an attribute key (`k8s.pod.name` → `k8s_pod_name`).
 *
 * @param key - the label name as stored
 * @returns a name matching `[a-zA-Z_][a-zA-Z0-9_]*`
 */
export function prometheusLabelName(key: string): string {
  return sanitizeName(key);
}

/**
 * Escapes a label value for the text format: backslash, double quote and newline.
 *
 * @param value - raw value
 * @returns the escaped value (without surrounding quotes)
 */
export function escapeLabelValue(value: string): string {
  return /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

/**
 * Escapes `# HELP` text: backslash and newline.
 *
 * @param text - raw help text
 * @returns the escaped text
 */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/**
 * Formats a sample value as Prometheus expects (`NaN`, `+Inf`, `-Inf`, else the shortest
 * round-tripping decimal).
 *
 * @param value - the value
 * @returns the text
 */
export function formatValue(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}
