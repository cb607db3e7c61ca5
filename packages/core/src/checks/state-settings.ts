import { type ConfigIssue, configError } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { type Duration, parseDuration } from '../internal/duration.js';
import { type FlapThresholds, resolveFlapThresholds } from './flapping.js';

/** How a check turns raw results into soft and hard states, as configuration accepts it. */
export interface StateSettingsInput {
  /**
   * Consecutive non-OK results before the state is hard (Nagios `max_check_attempts`).
   * @defaultValue 1
   */
  attempts?: number | undefined;
  /**
   * How long a non-OK status must persist before the state is hard (Prometheus `for:`), an
   * alternative to `attempts`. When both are set, both must be met.
   * @defaultValue 0 (no wait)
   */
  for?: Duration | undefined;
  /** Every hard non-OK result re-notifies (Nagios `is_volatile`). @defaultValue false */
  volatile?: boolean | undefined;
  /**
   * Flap detection: `false` turns it off, `true` or thresholds turn it on.
   * @defaultValue true (low 20 %, high 30 %)
   */
  flapping?: boolean | FlapThresholds | undefined;
}

/** Resolved state settings: validated once at registration, read on every result. */
export interface StateSettings {
  /** Consecutive non-OK results before hard; at least 1. */
  readonly attempts: number;
  /** Milliseconds a non-OK status must persist before hard; 0 for no wait. */
  readonly forMs: number;
  /** Whether every hard non-OK result re-notifies. */
  readonly volatile: boolean;
  /** Flap thresholds, or undefined when flap detection is off. */
  readonly flap: Readonly<Required<FlapThresholds>> | undefined;
}

/** Most attempts a check may ask for (as the check spec schema allows). */
export const MAX_ATTEMPTS = 100;

/**
 * Validates state settings and fills in the defaults.
 *
 * @param input - the settings as configured (every field optional)
 * @param where - what they belong to, for the error (`check "disk"`)
 * @returns the resolved settings
 * @throws WardenError `ERR_CONFIG_INVALID` listing every invalid field with its path: `attempts`
 *   not an integer from 1 to 100, `for` not a duration, `volatile` not a boolean, or flap
 *   thresholds outside 0 ≤ low ≤ high ≤ 100
 * @example
 * ```ts
 * const settings = resolveStateSettings({ attempts: 3, flapping: { low: 10, high: 25 } }, 'check "disk"');
 * ```
 */
export function resolveStateSettings(input: StateSettingsInput = {}, where = 'check'): StateSettings {
  const issues: ConfigIssue[] = [];
  const attempts = input.attempts ?? 1;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_ATTEMPTS) {
    issues.push({ path: 'attempts', message: `${JSON.stringify(attempts)} is not an integer from 1 to ${MAX_ATTEMPTS}` });
  }
  let forMs = 0;
  if (input.for !== undefined) {
    try {
      forMs = parseDuration(input.for, 'for');
    } catch (err) {
      issues.push({ path: 'for', message: err instanceof WardenError ? err.message.replace(/^invalid for: /, '') : String(err) });
    }
  }
  if (input.volatile !== undefined && typeof input.volatile !== 'boolean') {
    issues.push({ path: 'volatile', message: `${JSON.stringify(input.volatile)} is not a boolean` });
  }
  let flap: Required<FlapThresholds> | undefined;
  const flapping = input.flapping ?? true;
  if (flapping === true) flap = resolveFlapThresholds();
  else if (flapping !== false) {
    if (typeof flapping !== 'object' || flapping === null) {
      issues.push({ path: 'flapping', message: `${JSON.stringify(flapping)} is not a boolean or { low, high }` });
    } else {
      try {
        flap = resolveFlapThresholds(flapping);
      } catch (err) {
        issues.push({ path: 'flapping', message: err instanceof Error ? err.message.replace(/^invalid flapping: /, '') : String(err) });
      }
    }
  }
  if (issues.length > 0) {
    throw configError(
      `state settings of ${where}`,
      issues,
      'attempts is an integer ≥ 1, for a duration such as "5m", flapping false or { low, high }',
    );
  }
  return Object.freeze({ attempts, forMs, volatile: input.volatile === true, flap: flap && Object.freeze(flap) });
}
