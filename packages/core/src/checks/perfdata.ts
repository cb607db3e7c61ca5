import type { Labels, MetricType, Sample } from '../metrics/types.js';

/**
 * Nagios performance data, as the Monitoring Plugins development guidelines define it:
 * a space-separated list of `'label'=value[UOM];[warn];[crit];[min];[max]`. Labels with
 * spaces, `=` or `'` are single-quoted, and `''` inside quotes is one quote. `value` may be
 * `U` (undetermined). Trailing empty fields can be dropped.
 */

/** One parsed performance-data item. */
export interface PerfDatum {
  /** The label, unquoted and unescaped. */
  label: string;
  /** The value in the plugin's unit, or undefined for `U` (undetermined). */
  value: number | undefined;
  /** The unit of measurement as written (`''`, `s`, `ms`, `%`, `B`, `KB`, `c`, …). */
  uom: string;
  /** The warning range as written, when given. */
  warn?: string;
  /** The critical range as written, when given. */
  crit?: string;
  /** The minimum, when given. */
  min?: number;
  /** The maximum, when given. */
  max?: number;
}

/** What {@link parsePerfdata} found. */
export interface PerfdataParse {
  /** The items that parsed. */
  data: PerfDatum[];
  /** One message per broken token, quoting it. Parsing goes on after a broken token. */
  problems: string[];
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/;
const UOM = /^[A-Za-z%]*$/;
const SPACE = /\s/;

function parseValue(field: string): { value: number | undefined; uom: string } | undefined {
  if (field === 'U') return { value: undefined, uom: '' };
  const match = NUMBER.exec(field);
  if (!match) return undefined;
  const uom = field.slice(match[0].length);
  if (!UOM.test(uom)) return undefined;
  return { value: Number(match[0]), uom };
}

function parseBound(field: string | undefined): number | undefined | null {
  if (field === undefined || field === '' || field === 'U') return undefined;
  const match = NUMBER.exec(field);
  // A bound may repeat the unit (`0MB`); anything else is broken.
  if (!match || !UOM.test(field.slice(match[0].length))) return null;
  return Number(match[0]);
}

function datum(label: string, rest: string, token: string, problems: string[]): PerfDatum | undefined {
  const fields = rest.split(';');
  if (fields.length > 5) {
    problems.push(`perfdata ${JSON.stringify(token)} has more than 5 ';'-separated fields; ignored`);
    return undefined;
  }
  const parsed = parseValue(fields[0] ?? '');
  if (!parsed) {
    problems.push(`perfdata ${JSON.stringify(token)} has no numeric value (expected value[UOM], e.g. 0.5s or 80%); ignored`);
    return undefined;
  }
  const out: PerfDatum = { label, value: parsed.value, uom: parsed.uom };
  if (fields[1]) out.warn = fields[1];
  if (fields[2]) out.crit = fields[2];
  const min = parseBound(fields[3]);
  const max = parseBound(fields[4]);
  if (min === null || max === null) {
    problems.push(`perfdata ${JSON.stringify(token)} has a non-numeric min or max; kept without it`);
  }
  if (typeof min === 'number') out.min = min;
  if (typeof max === 'number') out.max = max;
  return out;
}

/**
 * Parses performance data. Never throws: a broken token is skipped and described in
 * `problems`, and parsing continues with the next token.
 *
 * @param text - the performance data (everything after the `|`)
 * @returns the parsed items and the problems found
 * @example
 * ```ts
 * parsePerfdata("'free space'=81%;20:;10:;0;100 time=0.003s");
 * // data: [{ label: 'free space', value: 81, uom: '%', warn: '20:', crit: '10:', min: 0, max: 100 },
 * //        { label: 'time', value: 0.003, uom: 's' }]
 * ```
 */
export function parsePerfdata(text: string): PerfdataParse {
  const data: PerfDatum[] = [];
  const problems: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && SPACE.test(text[i] as string)) i++;
    if (i >= n) break;
    const start = i;
    let label = '';
    if (text[i] === "'") {
      i++;
      let closed = false;
      while (i < n) {
        const ch = text[i] as string;
        if (ch === "'") {
          if (text[i + 1] === "'") {
            label += "'";
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        label += ch;
        i++;
      }
      if (!closed) {
        problems.push(`perfdata ${JSON.stringify(text.slice(start))} has an unterminated quoted label; ignored`);
        break;
      }
    } else {
      while (i < n && text[i] !== '=' && !SPACE.test(text[i] as string)) i++;
      label = text.slice(start, i);
    }
    let end = i;
    while (end < n && !SPACE.test(text[end] as string)) end++;
    const token = text.slice(start, end);
    if (text[i] !== '=' || label === '') {
      problems.push(`perfdata ${JSON.stringify(token)} is not label=value; ignored`);
      i = end;
      continue;
    }
    const item = datum(label, text.slice(i + 1, end), token, problems);
    if (item) data.push(item);
    i = end;
  }
  return { data, problems };
}

/** A Nagios UOM in Warden terms. */
export interface UnitMapping {
  /** UCUM unit. */
  unit: string;
  /** Divide the plugin's value by this to get `unit` (1000 for `ms`). */
  factor: number;
  /** `counter` for the `c` UOM. */
  type?: MetricType;
}

// Time is converted to seconds (exact). Byte prefixes keep the plugin's unit as a UCUM
// prefixed unit instead of guessing 1000 or 1024: check_disk's "MB" has meant MiB.
const UOM_UNITS: Readonly<Record<string, UnitMapping>> = {
  '': { unit: '1', factor: 1 },
  s: { unit: 's', factor: 1 },
  ms: { unit: 's', factor: 1e3 },
  us: { unit: 's', factor: 1e6 },
  ns: { unit: 's', factor: 1e9 },
  '%': { unit: '%', factor: 1 },
  B: { unit: 'By', factor: 1 },
  KB: { unit: 'kBy', factor: 1 },
  kB: { unit: 'kBy', factor: 1 },
  MB: { unit: 'MBy', factor: 1 },
  GB: { unit: 'GBy', factor: 1 },
  TB: { unit: 'TBy', factor: 1 },
  PB: { unit: 'PBy', factor: 1 },
  KiB: { unit: 'KiBy', factor: 1 },
  MiB: { unit: 'MiBy', factor: 1 },
  GiB: { unit: 'GiBy', factor: 1 },
  TiB: { unit: 'TiBy', factor: 1 },
  c: { unit: '1', factor: 1, type: 'counter' },
};

/**
 * The UCUM unit, scale factor and metric type for a Nagios UOM: `s`/`ms`/`us` become seconds,
 * `%` stays `%`, `B`/`KB`/`MB`/`GB`/`TB` become `By`/`kBy`/`MBy`/`GBy`/`TBy` (values unchanged),
 * `c` is a counter, no UOM is `1`; any other UOM becomes the UCUM annotation `{uom}`.
 *
 * @param uom - the unit as written in the perfdata
 * @returns the mapping
 */
export function mapUom(uom: string): UnitMapping {
  return UOM_UNITS[uom] ?? { unit: `{${uom}}`, factor: 1 };
}

/** How perfdata items become samples. */
export interface PerfdataSampleOptions {
  /** Metric name of every sample. @defaultValue `'nagios.perfdata'` */
  metric?: string;
  /** Labels added to every sample (e.g. `{ plugin: 'check_disk' }`). */
  labels?: Labels;
}

/**
 * Turns perfdata items into samples: one sample per item with a value (`U` gives none), named
 * `nagios.perfdata` with the item's label in the `label` label, so one check's many items
 * (one per mountpoint) are series of one metric.
 *
 * @param data - parsed items
 * @param options - metric name and extra labels
 * @returns the samples
 */
export function perfdataToSamples(data: readonly PerfDatum[], options: PerfdataSampleOptions = {}): Sample[] {
  const name = options.metric ?? 'nagios.perfdata';
  const samples: Sample[] = [];
  for (const item of data) {
    if (item.value === undefined) continue;
    const mapping = mapUom(item.uom);
    const sample: Sample = {
      name,
      value: item.value / mapping.factor,
      unit: mapping.unit,
      labels: { ...options.labels, label: item.label },
    };
    if (mapping.type) sample.type = mapping.type;
    samples.push(sample);
  }
  return samples;
}
