import { z } from 'zod';
import { compileSelector } from '../assets/selector.js';
import type { CompiledSelector } from '../assets/selector-types.js';
import { type ConfigIssue, configError, fromZodIssues } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { tryParseDuration } from '../internal/duration.js';
import type { NotificationKind } from '../plugins/types.js';
import type { NotificationRouterOptions, NotificationTrigger } from './types.js';

/** Every notification kind, in the order a notification's lead is picked (most telling first). */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['opened', 'updated', 'flapping', 'acknowledged', 'resolved'];

const TRIGGERS: Readonly<Record<NotificationTrigger, NotificationKind>> = {
  opened: 'opened',
  updated: 'updated',
  acknowledged: 'acknowledged',
  flapping: 'flapping',
  resolved: 'resolved',
  'incident:opened': 'opened',
  'incident:updated': 'updated',
  'incident:acknowledged': 'acknowledged',
  'incident:flapping': 'flapping',
  'incident:resolved': 'resolved',
  'check:flapping': 'flapping',
};

/** Rank of `minStatus` and incident severities (status order: critical > warning > unknown). */
export const SEVERITY_RANK = { unknown: 1, warning: 2, critical: 3 } as const;

/** A validated escalation step. */
export interface NormalizedStep {
  afterMs: number;
  notifier: string;
  params: unknown;
}

/** A validated route. */
export interface NormalizedRoute {
  id: string;
  notifier: string;
  params: unknown;
  on: ReadonlySet<NotificationKind>;
  selector: CompiledSelector | undefined;
  checks: ReadonlySet<string> | undefined;
  minRank: number;
  renotifyMs: number | undefined;
  escalate: readonly NormalizedStep[];
  groupWindowMs: number | undefined;
}

