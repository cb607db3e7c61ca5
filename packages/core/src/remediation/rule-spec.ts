import { z } from 'zod';
import type { Selector } from '../assets/selector-types.js';
import type { CheckStatus } from '../checks/types.js';
import { parseConfig } from '../errors/config-error.js';
import { type Duration, tryParseDuration } from '../internal/duration.js';
import type { ActionName, ActionRegistry } from '../plugins/registry-types.js';

/**
 * One step of a remediation rule: an action and its params (asset macros allowed). The name
 * and params are typed from the action registry (core's `exec.local` and what plugins
 * declare), so a typo or a wrong params shape is a compile error.
 */
export type RemediationStep = {
  [K in ActionName]: {
    /** Full action name (`exec.local`, `ssh.restartService`). */
    action: K;
    /** The action's params; strings may use asset macros (`{address}`). */
    params?: ActionRegistry[K];
  };
}[ActionName];

/** A step as the engine keeps it, after validation. */
export interface NormalizedStep {
  /** Full action name. */
  action: string;
  /** The params as given (validated by the action's schema at registration). */
  params?: unknown;
}

/** When a remediation step is verified. */
export interface VerifyPolicy {
  /** How long after the action the check is re-run. */
  after: Duration;
}

/** What triggers a remediation rule. */
export interface RemediationTrigger {
  /** The check's id. */
  check: string;
  /** The statuses that trigger it. */
  status: readonly CheckStatus[];
  /** `'hard'`: once the problem is confirmed; `'soft'`: at the first failure. @defaultValue `'hard'` */
  stateType?: 'hard' | 'soft';
  /**
   * Act when the problem reaches this attempt (Nagios' current attempt: the Nth consecutive
   * non-OK result), soft or hard — e.g. `2` acts on the second failure of a check with
   * `attempts: 3`, before it goes hard. Replaces `stateType`; at most the check's `attempts`
   * (the count stops there). Once per problem episode.
   */
  attempt?: number;
}

/** What a rule's policy may say. */
export interface RemediationPolicy {
  /** Most actions per problem episode (first non-OK until OK), escalations included. @defaultValue 3 */
  maxAttempts?: number;
  /** Least time between two triggered actions of the rule on one asset. @defaultValue `'15m'` */
  cooldown?: Duration;
  /** `'skip'`: never act in a maintenance window; `'only'`: act only inside one. @defaultValue `'skip'` */
  maintenance?: 'skip' | 'only';
  /** Plan and audit, never act. @defaultValue false */
  dryRun?: boolean;
  /** Re-run the check after the action; if it is not OK, escalate to the next step. */
  verify?: VerifyPolicy;
  /** Give up on one action after this long. @defaultValue `'5m'` */
  timeout?: Duration;
  /**
   * Asked before each action (after `planned`): resolve `true` to act. `false`, a throw or no
   * answer within `approveTimeout` skips the action (audited as `denied`).
   */
  approve?: (plan: RemediationPlan) => boolean | Promise<boolean>;
  /** How long `approve` may take. @defaultValue `'5m'` */
  approveTimeout?: Duration;
  /** Most of this rule's actions in progress at once (an action and its verification). @defaultValue unlimited */
  maxConcurrent?: number;
  /** Blast radius: most assets acted on within `period`, in % of the assets the rule covers (at least one). @defaultValue 100 */
  maxPercent?: number;
  /** The window of `maxPercent`. @defaultValue `'1h'` */
  period?: Duration;
  /** Most actions per hour: of every automatic rule and change together, of this rule, of this rule on one asset. @defaultValue unlimited */
  rateLimit?: RemediationRateLimit;
  /**
   * While the action runs and until its verification, the asset and its children are in an
   * automatic maintenance window (no incident opens, nothing pages), so a reboot does not page.
   * The window ends when the verification does (or the action, without `verify`); a check
   * still failing then opens its incident. Escalation hands the window on to the next step.
   * @defaultValue true
   */
  quiet?: boolean;
}

/** Hourly limits of a rule's actions. */
export interface RemediationRateLimit {
  /**
   * Act only while fewer than this many automatic actions — of every rule and every change —
   * started in the last hour: a ceiling on the whole system's activity that this rule respects.
   */
  global?: number;
  /** Actions of the rule per hour, all assets together. */
  perHour?: number;
  /** Actions of the rule per hour on one asset. */
  perAssetPerHour?: number;
}

/** What `approve` is asked about. */
export interface RemediationPlan {
  /** The rule's id. */
  rule: string;
  /** The action's name. */
  action: string;
  /** The asset. */
  asset: string;
  /** The params after macro expansion, secrets redacted. */
  params: unknown;
  /** Which step (from 1) of how many. */
  step: number;
  /** The steps of the rule. */
  steps: number;
  /** Which action of this problem episode (from 1). */
  attempt: number;
}

/** What `warden.remediate()` accepts. */
export interface RemediationRuleSpec {
  /** Unique rule id (kept in audit records). */
  id: string;
  /** What triggers it: a check entering one of these statuses (hard by default). */
  on: RemediationTrigger;
  /** Only assets matching this selector. @defaultValue every asset of the check */
  assets?: Selector;
  /** Steps, escalating in order: step N runs when step N−1 failed or its verification did. */
  steps?: readonly RemediationStep[];
  /** One step's action (instead of `steps`). */
  action?: RemediationStep['action'];
  /** One step's params (with `action`; typed when given through `steps`). */
  params?: unknown;
  /** Limits and behaviour. */
  policy?: RemediationPolicy;
  /** `false` turns the rule off without removing it. @defaultValue true */
  enabled?: boolean;
}

