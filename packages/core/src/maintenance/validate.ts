import { z } from 'zod';
import { compileSelector } from '../assets/selector.js';
import type { CompiledSelector } from '../assets/selector-types.js';
import { type ConfigIssue, configError, formatPath, fromZodIssues } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { tryParseDuration } from '../internal/duration.js';
import { type CronCalculator, createCronCalculator } from '../scheduler/cron.js';

/** When a window is open: fixed bounds, or a cron occurrence plus a duration. */
export type WindowSchedule =
  | { kind: 'fixed'; from: number; to: number }
  | { kind: 'recurring'; cron: CronCalculator; pattern: string; durationMs: number; timezone: string | undefined };

/** A validated window, ready for the calendar. */
export interface NormalizedWindow {
  id: string;
  selector: CompiledSelector;
  checks: readonly string[] | undefined;
  includeChildren: boolean;
  reason: string | undefined;
  schedule: WindowSchedule;
}

const nonEmpty = z.string({ error: 'expected a non-empty string' }).min(1, 'expected a non-empty string');
export const specSchema = z.strictObject({
  id: nonEmpty.optional(),
  assets: z.unknown().optional(),
  checks: z.array(nonEmpty, { error: 'expected a list of check ids' }).optional(),
  includeChildren: z.boolean({ error: 'expected true or false' }).optional(),
  reason: z.string({ error: 'expected a string' }).optional(),
  // Checked by hand below, so their issues are reported even when another field is wrong.
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  cron: z.unknown().optional(),
  duration: z.unknown().optional(),
  timezone: z.unknown().optional(),
});