/** A duration schema: ms or `'30s'`, turned into ms; `positive` refuses 0. */
export const durationSchema = (positive: boolean) =>
  z.union([z.number(), z.string()], { error: "expected ms or a duration string such as '5m'" }).transform((value, ctx) => {
    const ms = typeof value === 'number' ? value : tryParseDuration(value);
    if (ms === undefined || !Number.isFinite(ms) || ms < 0 || (positive && ms === 0)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a duration${positive ? ' > 0' : ''}; use ms or a string such as '30s', '5m'`,
      });
      return z.NEVER;
    }
    return Math.round(ms);
  });

const nonEmpty = z.string({ error: 'expected a non-empty string' }).min(1, 'expected a non-empty string');
const triggerNames = Object.keys(TRIGGERS) as NotificationTrigger[];

export const routeSchema = z.strictObject({
  id: nonEmpty.optional(),
  notifier: nonEmpty,
  params: z.unknown().optional(),
  on: z
    .array(z.enum(triggerNames, { error: `expected one of ${triggerNames.join(', ')}` }))
    .min(1, 'list at least one event, or leave `on` out for all of them')
    .optional(),
  assets: z.unknown().optional(),
  checks: z.array(nonEmpty, { error: 'expected a list of check ids' }).optional(),
  minStatus: z.enum(['unknown', 'warning', 'critical'], { error: 'expected unknown, warning or critical' }).optional(),
  renotify: durationSchema(true).optional(),
  escalate: z
    .array(z.strictObject({ after: durationSchema(true), notifier: nonEmpty, params: z.unknown().optional() }), {
      error: 'expected a list of { after, notifier, params }',
    })
    .optional(),
  groupWindow: durationSchema(false).optional(),
});

/**
 * Validates a route spec for `warden.notify()`.
 *
 * @param spec - the spec as given
 * @param fallbackId - the id when the spec has none
 * @param checkNotifier - validates notifier names and params (the engine's registry), if given
 * @returns the normalized route
 * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path
 */
export function normalizeRoute(
  spec: unknown,
  fallbackId: string,
  checkNotifier?: NotificationRouterOptions['checkNotifier'],
): NormalizedRoute {
  const hint = '`notify()` takes { notifier, params?, on?, assets?, checks?, minStatus?, renotify?, escalate?, groupWindow? }';
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new WardenError('ERR_CONFIG_INVALID', `invalid notification route: expected an object; ${hint}`);
  const parsed = routeSchema.safeParse(spec);
  const issues = parsed.success ? [] : fromZodIssues(parsed.error.issues, [], routeSchema);
  let selector: CompiledSelector | undefined;
  const assets = (spec as { assets?: unknown }).assets;
  if (assets !== undefined) {
    try {
      selector = compileSelector(assets as Parameters<typeof compileSelector>[0], { where: 'assets' });
    } catch (err) {
      const nested = (err as { issues?: ConfigIssue[] }).issues;
      issues.push(...(Array.isArray(nested) ? nested : [{ path: 'assets', message: err instanceof Error ? err.message : String(err) }]));
    }
  }
  if (parsed.success && checkNotifier !== undefined) {
    issues.push(...checkNotifier(parsed.data.notifier, parsed.data.params, ['params']));
    parsed.data.escalate?.forEach((step, index) => {
      issues.push(...checkNotifier(step.notifier, step.params, ['escalate', index, 'params']));
    });
  }
  if (!parsed.success || issues.length > 0) {
    const id = (spec as { id?: unknown }).id;
    throw configError(typeof id === 'string' ? `notification route ${JSON.stringify(id)}` : 'notification route', issues, hint);
  }
  const data = parsed.data;
  return {
    id: data.id ?? fallbackId,
    notifier: data.notifier,
    params: data.params,
    on: new Set(data.on === undefined ? NOTIFICATION_KINDS : data.on.map((name) => TRIGGERS[name])),
    selector,
    checks: data.checks === undefined ? undefined : new Set(data.checks),
    minRank: SEVERITY_RANK[data.minStatus ?? 'unknown'],
    renotifyMs: data.renotify,
    escalate: (data.escalate ?? []).map((step) => ({ afterMs: step.after, notifier: step.notifier, params: step.params })),
    groupWindowMs: data.groupWindow,
  };
}

/** Router settings after validation, in ms. */
export interface RouterSettings {
  groupWindowMs: number;
  perMinute: number | undefined;
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  sendTimeoutMs: number;
}

const settingsSchema = z.object({
  groupWindow: durationSchema(false).default(5_000),
  rateLimit: z
    .strictObject({
      perMinute: z
        .number({ error: 'expected a whole number ≥ 1' })
        .int('expected a whole number ≥ 1')
        .min(1, 'expected a whole number ≥ 1'),
    })
    .optional(),
  retry: z
    .strictObject({
      attempts: z.number().int('expected a whole number ≥ 1').min(1, 'expected a whole number ≥ 1').default(5),
      backoff: durationSchema(true).default(1_000),
      maxBackoff: durationSchema(true).default(60_000),
    })
    .default({ attempts: 5, backoff: 1_000, maxBackoff: 60_000 }),
  sendTimeout: durationSchema(true).default(30_000),
});

/**
 * Validates the router's own settings (grouping, rate limit, retries, timeout).
 *
 * @param options - the router options
 * @returns the settings in ms, defaults applied
 * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path
 */
export function normalizeRouterSettings(options: NotificationRouterOptions): RouterSettings {
  const parsed = settingsSchema.safeParse({
    groupWindow: options.groupWindow,
    rateLimit: options.rateLimit,
    retry: options.retry === undefined ? undefined : Object.fromEntries(Object.entries(options.retry).filter(([, v]) => v !== undefined)),
    sendTimeout: options.sendTimeout,
  });
  if (!parsed.success) throw configError('notification settings', fromZodIssues(parsed.error.issues, [], settingsSchema));
  const { groupWindow, rateLimit, retry, sendTimeout } = parsed.data;
  return {
    groupWindowMs: groupWindow,
    perMinute: rateLimit?.perMinute,
    attempts: retry.attempts,
    backoffMs: retry.backoff,
    maxBackoffMs: retry.maxBackoff,
    sendTimeoutMs: sendTimeout,
  };
}
