import type { AssetRegistry } from '../assets/registry-types.js';
import type { CheckResult } from '../checks/types.js';
import type { PluginError } from '../errors/warden-error.js';
import type { WardenEmitter } from '../events/emitter.js';
import type { Clock } from '../internal/clock.js';
import type { MetricStore } from '../metrics/store-types.js';
import type { Sample } from '../metrics/types.js';
import type { PluginHost } from '../plugins/host.js';
import type { Scheduler } from '../scheduler/types.js';
import type { AggregateEvaluator } from './aggregate.js';
import { type BoundCheck, type PreparableSpec, prepareCheck } from './check-forms.js';
import type { CheckStates } from './check-states.js';
import { createHookContext, type HookContextDeps } from './hook-context.js';
import type { MetricEvaluator } from './metric-check.js';
import { PassiveTimers, validateSubmission } from './passive.js';
import { failureResult, storeCheckSamples } from './result.js';
import type { NormalizedSchedule } from './schedule.js';

/** What the runner is built from. */
export interface CheckRunnerOptions {
  host: PluginHost;
  deps: HookContextDeps;
  emitter: WardenEmitter;
  assets: AssetRegistry;
  clock: Clock;
  store: MetricStore;
  scheduler: Pick<Scheduler, 'runNow' | 'has'>;
  states: CheckStates;
}

const jobKey = (check: string, asset: string): string => `check:${check}:${asset}`;

/**
 * Runs checks and hands their results to the state machines ({@link CheckStates}): probes and
 * `run` functions on their schedule, metric checks when a collection produced their metric,
 * passive checks when a result is submitted (or goes stale), aggregates when a member changes.
 */
export class CheckRunner {
  readonly #checks = new Map<string, BoundCheck>();
  readonly #o: CheckRunnerOptions;
  readonly #states: CheckStates;
  readonly passive: PassiveTimers;
  /** Metric name → ids of the metric checks that judge it. */
  readonly #byMetric = new Map<string, Set<string>>();
  /** Member check id → ids of the aggregates counting it. */
  readonly #aggregates = new Map<string, Set<string>>();
  /** `metric\0asset` → the collection that last produced it, and its interval. */
  readonly #producers = new Map<string, { collector: string; intervalMs: number | undefined }>();
  /** Job keys run by `runOnce()` without incidents: their results leave the states alone. */
  readonly #raw = new Set<string>();

