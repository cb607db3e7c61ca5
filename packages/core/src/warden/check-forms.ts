import type { Selector } from '../assets/selector-types.js';
import type { Asset } from '../assets/types.js';
import { tryExpandMacros, validateMacros } from '../checks/macros.js';
import { resolveStateSettings } from '../checks/state-settings.js';
import type { CheckResult, CheckStatus } from '../checks/types.js';
import { parseConfig } from '../errors/config-error.js';
import type { PluginHost } from '../plugins/host.js';
import { invokeHook } from '../plugins/invoke.js';
import type { HookContext } from '../plugins/types.js';
import { type AggregateEvaluator, prepareAggregate } from './aggregate.js';
import { type MetricEvaluator, type ParsedMetricFields, prepareMetricCheck } from './metric-check.js';
import type { StateCheckDef } from './pair-table.js';
import { normalizeResult } from './result.js';
import type { NormalizedSchedule } from './schedule.js';
import type { RunCheckSpec } from './specs.js';

/** A check after validation: how to run it and how its states behave. */
export interface BoundCheck {
  /** Check id. */
  readonly id: string;
  /** The plugin whose hook runs (`core` for every other form). */
  readonly plugin: string;
  /** `probe:<name>`, `run`, `metric`, `passive` or `aggregate`. */
  readonly form: string;
  /** For metric checks: the evaluator (they run when a collection produced their metric). */
  readonly metric?: MetricEvaluator | undefined;
  /** For passive checks: how long a result stays fresh, and the status after that. */
  readonly passive?: { readonly freshnessMs: number; readonly staleStatus: CheckStatus } | undefined;
  /** For aggregate checks: what they count. */
  readonly aggregate?: AggregateEvaluator | undefined;
  /** Runs the check once for an asset (probe, run, aggregate; metric and passive report their latest). */
  readonly execute: (asset: Asset, ctx: HookContext) => Promise<CheckResult | undefined>;
  /** State settings, liveness and schedules. */
  readonly state: StateCheckDef;
  /** Whether it counts for `/health/ready`. */
  readonly readiness: boolean;
}

/** The validated spec fields {@link prepareCheck} reads. */
export type PreparableSpec = Omit<Partial<ParsedMetricFields>, 'metric'> & {
  id: string;
  metric?: string | undefined;
  probe?: string | undefined;
  params?: unknown;
  run?: RunCheckSpec['run'] | undefined;
  passive?: true | undefined;
  freshness?: number | undefined;
  staleStatus?: 'ok' | 'warning' | 'critical' | 'unknown' | undefined;
  aggregate?:
    | { check: string; assets?: Selector | undefined; warn?: string | number | undefined; crit?: string | number | undefined }
    | undefined;
  liveness?: boolean | undefined;
  readiness?: boolean | undefined;
  attempts?: number | undefined;
  retryEvery?: number | undefined;
  for?: number | undefined;
  volatile?: boolean | undefined;
  flapping?: boolean | { low?: number | undefined; high?: number | undefined } | undefined;
};

/** What a form needs from the engine to produce a result. */
export interface FormHooks {
  /** The plugin host (probes). */
  host: PluginHost;
  /** Judges a metric check now; undefined while there is too little data. */
  evaluateMetric(metric: MetricEvaluator, asset: string): CheckResult | undefined;
  /** Judges an aggregate now; undefined while no member has a result. */
  evaluateAggregate(aggregate: AggregateEvaluator): CheckResult | undefined;
  /** The latest result of a passive pair (or a "nothing submitted" result). */
  passiveResult(check: string, asset: string): CheckResult;
}

/**
 * Validates a check's form and state settings: probe resolved and params parsed, macros and
 * thresholds checked, `attempts`/`for`/`flapping` resolved.
 *
 * @param spec - the validated spec fields
 * @param schedule - the job's schedule (undefined for passive checks)
 * @param where - the check, for messages
 * @param hooks - plugin host and evaluators
 * @returns the bound check
 * @throws WardenError `ERR_CONFIG_INVALID` for an unknown probe, invalid params, thresholds or state settings
 */
export function prepareCheck(spec: PreparableSpec, schedule: NormalizedSchedule | undefined, where: string, hooks: FormHooks): BoundCheck {
  const settings = resolveStateSettings(
    { attempts: spec.attempts, for: spec.for, volatile: spec.volatile, flapping: spec.flapping as boolean | undefined },
    where,
  );
  const every = schedule !== undefined && 'every' in schedule ? schedule.every : undefined;
  const state: StateCheckDef = {
    id: spec.id,
    settings,
    liveness: spec.liveness === true,
    schedule,
    retryEvery: spec.retryEvery !== undefined && spec.retryEvery !== every ? spec.retryEvery : undefined,
  };
  const base = { id: spec.id, plugin: 'core', state, readiness: spec.readiness === true };
  if (spec.metric !== undefined) {
    const metric = prepareMetricCheck(spec as ParsedMetricFields, where);
    return { ...base, form: 'metric', metric, execute: async (asset) => hooks.evaluateMetric(metric, asset.id) };
  }
  if (spec.passive === true) {
    const passive = { freshnessMs: spec.freshness ?? 0, staleStatus: spec.staleStatus ?? 'critical' };
    return { ...base, form: 'passive', passive, execute: async (asset) => hooks.passiveResult(spec.id, asset.id) };
  }
  if (spec.aggregate !== undefined) {
    const aggregate = prepareAggregate(spec.aggregate, where);
    return { ...base, form: 'aggregate', aggregate, execute: async () => hooks.evaluateAggregate(aggregate) };
  }
  if (spec.run) {
    const run = spec.run;
    return {
      ...base,
      form: 'run',
      execute: async (asset, ctx) =>
        normalizeResult(
          await invokeHook({ plugin: 'core', hook: `check ${spec.id}`, assetId: asset.id, scrub: ctx.secrets.scrub }, () =>
            run(asset, ctx),
          ),
          `check "${spec.id}"`,
        ),
    };
  }
  const entry = hooks.host.resolve('probe', spec.probe as string, where);
  const schema = entry.definition.params;
  const params = schema ? parseConfig(schema, spec.params ?? {}, `${where} params`, ['params']) : spec.params;
  validateMacros(params, `${where} params`);
  return {
    ...base,
    plugin: entry.plugin,
    form: `probe:${entry.name}`,
    execute: async (asset, ctx) => {
      const expanded = tryExpandMacros(params, asset);
      if (!expanded.ok) return expanded.result;
      const value = await invokeHook({ plugin: entry.plugin, hook: entry.name, assetId: asset.id, scrub: ctx.secrets.scrub }, () =>
        entry.definition.run(asset, expanded.value, ctx),
      );
      return normalizeResult(value, `probe ${entry.name}`);
    },
  };
}
