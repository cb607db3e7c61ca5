import { z } from 'zod';
import type { Selector } from '../assets/selector-types.js';
import { parseConfig } from '../errors/config-error.js';
import { tryParseDuration } from '../internal/duration.js';
import type { RemediationPlan } from '../remediation/rule-spec.js';
import type { ChangeSpec, ChangeWindow } from './types.js';

/** A change after validation: durations in ms, defaults filled. */
export interface NormalizedChange {
  id: string;
  action: string;
  params: unknown;
  assets: Selector;
  /** A window id, or an inline window to register as `change:<id>`. */
  window: { id: string; inline: ChangeWindow | undefined };
  maxConcurrent: number;
  maxFailures: number;
  timeoutMs: number;
  dryRun: boolean;
  approve: ((plan: RemediationPlan) => boolean | Promise<boolean>) | undefined;
  approveTimeoutMs: number;
  allowDestructive: boolean;
}

const positiveDuration = z.union([z.number(), z.string()]).transform((value, ctx): number => {
  const ms = typeof value === 'number' ? value : tryParseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a positive duration; use ms or '30s', '10m'` });
    return z.NEVER;
  }
  return ms;
});

export const changeSchema = z.strictObject({
  id: z.string().min(1),
  action: z.string().min(1),
  params: z.unknown().optional(),
  assets: z.unknown().refine((v) => v !== undefined, { message: 'required: a selector such as "kind=host" or { ids: ["web-1"] }' }),
  // The inline window's times are checked by the maintenance calendar when it is registered.
  window: z.union([z.string().min(1), z.record(z.string(), z.unknown())], {
    error: 'expected a maintenance window id, { from, to } or { cron, duration, timezone? }',
  }),
  policy: z
    .strictObject({
      maxConcurrent: z.number().int().min(1).default(1),
      maxFailures: z.number().int().min(1).default(1),
      timeout: positiveDuration.default(30 * 60_000),
      dryRun: z.boolean().default(false),
      approve: z
        .custom<(plan: RemediationPlan) => boolean | Promise<boolean>>((v) => typeof v === 'function', {
          message: 'expected a function (plan) => boolean | Promise<boolean>',
        })
        .optional(),
      approveTimeout: positiveDuration.default(5 * 60_000),
    })
    .default({ maxConcurrent: 1, maxFailures: 1, timeout: 30 * 60_000, dryRun: false, approveTimeout: 5 * 60_000 }),
  allowDestructive: z.boolean().default(false),
});

/** The id prefix of the maintenance windows inline change windows become, and of changes' audit rule ids. */
export const CHANGE_PREFIX = 'change:';

/**
 * Validates a change's shape (not its action or window times: the engine checks those).
 *
 * @param raw - the change as given
 * @returns the normalized change
 * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path
 */
export function normalizeChange(raw: ChangeSpec): NormalizedChange {
  const c = parseConfig(changeSchema, raw, 'change()');
  const inline = typeof c.window === 'string' ? undefined : (c.window as unknown as ChangeWindow);
  return {
    id: c.id,
    action: c.action,
    params: c.params ?? {},
    assets: c.assets as Selector,
    window: { id: typeof c.window === 'string' ? c.window : `${CHANGE_PREFIX}${c.id}`, inline },
    maxConcurrent: c.policy.maxConcurrent,
    maxFailures: c.policy.maxFailures,
    timeoutMs: c.policy.timeout,
    dryRun: c.policy.dryRun,
    approve: c.policy.approve,
    approveTimeoutMs: c.policy.approveTimeout,
    allowDestructive: c.allowDestructive,
  };
}
