import { z } from 'zod';
import { type ConfigIssue, configError, formatPath, fromZodIssues } from '../errors/config-error.js';
import type { Clock } from '../internal/clock.js';
import { tryParseDuration } from '../internal/duration.js';
import type { Logger } from '../internal/logger.js';
import { type CronCalculator, createCronCalculator } from './cron.js';
import type { ConcurrencyLimits, Executor, Job, SchedulerEvent } from './types.js';

/** The shortest interval a job may have, ms: faster polling is a bug, not monitoring. */
export const MIN_EVERY_MS = 100;

/** Default concurrency limits (see {@link ConcurrencyLimits}). */
export const DEFAULT_CONCURRENCY: Readonly<Required<ConcurrencyLimits>> = Object.freeze({ global: 64, perAsset: 4, perPlugin: 32 });

/** A schedule after validation: an interval in whole ms, or a cron calculator. */
export type NormalizedSchedule = { kind: 'every'; every: number } | { kind: 'cron'; cron: CronCalculator };

/** A job after validation. */
export interface NormalizedJob {
  /** The job key. */
  key: string;
  /** The validated schedule. */
  schedule: NormalizedSchedule;
  /** Run at once on start. */
  immediate: boolean;
  /** Per-run timeout, ms, if the job sets one. */
  timeoutMs: number | undefined;
  /** The job's plugin. */
  plugin: string;
  /** The job's asset, if any. */
  assetId: string | undefined;
  /** The body. */
  run: Job['run'];
}

/** Scheduler options after validation, every default applied. */
export interface NormalizedOptions {
  /** Where time comes from. */
  clock: Clock;
  /** The executor, if not the in-process one. */
  executor: Executor | undefined;
  /** Global concurrency limit. */
  global: number;
  /** Per-asset concurrency limit. */
  perAsset: number;
  /** Per-plugin concurrency limit. */
  perPlugin: number;
  /** Timeout of jobs that set none, ms. */
  defaultTimeoutMs: number;
  /** Grace period after an abort before a run is abandoned, ms. */
  abandonAfterMs: number;
  /** Longest dispatch stretch before yielding, ms. */
  sliceMs: number;
  /** Most due entries handled before yielding. */
  sliceSize: number;
  /** The event sink. */
  onEvent: ((event: SchedulerEvent) => void) | undefined;
  /** The logger. */
  logger: Logger | undefined;
}

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';
const fn = (what: string) => z.custom<(...args: never[]) => unknown>(isFunction, { error: `must be a function (${what})` });

