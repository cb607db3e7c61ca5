import { z } from 'zod';
import type { Selector } from '../assets/selector-types.js';
import type { Asset } from '../assets/types.js';
import type { FlapThresholds } from '../checks/flapping.js';
import type { CheckResult } from '../checks/types.js';
import type { Duration } from '../internal/duration.js';
import type { CollectorName, CollectorRegistry, ProbeName, ProbeRegistry } from '../plugins/registry-types.js';
import type { HookContext } from '../plugins/types.js';
import { type MetricCheckFields, metricCheckFields } from './metric-check.js';
import { durationSchema, positiveDurationSchema, refineSchedule, type ScheduleSpec, scheduleFields } from './schedule.js';

/** A spec id: letters, digits, `.`, `_`, `-`. */
const specIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1–128 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** A selector as specs accept it (validated by the asset module when compiled). */
const selectorSchema = z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected a selector string or object' });

/**
 * `warden.collect()`: run a collector on every matching asset.
 *
 * @example
 * ```ts
 * warden.collect({ collector: 'host.local', assets: { ids: ['self'] }, every: '15s' });
 * ```
 */
export type CollectSpec = {
  [K in CollectorName]: ScheduleSpec & {
    /** Id of this collection (job keys, handles). @defaultValue the collector name */
    id?: string;
    /** Registered collector name. */
    collector: K;
    /** Which assets. */
    assets: Selector;
    /** Parameters for the collector. */
    params?: CollectorRegistry[K];
  };
}[CollectorName];

/** The fields every check form shares. */
export interface CheckSpecBase extends ScheduleSpec {
  /** Unique check id. */
  id: string;
  /** Which assets the check applies to. */
  assets: Selector;
  /** A line for people. */
  description?: string;
  /** Consecutive non-OK results before the state is hard (Nagios max_check_attempts). @defaultValue 1 */
  attempts?: number;
  /** Interval between retries while soft non-OK. @defaultValue `every` */
  retryEvery?: Duration;
  /** This check decides whether its asset is up. */
  liveness?: boolean;
  /** This check counts for `/health/ready`. */
  readiness?: boolean;
  /** How long a non-OK status must last before the state is hard (Prometheus `for:`); with `attempts`, both must be met. */
  for?: Duration;
  /** Every hard non-OK result re-notifies (Nagios `is_volatile`). @defaultValue false */
  volatile?: boolean;
  /** Flap detection: `false` turns it off; `{ low, high }` percentages change the thresholds. @defaultValue true (20 % / 30 %) */
  flapping?: boolean | FlapThresholds;
}

/** A check run by a probe (a plugin's or core's `tcp`, `ping`, `nagios`). */
export type ProbeCheckSpec = {
  [K in ProbeName]: CheckSpecBase & {
    /** Registered probe name. */
    probe: K;
    /** Probe parameters; strings may use asset macros (`{address}`). */
    params?: ProbeRegistry[K];
  };
}[ProbeName];

/** A check run by your own function. */
export interface RunCheckSpec extends CheckSpecBase {
  /** Produces the result; throwing makes it `unknown`. */
  run(asset: Asset, ctx: HookContext): CheckResult | Promise<CheckResult>;
}

/** A check that judges a metric collectors gather, once per completed collection that produced it. */
export interface MetricCheckSpec extends CheckSpecBase, MetricCheckFields {}

/**
 * A check whose results arrive through `warden.submit()` (traps, webhooks, heartbeats); no
 * result within `freshness` → `staleStatus` (a dead-man's switch).
 */
export interface PassiveCheckSpec extends CheckSpecBase {
  /** Marker: results are submitted, never fetched. */
  passive: true;
  /** How long a result stays fresh (`'25h'` for a nightly job). */
  freshness: Duration;
  /**
   * The status when no result came within `freshness`. `'ok'` makes an event check that clears
   * itself: a trap that said "rebooted" or "authentication failure" warns until `freshness`
   * passes without another one.
   * @defaultValue `'critical'`
   */
  staleStatus?: 'ok' | 'warning' | 'critical' | 'unknown';
}

/** What an aggregate check counts. */
export interface AggregateFields {
  /** The member check whose states are counted. */
  check: string;
  /** The members: assets the member check runs on. @defaultValue every asset of the member check */
  assets?: Selector;
  /** Threshold on the count of non-OK members (`'>=1'`, a Nagios range such as `'1'`). */
  warn?: string | number;
  /** Threshold on the count of non-OK members. */
  crit?: string | number;
}