/** A rule after validation: durations in ms, defaults filled, one list of steps. */
export interface NormalizedRule {
  id: string;
  check: string;
  statuses: ReadonlySet<CheckStatus>;
  stateType: 'hard' | 'soft';
  attempt: number | undefined;
  assets: Selector | undefined;
  steps: NormalizedStep[];
  maxAttempts: number;
  cooldownMs: number;
  maintenance: 'skip' | 'only';
  dryRun: boolean;
  verifyAfterMs: number | undefined;
  timeoutMs: number;
  approve: ((plan: RemediationPlan) => boolean | Promise<boolean>) | undefined;
  approveTimeoutMs: number;
  maxConcurrent: number | undefined;
  maxPercent: number;
  periodMs: number;
  globalPerHour: number | undefined;
  perHour: number | undefined;
  perAssetPerHour: number | undefined;
  quiet: boolean;
  enabled: boolean;
}

const duration = (positive: boolean) =>
  z.union([z.number(), z.string()]).transform((value, ctx): number => {
    const ms = typeof value === 'number' ? value : tryParseDuration(value);
    if (ms === undefined || !Number.isFinite(ms) || ms < 0 || (positive && ms === 0)) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(value)} is not a ${positive ? 'positive ' : ''}duration; use ms or '30s', '10m'`,
      });
      return z.NEVER;
    }
    return ms;
  });

const stepSchema = z.strictObject({ action: z.string().min(1), params: z.unknown().optional() });

export const ruleSchema = z
  .strictObject({
    id: z.string().min(1),
    on: z.strictObject({
      check: z.string().min(1),
      status: z.array(z.enum(['warning', 'critical', 'unknown'])).min(1),
      stateType: z.enum(['hard', 'soft']).optional(),
      attempt: z.number().int().min(1).optional(),
    }),
    assets: z.unknown().optional(),
    steps: z.array(stepSchema).min(1).optional(),
    action: z.string().min(1).optional(),
    params: z.unknown().optional(),
    policy: z
      .strictObject({
        maxAttempts: z.number().int().min(1).default(3),
        cooldown: duration(false).default(15 * 60_000),
        maintenance: z.enum(['skip', 'only']).default('skip'),
        dryRun: z.boolean().default(false),
        verify: z.strictObject({ after: duration(true) }).optional(),
        timeout: duration(true).default(5 * 60_000),
        approve: z
          .custom<(plan: RemediationPlan) => boolean | Promise<boolean>>((v) => typeof v === 'function', {
            message: 'expected a function (plan) => boolean | Promise<boolean>',
          })
          .optional(),
        approveTimeout: duration(true).default(5 * 60_000),
        maxConcurrent: z.number().int().min(1).optional(),
        maxPercent: z.number().gt(0).max(100).default(100),
        period: duration(true).default(60 * 60_000),
        rateLimit: z
          .strictObject({
            global: z.number().int().min(1).optional(),
            perHour: z.number().int().min(1).optional(),
            perAssetPerHour: z.number().int().min(1).optional(),
          })
          .optional(),
        quiet: z.boolean().default(true),
      })
      .default({
        maxAttempts: 3,
        cooldown: 15 * 60_000,
        maintenance: 'skip',
        dryRun: false,
        timeout: 5 * 60_000,
        approveTimeout: 5 * 60_000,
        maxPercent: 100,
        period: 60 * 60_000,
        quiet: true,
      }),
    enabled: z.boolean().default(true),
  })
  .refine((r) => (r.steps === undefined) !== (r.action === undefined), {
    message: 'give either steps: [{ action, params }, …] or action (+ params), not both and not neither',
    path: ['steps'],
  })
  .refine((r) => r.action !== undefined || r.params === undefined, { message: 'params belongs with action', path: ['params'] })
  .refine((r) => r.on.attempt === undefined || r.on.stateType === undefined, {
    message: 'give on.attempt (act at that attempt, soft or hard) or on.stateType, not both',
    path: ['on', 'attempt'],
  });

/**
 * Validates a remediation rule's shape (not its actions or check: the engine checks those).
 *
 * @param raw - the rule as given
 * @returns the normalized rule
 * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path
 */
export function normalizeRule(raw: RemediationRuleSpec): NormalizedRule {
  const r = parseConfig(ruleSchema, raw, 'remediate() rule');
  const steps: NormalizedStep[] = r.steps ?? [{ action: r.action as string, params: r.params }];
  return {
    id: r.id,
    check: r.on.check,
    statuses: new Set(r.on.status),
    stateType: r.on.stateType ?? 'hard',
    attempt: r.on.attempt,
    assets: r.assets as Selector | undefined,
    steps: steps.map((s) => ({ action: s.action, params: s.params ?? {} })),
    maxAttempts: r.policy.maxAttempts,
    cooldownMs: r.policy.cooldown,
    maintenance: r.policy.maintenance,
    dryRun: r.policy.dryRun,
    verifyAfterMs: r.policy.verify?.after,
    timeoutMs: r.policy.timeout,
    approve: r.policy.approve,
    approveTimeoutMs: r.policy.approveTimeout,
    maxConcurrent: r.policy.maxConcurrent,
    maxPercent: r.policy.maxPercent,
    periodMs: r.policy.period,
    globalPerHour: r.policy.rateLimit?.global,
    perHour: r.policy.rateLimit?.perHour,
    perAssetPerHour: r.policy.rateLimit?.perAssetPerHour,
    quiet: r.policy.quiet,
    enabled: r.enabled,
  };
}