/** A duration (ms or `'30s'`) turned into ms; `min` is exclusive when `positive`. */
const duration = (positive: boolean) =>
  z.union([z.number(), z.string()], { error: "expected milliseconds or a duration string such as '30s'" }).transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : tryParseDuration(value);
    if (ms === undefined || !Number.isFinite(ms) || ms < 0 || (positive && ms === 0)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a ${positive ? 'positive ' : ''}duration; use milliseconds or a string such as '30s', '5m'`,
      });
      return z.NEVER;
    }
    return ms;
  });

const limit = z.number({ error: 'expected a whole number ≥ 1' }).int('expected a whole number ≥ 1').min(1, 'expected a whole number ≥ 1');
const nonEmpty = z.string({ error: 'expected a non-empty string' }).min(1, 'expected a non-empty string');

const jobSchema = z.strictObject({
  key: nonEmpty,
  schedule: z.unknown(),
  immediate: z.boolean().optional(),
  timeoutMs: z
    .number({ error: 'expected a number of milliseconds > 0' })
    .positive('expected a number of milliseconds > 0')
    .finite()
    .optional(),
  plugin: nonEmpty,
  assetId: nonEmpty.optional(),
  run: fn('the job body, (signal) => result'),
});

const everySchema = z.strictObject({
  every: duration(true).refine((ms) => ms >= MIN_EVERY_MS, `must be at least ${MIN_EVERY_MS}ms`),
});

const cronSchema = z.strictObject({ cron: nonEmpty, timezone: nonEmpty.optional() });

/**
 * Validates a schedule; `path` is where it sits (for the messages).
 *
 * @param value - `{ every }` or `{ cron, timezone? }`
 * @param path - path segments of the schedule
 * @param issues - receives every problem found
 * @param crons - calculators already made, by zone and pattern (shared: they are pure)
 * @returns the normalized schedule, or undefined when invalid
 */
export function checkSchedule(
  value: unknown,
  path: readonly PropertyKey[],
  issues: ConfigIssue[],
  crons: Map<string, CronCalculator>,
): NormalizedSchedule | undefined {
  if (typeof value !== 'object' || value === null || !('every' in value || 'cron' in value)) {
    issues.push({ path: formatPath(path), message: "expected { every: '30s' } or { cron: '*/5 * * * *', timezone? }" });
    return undefined;
  }
  if ('every' in value) {
    const parsed = everySchema.safeParse(value);
    if (!parsed.success) issues.push(...fromZodIssues(parsed.error.issues, path, everySchema));
    return parsed.success ? { kind: 'every', every: Math.round(parsed.data.every) } : undefined;
  }
  const parsed = cronSchema.safeParse(value);
  if (!parsed.success) {
    issues.push(...fromZodIssues(parsed.error.issues, path, cronSchema));
    return undefined;
  }
  const { cron, timezone } = parsed.data;
  if (timezone !== undefined && !isTimeZone(timezone)) {
    issues.push({
      path: formatPath([...path, 'timezone']),
      message: `unknown time zone ${JSON.stringify(timezone)}; use an IANA name such as 'Europe/Amsterdam'`,
    });
    return undefined;
  }
  const cacheKey = `${timezone ?? ''}\u0000${cron}`;
  const known = crons.get(cacheKey);
  if (known !== undefined) return { kind: 'cron', cron: known };
  try {
    const calculator = createCronCalculator(cron, timezone);
    crons.set(cacheKey, calculator);
    return { kind: 'cron', cron: calculator };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    issues.push({ path: formatPath([...path, 'cron']), message: `invalid cron pattern ${JSON.stringify(cron)}: ${reason}` });
    return undefined;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates a job for `scheduler.add()`.
 *
 * @param job - the job as given
 * @param crons - cron calculators already made (see {@link checkSchedule})
 * @returns the normalized job
 * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path
 */
export function validateJob(job: unknown, crons: Map<string, CronCalculator>): NormalizedJob {
  const fast = quickJob(job, crons);
  if (fast !== undefined) return fast;
  const parsed = jobSchema.safeParse(job);
  const issues: ConfigIssue[] = parsed.success ? [] : fromZodIssues(parsed.error.issues, [], jobSchema);
  const rawSchedule = typeof job === 'object' && job !== null ? (job as { schedule?: unknown }).schedule : undefined;
  const schedule = checkSchedule(rawSchedule, ['schedule'], issues, crons);
  if (!parsed.success || schedule === undefined || issues.length > 0) {
    const key = typeof job === 'object' && job !== null ? (job as { key?: unknown }).key : undefined;
    throw configError(`scheduler job${typeof key === 'string' ? ` "${key}"` : ''}`, issues, 'fix the job definition and add it again');
  }
  const data = parsed.data;
  return {
    key: data.key,
    schedule,
    immediate: data.immediate ?? false,
    timeoutMs: data.timeoutMs,
    plugin: data.plugin,
    assetId: data.assetId,
    run: data.run as Job['run'],
  };
}

const JOB_KEYS = new Set(['key', 'schedule', 'immediate', 'timeoutMs', 'plugin', 'assetId', 'run']);
const isName = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The common case without zod (~20× faster, which matters when 100,000 jobs are added): accepts
 * only what the schemas accept, and returns undefined for anything else so the schemas can
 * describe the problem.
 */
function quickJob(job: unknown, crons: Map<string, CronCalculator>): NormalizedJob | undefined {
  if (typeof job !== 'object' || job === null) return undefined;
  for (const name in job) if (!JOB_KEYS.has(name)) return undefined;
  const { key, plugin, assetId, immediate, timeoutMs, run, schedule } = job as Record<string, unknown>;
  if (!isName(key) || !isName(plugin) || typeof run !== 'function') return undefined;
  if (assetId !== undefined && !isName(assetId)) return undefined;
  if (immediate !== undefined && typeof immediate !== 'boolean') return undefined;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) return undefined;
  const normalized = quickSchedule(schedule, crons);
  if (normalized === undefined) return undefined;
  return { key, schedule: normalized, immediate: immediate ?? false, timeoutMs, plugin, assetId, run: run as Job['run'] };
}

function quickSchedule(schedule: unknown, crons: Map<string, CronCalculator>): NormalizedSchedule | undefined {
  if (typeof schedule !== 'object' || schedule === null) return undefined;
  const { every, cron, timezone } = schedule as Record<string, unknown>;
  const keys = Object.keys(schedule).length;
  if (typeof every === 'number' && keys === 1 && Number.isFinite(every) && every >= MIN_EVERY_MS)
    return { kind: 'every', every: Math.round(every) };
  if (typeof cron !== 'string' || keys !== (timezone === undefined ? ('timezone' in schedule ? 2 : 1) : 2)) return undefined;
  if (timezone !== undefined && typeof timezone !== 'string') return undefined;
  const known = crons.get(`${timezone ?? ''}\u0000${cron}`);
  return known === undefined ? undefined : { kind: 'cron', cron: known };
}

const optionsSchema = z.strictObject({
  clock: z.custom<Clock>((v) => typeof v === 'object' && v !== null && isFunction((v as Clock).now) && isFunction((v as Clock).setTimer), {
    error: 'expected a Clock: { now(), setTimer(fn, delayMs) }',
  }),
  executor: z
    .custom<Executor>((v) => typeof v === 'object' && v !== null && isFunction((v as Executor).execute), {
      error: 'expected an Executor: { execute(run) }',
    })
    .optional(),
  concurrency: z.strictObject({ global: limit.optional(), perAsset: limit.optional(), perPlugin: limit.optional() }).optional(),
  defaultTimeout: duration(true).optional(),
  abandonAfter: duration(false).optional(),
  sliceMs: z.number({ error: 'expected milliseconds > 0' }).positive('expected milliseconds > 0').finite().optional(),
  sliceSize: limit.optional(),
  onEvent: fn('(event) => void').optional(),
  logger: z
    .custom<Logger>((v) => typeof v === 'object' && v !== null && isFunction((v as Logger).warn), {
      error: 'expected a pino-compatible logger',
    })
    .optional(),
});

/**
 * Validates scheduler options and applies the defaults.
 *
 * @param options - the options as given
 * @returns normalized options
 * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path
 */
export function validateOptions(options: unknown): NormalizedOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success)
    throw configError(
      'scheduler options',
      fromZodIssues(parsed.error.issues, [], optionsSchema),
      'see docs/concepts/scheduler.md for the options and their defaults',
    );
  const o = parsed.data;
  return {
    clock: o.clock,
    executor: o.executor,
    global: o.concurrency?.global ?? DEFAULT_CONCURRENCY.global,
    perAsset: o.concurrency?.perAsset ?? DEFAULT_CONCURRENCY.perAsset,
    perPlugin: o.concurrency?.perPlugin ?? DEFAULT_CONCURRENCY.perPlugin,
    defaultTimeoutMs: o.defaultTimeout ?? 30_000,
    abandonAfterMs: o.abandonAfter ?? 5_000,
    sliceMs: o.sliceMs ?? 5,
    sliceSize: o.sliceSize ?? 1000,
    onEvent: o.onEvent as ((event: SchedulerEvent) => void) | undefined,
    logger: o.logger,
  };
}