  /** @param options - plugin host, hook context deps, emitter, inventory, clock, metric store, scheduler, states */
  constructor(options: CheckRunnerOptions) {
    this.#o = options;
    this.#states = options.states;
    this.passive = new PassiveTimers(options.clock, (check, asset, result) => void this.#deliver(check, asset, result, 0));
  }

  /**
   * Validates a check (see {@link prepareCheck}).
   *
   * @throws WardenError `ERR_CONFIG_INVALID` for an unknown probe, invalid params, thresholds or state settings
   */
  prepare(spec: PreparableSpec, schedule: NormalizedSchedule | undefined, where: string): BoundCheck {
    return prepareCheck(spec, schedule, where, {
      host: this.#o.host,
      evaluateMetric: (metric, asset) => this.#evaluateMetric(metric, asset)?.result,
      evaluateAggregate: (aggregate) => this.#evaluateAggregate(aggregate),
      passiveResult: (check, asset) =>
        this.#states.state(check, asset)?.result ?? { status: 'unknown', summary: `no result submitted yet for "${check}" on ${asset}` },
    });
  }

  /** Adds a prepared check. */
  add(check: BoundCheck): void {
    this.#checks.set(check.id, check);
    this.#states.add(check.state);
    if (check.metric) this.#index(this.#byMetric, check.metric.metric, check.id);
    if (check.aggregate) this.#index(this.#aggregates, check.aggregate.check, check.id);
  }

  /** Removes a check, resolving its incidents. */
  remove(id: string): void {
    const check = this.#checks.get(id);
    if (check?.metric) this.#byMetric.get(check.metric.metric)?.delete(id);
    if (check?.aggregate) this.#aggregates.get(check.aggregate.check)?.delete(id);
    for (const asset of this.#states.assetsOf(id)) this.passive.untrack(id, asset);
    this.#checks.delete(id);
    this.#states.remove(id);
  }

  /** Starts tracking a pair. */
  track(check: string, asset: string): void {
    this.#states.track(check, asset);
    const bound = this.#checks.get(check);
    if (bound?.passive) this.passive.track({ id: check, ...bound.passive }, asset, this.#states.state(check, asset)?.lastCheckAt);
  }

  /** Stops tracking a pair. */
  untrack(check: string, asset: string): void {
    this.passive.untrack(check, asset);
    this.#states.untrack(check, asset);
  }

  /** Forgets every pair of a removed asset: its incidents resolve as `asset removed`. */
  forgetAsset(asset: string): void {
    for (const id of this.#checks.keys()) this.passive.untrack(id, asset);
    this.#states.forgetAsset(asset);
  }

  /** The bound check with this id, if any. */
  get(id: string): BoundCheck | undefined {
    return this.#checks.get(id);
  }

  /**
   * Marks a job as run raw (`runOnce()` without incidents) or clears the mark.
   *
   * @param key - the job key
   * @param raw - whether results of runs starting now bypass the states
   */
  setRaw(key: string, raw: boolean): void {
    if (raw) this.#raw.add(key);
    else this.#raw.delete(key);
  }

  /**
   * Runs a check for an asset (its scheduled job), emits `check:result` and queues the result for
   * its state machine. Metric checks only notice stale data here; passive checks have no job.
   *
   * @returns the result (failures become `unknown`, never a rejection); undefined while pending
   */
  async run(checkId: string, assetId: string, signal: AbortSignal): Promise<CheckResult | undefined> {
    const check = this.#checks.get(checkId);
    const asset = this.#o.assets.get(assetId);
    if (!check || !asset) return undefined;
    const raw = this.#raw.has(jobKey(checkId, assetId));
    if (check.metric) {
      // Judged when a collection produced the metric; the schedule only notices silence.
      const outcome = this.#evaluateMetric(check.metric, assetId);
      if (outcome !== undefined && outcome.result.code === 'ERR_TIMEOUT')
        this.#deliver(checkId, assetId, outcome.result, 0, outcome.series, raw);
      return outcome?.result;
    }
    const started = this.#o.clock.now();
    const ctx = createHookContext(this.#o.deps, { plugin: check.plugin, hook: check.form, assetId, signal });
    let result: CheckResult | undefined;
    try {
      result = await check.execute(asset, ctx);
    } catch (err) {
      result = failureResult(err);
    }
    if (result === undefined) return undefined;
    if (signal.aborted && result.code === undefined) {
      result = { status: 'unknown', summary: `check "${checkId}" on ${assetId} did not finish in time`, code: 'ERR_TIMEOUT' };
    }
    const { scrub } = this.#o.deps.secrets;
    result = { ...result, summary: scrub(result.summary), ...(result.details ? { details: scrub(result.details) } : {}) };
    if (result.samples && result.samples.length > 0) result = storeCheckSamples(this.#o.store, checkId, assetId, result);
    void this.#deliver(checkId, assetId, result, this.#o.clock.now() - started, undefined, raw);
    return result;
  }

  /**
   * Runs a pair again now and waits until its result was applied: for liveness re-checks and
   * re-checks after a parent recovered. Never rejects.
   */
  async rerun(checkId: string, assetId: string): Promise<void> {
    const check = this.#checks.get(checkId);
    if (!check) return;
    if (check.passive) return this.#states.reconcile(checkId, assetId);
    if (check.metric) {
      const outcome = this.#evaluateMetric(check.metric, assetId);
      return outcome && this.#deliver(checkId, assetId, outcome.result, 0, outcome.series);
    }
    if (check.aggregate) {
      const result = this.#evaluateAggregate(check.aggregate);
      return result && this.#deliver(checkId, assetId, result, 0);
    }
    const key = jobKey(checkId, assetId);
    if (!this.#o.scheduler.has(key)) return;
    try {
      await this.#o.scheduler.runNow(key);
    } catch {
      return; // stopping: nothing to wait for
    }
    await this.#states.settled(checkId, assetId);
  }

  /**
   * Judges a metric, passive or aggregate check now, for `runOnce()`.
   *
   * @param raw - leave the states alone
   * @returns the result, or undefined for probe and run checks (they run through their job)
   */
  evaluateNow(checkId: string, assetId: string, raw: boolean): CheckResult | undefined {
    const check = this.#checks.get(checkId);
    if (!check) return undefined;
    if (check.passive)
      return (
        this.#states.state(checkId, assetId)?.result ?? {
          status: 'unknown',
          summary: `no result submitted yet for "${checkId}" on ${assetId}`,
        }
      );
    if (check.aggregate) {
      const result = this.#evaluateAggregate(check.aggregate) ?? {
        status: 'unknown',
        summary: `no member of "${check.aggregate.check}" has a result yet`,
      };
      void this.#deliver(checkId, assetId, result, 0, undefined, raw);
      return result;
    }
    if (!check.metric) return undefined;
    const outcome = this.#evaluateMetric(check.metric, assetId);
    const result = outcome?.result ?? {
      status: 'unknown',
      summary: `no data for ${check.metric.metric} on ${assetId}; is a collector producing it?`,
    };
    void this.#deliver(checkId, assetId, result, 0, outcome?.series, raw);
    return result;
  }

  /**
   * Takes a submitted result for a passive check (`warden.submit()`).
   *
   * @returns resolves once the result was applied to the pair's state
   * @throws WardenError `ERR_NOT_FOUND` for an unknown check or asset, or a pair the check does not
   *   cover; `ERR_CONFIG_INVALID` for a check that is not passive or an invalid result
   */
  submit(checkId: string, assetId: string, raw: unknown): Promise<void> {
    const result = validateSubmission(checkId, assetId, raw, {
      check: this.#checks.get(checkId),
      passiveChecks: () => [...this.#checks.values()].filter((c) => c.passive).map((c) => c.id),
      assetExists: this.#o.assets.has(assetId),
      covered: this.#states.has(checkId, assetId),
    });
    this.passive.fresh(checkId, assetId);
    const scrubbed: CheckResult = { ...result, summary: this.#o.deps.secrets.scrub(result.summary) };
    const stored =
      scrubbed.samples && scrubbed.samples.length > 0 ? storeCheckSamples(this.#o.store, checkId, assetId, scrubbed) : scrubbed;
    return this.#deliver(checkId, assetId, stored, 0);
  }

  /** Whether a pair is tracked. */
  covers(checkId: string, assetId: string): boolean {
    return this.#states.has(checkId, assetId);
  }

  /**
   * A collection stored samples: each metric check judging one of those metrics is evaluated
   * for that asset, once.
   */
  collectionSucceeded(collector: string, asset: string, samples: readonly Sample[], intervalMs: number | undefined): void {
    const names = new Set(samples.map((sample) => sample.name));
    for (const name of names) {
      this.#producers.set(`${name}\0${asset}`, { collector, intervalMs });
      for (const checkId of this.#byMetric.get(name) ?? []) {
        const check = this.#checks.get(checkId);
        if (!check?.metric || !this.#states.has(checkId, asset)) continue;
        const outcome = this.#evaluateMetric(check.metric, asset);
        if (outcome) void this.#deliver(checkId, asset, outcome.result, 0, outcome.series);
      }
    }
  }

  /** A collection failed: metric checks of the metrics it last produced for the asset become `unknown` with its code. */
  collectionFailed(collector: string, asset: string, error: PluginError): void {
    for (const [metric, ids] of this.#byMetric) {
      if (this.#producers.get(`${metric}\0${asset}`)?.collector !== collector) continue;
      for (const checkId of ids) {
        if (!this.#states.has(checkId, asset)) continue;
        const result: CheckResult = { status: 'unknown', summary: `collection by ${collector} failed: ${error.message}`, code: error.code };
        void this.#deliver(checkId, asset, result, 0);
      }
    }
  }

  /** A pair's state changed: aggregates counting that check are judged again. */
  memberChanged(check: string, asset: string): void {
    for (const id of this.#aggregates.get(check) ?? []) {
      const aggregate = this.#checks.get(id)?.aggregate;
      if (!aggregate?.covers(this.#o.assets, asset)) continue;
      const result = this.#evaluateAggregate(aggregate);
      if (result) for (const target of this.#states.assetsOf(id)) void this.#deliver(id, target, result, 0);
    }
  }

  #deliver(check: string, asset: string, result: CheckResult, durationMs: number, series?: readonly string[], raw = false): Promise<void> {
    this.#o.emitter.emit('check:result', { check, asset, result, durationMs });
    return raw ? Promise.resolve() : this.#states.apply(check, asset, result, series);
  }

  #evaluateMetric(metric: MetricEvaluator, assetId: string): { result: CheckResult; series: readonly string[] | undefined } | undefined {
    const producer = this.#producers.get(`${metric.metric}\0${assetId}`);
    const staleAfter = producer?.intervalMs === undefined ? undefined : 3 * producer.intervalMs;
    const outcome = metric.evaluate(this.#o.store, assetId, this.#o.clock.now(), staleAfter);
    if ('pending' in outcome) return undefined;
    const { series, ...result } = outcome;
    return { result, series };
  }

  #evaluateAggregate(aggregate: AggregateEvaluator): CheckResult | undefined {
    return aggregate.evaluate({ hasCheck: (id) => this.#checks.has(id), states: (filter) => this.#states.states(filter) }, this.#o.assets);
  }

  #index(map: Map<string, Set<string>>, key: string, id: string): void {
    const ids = map.get(key) ?? new Set();
    ids.add(id);
    map.set(key, ids);
  }
}
