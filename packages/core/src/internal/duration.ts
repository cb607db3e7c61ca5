import { WardenError } from '../errors/warden-error.js';

/**
 * A duration as the public API accepts it: milliseconds as a number, or a string of one or
 * more `<number><unit>` parts (`ms`, `s`, `m`, `h`, `d`, `w`), e.g. `'30s'`, `'5m'`, `'1h30m'`.
 */
export type Duration = number | `${number}${string}`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;

/**
 * Whether a string is a valid duration (`'30s'`, `'1h30m'`, `'250ms'`).
 *
 * @param text - the string
 * @returns the milliseconds, or `undefined` when the string is not a duration
 */
export function tryParseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  while (PART.lastIndex < trimmed.length) {
    const start = PART.lastIndex;
    const match = PART.exec(trimmed);
    if (!match || match.index !== start) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  return total;
}

/**
 * Converts a {@link Duration} to milliseconds.
 *
 * @param value - `'30s'`, `'5m'`, `'1h30m'` or a number of milliseconds
 * @param where - where the value came from, for the error message (`check "disk".every`)
 * @returns milliseconds (a finite number ≥ 0)
 * @throws WardenError `ERR_CONFIG_INVALID` when the value is not a duration
 * @example
 * ```ts
 * parseDuration('1m30s'); // 90000
 * ```
 */
export function parseDuration(value: Duration | string, where = 'duration'): number {
  const ms = typeof value === 'number' ? value : tryParseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid ${where}: ${JSON.stringify(value)} is not a duration; use milliseconds or a string such as '30s', '5m', '1h30m'`,
    );
  }
  return ms;
}

/**
 * Formats milliseconds as a compact duration (`90000` → `'1m30s'`).
 *
 * @param ms - milliseconds
 * @returns the shortest exact string form
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