/** "N of M members non-OK" over another check's hard states: clusters, redundant services. */
export interface AggregateCheckSpec extends CheckSpecBase {
  /** What to count and when to alert. */
  aggregate: AggregateFields;
}

/** Any check spec `warden.check()` accepts. */
export type CheckSpec = ProbeCheckSpec | RunCheckSpec | MetricCheckSpec | PassiveCheckSpec | AggregateCheckSpec;

/** Schema of the shared collect fields (the collector's own params are checked by its schema). */
export const collectSpecSchema = z
  .strictObject({
    id: specIdSchema.optional(),
    collector: z.string().min(1),
    assets: selectorSchema,
    params: z.unknown().optional(),
    ...scheduleFields,
  })
  .superRefine(refineSchedule);

/** Schema of the shared check fields (each form adds its own). */
export const checkSpecSchema = z
  .strictObject({
    id: specIdSchema,
    assets: selectorSchema,
    description: z.string().optional(),
    attempts: z.number().int().min(1).max(100).optional(),
    retryEvery: scheduleFields.every,
    liveness: z.boolean().optional(),
    readiness: z.boolean().optional(),
    for: durationSchema.optional(),
    volatile: z.boolean().optional(),
    flapping: z.union([z.boolean(), z.strictObject({ low: z.number().optional(), high: z.number().optional() })]).optional(),
    passive: z.literal(true, { error: 'passive is `true` or left out' }).optional(),
    freshness: positiveDurationSchema.optional(),
    staleStatus: z.enum(['ok', 'warning', 'critical', 'unknown']).optional(),
    aggregate: z
      .strictObject({
        check: specIdSchema,
        assets: selectorSchema.optional(),
        warn: z.union([z.string(), z.number()]).optional(),
        crit: z.union([z.string(), z.number()]).optional(),
      })
      .optional(),
    probe: z.string().min(1).optional(),
    params: z.unknown().optional(),
    run: z
      .custom<RunCheckSpec['run']>((value) => typeof value === 'function', 'expected a function (asset, ctx) => CheckResult')
      .optional(),
    ...metricCheckFields,
    ...scheduleFields,
  })
  .superRefine(refineSchedule)
  .superRefine(refineCheckForm);

const METRIC_ONLY = ['labels', 'fn', 'window', 'q', 'ahead', 'warn', 'crit', 'staleAfter'] as const;

function refineCheckForm(spec: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const forms = (['probe', 'run', 'metric', 'passive', 'aggregate'] as const).filter((form) => spec[form] !== undefined);
  if (forms.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message:
        forms.length === 0
          ? 'a check needs one of `probe`, `run`, `metric`, `passive` or `aggregate`'
          : `a check has one form; got ${forms.join(' and ')}`,
    });
  }
  if (spec.passive === undefined) {
    for (const key of ['freshness', 'staleStatus'] as const)
      if (spec[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `\`${key}\` belongs to passive checks` });
  } else if (spec.freshness === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['freshness'],
      message: "a passive check needs `freshness` (e.g. '25h'): how long a result stays fresh",
    });
  }
  const aggregate = spec.aggregate as { check?: unknown; warn?: unknown; crit?: unknown } | undefined;
  if (aggregate !== undefined) {
    if (aggregate.check === spec.id)
      ctx.addIssue({ code: 'custom', path: ['aggregate', 'check'], message: 'an aggregate cannot count itself' });
    if (aggregate.warn === undefined && aggregate.crit === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['aggregate', 'warn'],
        message: 'an aggregate needs `warn`, `crit` or both (thresholds on the count of non-OK members)',
      });
  }
  if (spec.probe === undefined && spec.params !== undefined)
    ctx.addIssue({ code: 'custom', path: ['params'], message: '`params` belongs to probe checks' });
  if (spec.metric === undefined) {
    for (const key of METRIC_ONLY) {
      if (spec[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `\`${key}\` belongs to metric checks` });
    }
    return;
  }
  if (spec.fn === 'predictLinear' && spec.ahead === undefined)
    ctx.addIssue({ code: 'custom', path: ['ahead'], message: "fn 'predictLinear' needs `ahead` (e.g. '7d')" });
  if (spec.fn === 'quantile' && spec.q === undefined)
    ctx.addIssue({ code: 'custom', path: ['q'], message: "fn 'quantile' needs `q` (0–1)" });
  if (spec.warn === undefined && spec.crit === undefined)
    ctx.addIssue({ code: 'custom', path: ['warn'], message: 'a metric check needs `warn`, `crit` or both' });
}
