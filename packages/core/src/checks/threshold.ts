import { WardenError } from '../errors/warden-error.js';
import type { CheckStatus } from './types.js';

/**
 * A threshold as configuration accepts it: a comparison (`'>0.9'`, `'<=10'`, `'!=0'`), a
 * Nagios range (`'10'`, `'10:'`, `'~:10'`, `'10:20'`, `'@10:20'`), or a number, which is read
 * as the Nagios range of that text (`10` is `'10'`: alert if below 0 or above 10).
 */
export type ThresholdInput = string | number;

/** A parsed threshold: built once at registration, then tested on every value. */
export interface Threshold {
  /**
   * Whether `value` raises an alert. `NaN` never alerts here: {@link evaluateThresholds}
   * turns it into `unknown` before testing.
   */
  test(value: number): boolean;
  /** The threshold in its normal text form (`'>0.9'`, `'@10:20'`, `'~:10'`). */
  toString(): string;
}

/** The warning and critical thresholds of one value; either may be absent. */
export interface ThresholdPair {
  /** Alerting with `warning`. */
  warn?: Threshold | undefined;
  /** Alerting with `critical`; tested first. */
  crit?: Threshold | undefined;
}

type Comparator = '>' | '>=' | '<' | '<=' | '==' | '!=';

// A plain decimal: optional sign, digits with an optional fraction (or a bare fraction), an
// optional exponent. No hex, no `Infinity`, no thousands separators: what the Monitoring
// Plugins accept (C locale).
const NUMBER = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const COMPARISON = new RegExp(`^(>=|<=|==|!=|>|<)\\s*(${NUMBER})$`);
const RANGE = new RegExp(`^(@)?(?:(~|${NUMBER})?(:))?(${NUMBER})?$`);

const COMPARATORS: Readonly<Record<Comparator, (value: number, limit: number) => boolean>> = {
  '>': (value, limit) => value > limit,
  '>=': (value, limit) => value >= limit,
  '<': (value, limit) => value < limit,
  '<=': (value, limit) => value <= limit,
  '==': (value, limit) => value === limit,
  '!=': (value, limit) => value !== limit,
};

function invalid(text: string, where: string, why: string): WardenError {
  return new WardenError(
    'ERR_CONFIG_INVALID',
    `invalid threshold at ${where}: ${JSON.stringify(text)} ${why}; use a comparison such as '>0.9', '<=10', '!=0' ` +
      `or a Nagios range such as '10', '10:', '~:10', '10:20', '@10:20'`,
  );
}

function formatNumber(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

// A class, not an object literal: deep walks over params (macro expansion) leave it alone.
class ParsedThreshold implements Threshold {
  readonly test: (value: number) => boolean;
  readonly #text: string;

  constructor(test: (value: number) => boolean, text: string) {
    this.test = test;
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }

  toJSON(): string {
    return this.#text;
  }
}

function comparison(op: Comparator, limit: number): Threshold {
  const compare = COMPARATORS[op];
  return new ParsedThreshold((value) => compare(value, limit), `${op}${formatNumber(limit)}`);
}

/**
 * A Nagios range `[@]start:end`, end points inclusive. Outside-alerting unless `inside`.
 * Infinite ends are kept as ±Infinity so the test is two comparisons.
 */
function range(start: number, end: number, inside: boolean): Threshold {
  const startText = start === Number.NEGATIVE_INFINITY ? '~' : formatNumber(start);
  const body = end === Number.POSITIVE_INFINITY ? `${startText}:` : start === 0 ? formatNumber(end) : `${startText}:${formatNumber(end)}`;
  const text = `${inside ? '@' : ''}${body}`;
  const test = inside ? (value: number) => value >= start && value <= end : (value: number) => value < start || value > end;
  return new ParsedThreshold(test, text);
}

/**
 * Parses a threshold once, at registration, into a fast test.
 *
 * Comparisons alert when the comparison holds (`'>0.9'` alerts on 0.95). Nagios ranges follow
 * the Monitoring Plugins development guidelines: `start:end` with both end points inclusive;
 * `start` and `:` may be left out when start is 0; an empty end is +∞; `~` is −∞; the range
 * alerts when the value is *outside* it, or *inside* it (end points included) with a leading `@`.
 *
 * @param input - the threshold text (or a number, read as the range of that text)
 * @param where - where it was configured, for the error (`check "disk".warn`)
 * @returns the parsed threshold
 * @throws WardenError `ERR_CONFIG_INVALID` naming `where` and quoting the input when it is
 *   empty, malformed (`'>>1'`, `'abc'`), or a range whose start is above its end (`'20:10'`)
 * @example
 * ```ts
 * parseThreshold('10:20', 'warn').test(25); // true: 25 is outside [10, 20]
 * parseThreshold('@10:20', 'warn').test(10); // true: 10 is inside [10, 20]
 * parseThreshold('>0.9', 'crit').test(0.9); // false
 * ```
 */
export function parseThreshold(input: ThresholdInput, where: string): Threshold {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw invalid(String(input), where, 'is not a finite number');
    return parseThreshold(String(input), where);
  }
  if (typeof input !== 'string') throw invalid(String(input), where, 'is not a string or a number');
  const text = input.trim();
  if (text === '') throw invalid(input, where, 'is empty');

  const cmp = COMPARISON.exec(text);
  if (cmp) return comparison(cmp[1] as Comparator, Number(cmp[2]));

  const match = RANGE.exec(text);
  // `@` alone, `:` alone with nothing around it, and text that is not a range at all.
  if (!match || (match[2] === undefined && match[4] === undefined && match[3] === undefined)) {
    throw invalid(input, where, 'is neither a comparison nor a Nagios range');
  }
  const inside = match[1] === '@';
  const hasColon = match[3] === ':';
  const startText = match[2];
  const endText = match[4];
  if (!hasColon && endText === undefined) throw invalid(input, where, 'is neither a comparison nor a Nagios range');
  const start = startText === undefined ? 0 : startText === '~' ? Number.NEGATIVE_INFINITY : Number(startText);
  const end = endText === undefined ? Number.POSITIVE_INFINITY : Number(endText);
  if (start > end) throw invalid(input, where, `has its start (${startText ?? 0}) above its end (${endText})`);
  return range(start, end, inside);
}

/**
 * Parses an optional threshold (`undefined` stays `undefined`).
 *
 * @param input - the threshold, or undefined
 * @param where - where it was configured, for the error
 * @returns the parsed threshold, or undefined
 * @throws WardenError `ERR_CONFIG_INVALID` as {@link parseThreshold} does
 */
export function parseOptionalThreshold(input: ThresholdInput | undefined, where: string): Threshold | undefined {
  return input === undefined ? undefined : parseThreshold(input, where);
}

/**
 * The status of a value against its thresholds: `critical` if the critical threshold alerts
 * (tested first), else `warning` if the warning one does, else `ok`. A `NaN` value is `unknown`.
 *
 * @param value - the measured value
 * @param thresholds - the parsed warning and critical thresholds
 * @returns the status
 * @example
 * ```ts
 * const warn = parseThreshold('>0.8', 'warn');
 * const crit = parseThreshold('>0.9', 'crit');
 * evaluateThresholds(0.85, { warn, crit }); // 'warning'
 * ```
 */
export function evaluateThresholds(value: number, thresholds: ThresholdPair): CheckStatus {
  if (Number.isNaN(value)) return 'unknown';
  if (thresholds.crit?.test(value)) return 'critical';
  if (thresholds.warn?.test(value)) return 'warning';
  return 'ok';
}