/** The schedule fields, read from the raw spec. */
interface RawSchedule {
  from?: unknown;
  to?: unknown;
  cron?: unknown;
  duration?: unknown;
  timezone?: unknown;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** ms since the epoch, or a message saying what is wrong. */
function toMs(value: unknown): number | string {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'expected a finite number of ms since the epoch';
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : 'invalid Date';
  if (typeof value !== 'string') return 'expected a Date, an ISO 8601 string or ms since the epoch';
  const ms = ISO_DATE.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : `${JSON.stringify(value)} is not an ISO 8601 time such as '2024-05-01T02:00:00Z'`;
}

const isNonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Validates the selector, pushing its issues (already carrying the `assets` path). */
function selectorOf(value: unknown, prefix: readonly PropertyKey[], issues: ConfigIssue[]): CompiledSelector | undefined {
  const where = formatPath([...prefix, 'assets']);
  if (value === undefined) {
    issues.push({ path: where, message: 'required: a selector such as "kind=host" or { ids: ["sw-1"] }' });
    return undefined;
  }
  try {
    return compileSelector(value as Parameters<typeof compileSelector>[0], { where });
  } catch (err) {
    const nested = (err as { issues?: ConfigIssue[] }).issues;
    if (Array.isArray(nested)) issues.push(...nested);
    else issues.push({ path: where, message: err instanceof Error ? err.message : String(err) });
    return undefined;
  }
}

function scheduleOf(spec: RawSchedule, prefix: readonly PropertyKey[], issues: ConfigIssue[]): WindowSchedule | undefined {
  const at = (key: string): string => formatPath([...prefix, key]);
  const before = issues.length;
  if (spec.cron !== undefined) {
    if (!isNonEmpty(spec.cron)) {
      issues.push({ path: at('cron'), message: "expected a cron pattern such as '0 2 * * 0'" });
      return undefined;
    }
    if (spec.timezone !== undefined && !isNonEmpty(spec.timezone)) {
      issues.push({ path: at('timezone'), message: "expected an IANA time zone such as 'Europe/Amsterdam'" });
      return undefined;
    }
    for (const key of ['from', 'to'] as const)
      if (spec[key] !== undefined) issues.push({ path: at(key), message: 'a recurring window (cron) takes `duration`, not `from`/`to`' });
    let durationMs: number | undefined;
    if (spec.duration === undefined)
      issues.push({ path: at('duration'), message: "required with cron: how long each occurrence lasts, e.g. '2h'" });
    else {
      durationMs =
        typeof spec.duration === 'number' ? spec.duration : typeof spec.duration === 'string' ? tryParseDuration(spec.duration) : undefined;
      if (durationMs === undefined || !Number.isFinite(durationMs) || durationMs <= 0) {
        issues.push({
          path: at('duration'),
          message: `${JSON.stringify(spec.duration)} is not a duration > 0; use ms or a string such as '2h'`,
        });
        durationMs = undefined;
      }
    }
    if (spec.timezone !== undefined && !isTimeZone(spec.timezone)) {
      issues.push({
        path: at('timezone'),
        message: `unknown time zone ${JSON.stringify(spec.timezone)}; use an IANA name such as 'Europe/Amsterdam'`,
      });
      return undefined;
    }
    let cron: CronCalculator | undefined;
    try {
      cron = createCronCalculator(spec.cron, spec.timezone);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      issues.push({ path: at('cron'), message: `invalid cron pattern ${JSON.stringify(spec.cron)}: ${reason}` });
    }
    if (cron === undefined || durationMs === undefined || issues.length > before) return undefined;
    return { kind: 'recurring', cron, pattern: spec.cron, durationMs: Math.round(durationMs), timezone: spec.timezone };
  }
  for (const key of ['duration', 'timezone'] as const)
    if (spec[key] !== undefined)
      issues.push({ path: at(key), message: '`duration` and `timezone` belong to a recurring window: add `cron`' });
  const bounds: Partial<Record<'from' | 'to', number>> = {};
  for (const key of ['from', 'to'] as const) {
    const value = spec[key];
    if (value === undefined) {
      issues.push({ path: at(key), message: 'required: give `from` and `to`, or `cron` and `duration` for a recurring window' });
      continue;
    }
    const ms = toMs(value);
    if (typeof ms === 'string') issues.push({ path: at(key), message: ms });
    else bounds[key] = ms;
  }
  if (bounds.from !== undefined && bounds.to !== undefined && bounds.to <= bounds.from)
    issues.push({
      path: at('to'),
      message: `must be after from (${new Date(bounds.from).toISOString()}); got ${new Date(bounds.to).toISOString()}`,
    });
  if (issues.length > before || bounds.from === undefined || bounds.to === undefined) return undefined;
  return { kind: 'fixed', from: bounds.from, to: bounds.to };
}

/**
 * Validates a maintenance spec (either form) and compiles its selector and cron pattern.
 *
 * @param spec - the spec as given to `warden.maintenance()`
 * @param fallbackId - the id to use when the spec has none
 * @param prefix - where the spec sits, for error paths
 * @returns the normalized window
 * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path (`to` not after
 * `from`, bad cron, unknown time zone, duration ≤ 0, both forms mixed, bad selector)
 * @example
 * ```ts
 * normalizeMaintenanceSpec({ assets: 'kind=host', cron: '0 2 * * 0', duration: '2h' }, 'maintenance-1');
 * ```
 */
export function normalizeMaintenanceSpec(spec: unknown, fallbackId: string, prefix: readonly PropertyKey[] = []): NormalizedWindow {
  const what = 'maintenance window';
  const hint = 'a window is { assets, checks?, from, to } or { assets, checks?, cron, duration, timezone? }';
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new WardenError('ERR_CONFIG_INVALID', `invalid ${what}: expected an object; ${hint}`);
  const parsed = specSchema.safeParse(spec);
  const issues: ConfigIssue[] = parsed.success ? [] : fromZodIssues(parsed.error.issues, prefix, specSchema);
  const selector = selectorOf((spec as { assets?: unknown }).assets, prefix, issues);
  const schedule = scheduleOf(spec as RawSchedule, prefix, issues);
  if (!parsed.success || selector === undefined || schedule === undefined || issues.length > 0) {
    const id = (spec as { id?: unknown }).id;
    throw configError(typeof id === 'string' ? `${what} ${JSON.stringify(id)}` : what, issues, hint);
  }
  const data = parsed.data;
  return {
    id: data.id ?? fallbackId,
    selector,
    checks: data.checks === undefined ? undefined : Object.freeze([...new Set(data.checks)]),
    includeChildren: data.includeChildren ?? false,
    reason: data.reason,
    schedule,
  };
}
