import { type Duration, parseDuration } from '@warden/core';
import { z } from 'zod';

function durationAtLeast(minMs: number): z.ZodType<Duration, Duration> {
  const message =
    minMs > 0
      ? 'expected a duration above zero such as "30s" or "5m", or milliseconds'
      : 'expected a duration such as "30s" or "5m", or milliseconds';
  return z.union([z.number().int().min(minMs), z.string()]).refine((value) => {
    try {
      return parseDuration(value) >= minMs;
    } catch {
      return false;
    }
  }, message) as z.ZodType<Duration, Duration>;
}

/**
 * A duration of zero or more: `'30s'`, `'5m'`, `'1h30m'` or whole milliseconds, checked with
 * core's `parseDuration` when the configuration is validated rather than when it is used.
 */
export const durationSchema = durationAtLeast(0);

/** A duration above zero (deadlines, waits, ages). */
export const positiveDurationSchema = durationAtLeast(1);
