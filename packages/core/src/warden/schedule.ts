import { z } from 'zod';
import type { Duration } from '../internal/duration.js';
import { tryParseDuration } from '../internal/duration.js';

/** When a job runs: every interval (default) or on a cron schedule. */
export interface ScheduleSpec {
  /** Interval (`'30s'`, `'5m'`, milliseconds). @defaultValue `'1m'` */
  every?: Duration;
  /** Cron expression (`'*\/5 * * * *'`, 5 or 6 fields) instead of `every`. */
  cron?: string;
  /** IANA time zone for `cron`. @defaultValue the process's zone */
  timezone?: string;
  /** Run once at once, then on the schedule. @defaultValue false */
  immediate?: boolean;
  /** How long one run may take before its signal is aborted. @defaultValue `'30s'`, capped at the interval */
  timeout?: Duration;
}

/** A duration field: `'30s'`, `'1h30m'` or milliseconds. */
export const durationSchema = z.union([z.number().finite().nonnegative(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : tryParseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a duration; use e.g. '30s', '5m', '1h30m' or milliseconds` });
    return z.NEVER;
  }
  return ms;
});

/** A positive duration (an interval or a timeout). */
export const positiveDurationSchema = durationSchema.refine((ms) => ms > 0, 'must be greater than zero');

/** The schedule fields every job spec shares, validated. */
export const scheduleFields = {
  every: positiveDurationSchema.optional(),
  cron: z.string().min(1).optional(),
  timezone: z.string().min(1).optional(),
  immediate: z.boolean().optional(),
  timeout: positiveDurationSchema.optional(),
};

/** A schedule in the engine's form. */
export type NormalizedSchedule = { every: number } | { cron: string; timezone?: string };

/** Default interval of collections and checks. */
export const DEFAULT_EVERY_MS = 60_000;

/** Default run timeout (capped at the interval). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The engine's schedule for validated spec fields.
 *
 * @param spec - validated `every` / `cron` / `timezone`
 * @returns `{ every }` or `{ cron, timezone }`
 */
export function normalizeSchedule(spec: {
  every?: number | undefined;
  cron?: string | undefined;
  timezone?: string | undefined;
}): NormalizedSchedule {
  if (spec.cron !== undefined) return spec.timezone === undefined ? { cron: spec.cron } : { cron: spec.cron, timezone: spec.timezone };
  return { every: spec.every ?? DEFAULT_EVERY_MS };
}

/**
 * A refinement for spec schemas: `every` and `cron` are alternatives, and `timezone` needs `cron`.
 *
 * @param spec - the spec being validated
 * @param ctx - zod refinement context
 */
export function refineSchedule(spec: { every?: unknown; cron?: unknown; timezone?: unknown }, ctx: z.RefinementCtx): void {
  if (spec.every !== undefined && spec.cron !== undefined)
    ctx.addIssue({ code: 'custom', path: ['cron'], message: 'give either `every` or `cron`, not both' });
  if (spec.timezone !== undefined && spec.cron === undefined)
    ctx.addIssue({ code: 'custom', path: ['timezone'], message: '`timezone` applies to `cron` schedules only' });
}
