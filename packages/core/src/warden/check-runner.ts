import type { AssetRegistry } from '../assets/registry-types.js';
import { tryExpandMacros, validateMacros } from '../checks/macros.js';
import type { CheckResult } from '../checks/types.js';
import { parseConfig } from '../errors/config-error.js';
import type { PluginError } from '../errors/warden-error.js';
import type { WardenEmitter } from '../events/emitter.js';
import type { Clock } from '../internal/clock.js';
import type { MetricStore } from '../metrics/store-types.js';
import type { Sample } from '../metrics/types.js';
import type { PluginHost } from '../plugins/host.js';
import { invokeHook } from '../plugins/invoke.js';
import type { HookContext } from '../plugins/types.js';
import { createHookContext, type HookContextDeps } from './hook-context.js';
import { type MetricEvaluator, type ParsedMetricFields, prepareMetricCheck } from './metric-check.js';
import { failureResult, normalizeResult } from './result.js';
import type { RunCheckSpec } from './specs.js';
import type { CheckState } from './types.js';

/** A check after validation: how to run it. */
export interface BoundCheck {
  /** Check id. */
  readonly id: string;
  /** The plugin whose hook runs (`core` for `run` checks). */
  readonly plugin: string;
  /** `probe:<name>`, `run` or `metric`. */
  readonly form: string;
  /** For metric checks: the evaluator (they run when a collection produced their metric). */
  readonly metric?: MetricEvaluator;
  /** Runs the check once for an asset. */
  readonly execute: (asset: Parameters<RunCheckSpec['run']>[0], ctx: HookContext) => Promise<CheckResult>;
  /** The validated spec fields the state machine reads. */
  readonly spec: { liveness: boolean; readiness: boolean; attempts: number };
}

type MutableState = { -readonly [K in keyof CheckState]: CheckState[K] };

/** Runs checks and keeps their states in a synchronous hot cache. */
export class CheckRunner {
  readonly #checks = new Map<string, BoundCheck>();
  readonly #states = new Map<string, Map<string, MutableState>>();
  readonly #deps: HookContextDeps;
  readonly #host: PluginHost;
  readonly #emitter: WardenEmitter;
  readonly #assets: AssetRegistry;
  readonly #clock: Clock;
  readonly #store: MetricStore;
  /** Metric name → ids of the metric checks that judge it. */
  readonly #byMetric = new Map<string, Set<string>>();
  /** `metric\0asset` → the collection that last produced it, and its interval. */
  readonly #producers = new Map<string, { collector: string; intervalMs: number | undefined }>();

  /**
   * @param options - plugin host, hook context deps, emitter, inventory, clock, and the store probe samples go to
   */
  constructor(options: {
    host: PluginHost;
    deps: HookContextDeps;
    emitter: WardenEmitter;
    assets: AssetRegistry;
    clock: Clock;
    store: MetricStore;
  }) {
    this.#host = options.host;
    this.#deps = options.deps;
    this.#emitter = options.emitter;
    this.#assets = options.assets;
    this.#clock = options.clock;
    this.#store = options.store;
  }

  /**
   * Validates a check's form and params (probe resolved, params parsed, macros checked).
   *
   * @param spec - the validated spec fields
   * @param where - the check, for messages
   * @returns the bound check (not yet added)
   * @throws WardenError `ERR_CONFIG_INVALID` for an unknown probe or invalid params
   */
  prepare(
    spec: Omit<Partial<ParsedMetricFields>, 'metric'> & {
      id: string;
      metric?: string | undefined;
      probe?: string | undefined;
      params?: unknown;
      run?: RunCheckSpec['run'] | undefined;
      liveness?: boolean | undefined;
      readiness?: boolean | undefined;
      attempts?: number | undefined;
    },
    where: string,
  ): BoundCheck {
    const common = { liveness: spec.liveness === true, readiness: spec.readiness === true, attempts: spec.attempts ?? 1 };
    if (spec.metric !== undefined) {
      const metric = prepareMetricCheck(spec as ParsedMetricFields, where);
      return {
        id: spec.id,
        plugin: 'core',
        form: 'metric',
        spec: common,
        metric,
        execute: async (asset) =>
          this.#evaluateMetric(metric, asset.id) ?? { status: 'unknown', summary: `no data for ${metric.metric} on ${asset.id}` },
      };
    }
    if (spec.run) {
      const run = spec.run;
      return {
        id: spec.id,
        plugin: 'core',
        form: 'run',
        spec: common,
        execute: async (asset, ctx) =>
          normalizeResult(
            await invokeHook({ plugin: 'core', hook: `check ${spec.id}`, assetId: asset.id, scrub: ctx.secrets.scrub }, () =>
              run(asset, ctx),
            ),
            `check "${spec.id}"`,
          ),
      };
    }
    const entry = this.#host.resolve('probe', spec.probe as string, where);
    const schema = entry.definition.params;
    const params = schema ? parseConfig(schema, spec.params ?? {}, `${where} params`, ['params']) : spec.params;
    validateMacros(params, `${where} params`);
    return {
      id: spec.id,
      plugin: entry.plugin,
      form: `probe:${entry.name}`,
      spec: common,
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

  /** Adds a prepared check. */
  add(check: BoundCheck): void {
    this.#checks.set(check.id, check);
    this.#states.set(check.id, new Map());
    if (check.metric) {
      const ids = this.#byMetric.get(check.metric.metric) ?? new Set();
      ids.add(check.id);
      this.#byMetric.set(check.metric.metric, ids);
    }
  }

  /** Removes a check and its states. */
  remove(id: string): void {
    const check = this.#checks.get(id);
    if (check?.metric) this.#byMetric.get(check.metric.metric)?.delete(id);
    this.#checks.delete(id);
    this.#states.delete(id);
  }

  /** Starts tracking a (check, asset) pair: its state is `pending` until the first result. */
  track(check: string, asset: string): void {
    const states = this.#states.get(check);
    if (!states || states.has(asset)) return;
    states.set(asset, {
      check,
      asset,
      status: 'pending',
      stateType: 'soft',
      attempt: 0,
      result: undefined,
      lastCheckAt: undefined,
      lastChangeAt: undefined,
    });
  }

  /** Stops tracking a (check, asset) pair. */
  untrack(check: string, asset: string): void {
    this.#states.get(check)?.delete(asset);
  }

  /** Forgets every state of a removed asset. */
  forgetAsset(asset: string): void {
    for (const states of this.#states.values()) states.delete(asset);
  }

  /** The bound check with this id, if any. */
  get(id: string): BoundCheck | undefined {
    return this.#checks.get(id);
  }

  /**
   * Runs a check for an asset, records the state and emits `check:result`.
   *
   * @param checkId - the check
   * @param assetId - the asset
   * @param signal - aborted on timeout or stop
   * @returns the result (failures become `unknown`, never a rejection)
   */
  async run(checkId: string, assetId: string, signal: AbortSignal): Promise<CheckResult | undefined> {
    const check = this.#checks.get(checkId);
    const asset = this.#assets.get(assetId);
    if (!check || !asset) return undefined;
    if (check.metric) {
      // Metric checks are judged when a collection produces their metric; the schedule only
      // notices silence (stale data), so a value is never judged twice.
      const result = this.#evaluateMetric(check.metric, assetId);
      if (result === undefined || result.code !== 'ERR_TIMEOUT') return result;
      this.#finish(checkId, assetId, result, 0);
      return result;
    }
    const started = this.#clock.now();
    const ctx = createHookContext(this.#deps, { plugin: check.plugin, hook: check.form, assetId, signal });
    let result: CheckResult;
    try {
      result = await check.execute(asset, ctx);
    } catch (err) {
      result = failureResult(err);
    }
    if (signal.aborted && result.code === undefined) {
      result = { status: 'unknown', summary: `check "${checkId}" on ${assetId} did not finish in time`, code: 'ERR_TIMEOUT' };
    }
    result = {
      ...result,
      summary: this.#deps.secrets.scrub(result.summary),
      ...(result.details ? { details: this.#deps.secrets.scrub(result.details) } : {}),
    };
    if (result.samples && result.samples.length > 0) result = this.#storeSamples(checkId, assetId, result);
    this.#finish(checkId, assetId, result, this.#clock.now() - started);
    return result;
  }

  /**
   * Judges a metric check now, for `runOnce()`: the full evaluation, stale or not.
   *
   * @param checkId - the check
   * @param assetId - the asset
   * @returns the result, or undefined when the check is not a metric check
   */
  evaluateNow(checkId: string, assetId: string): CheckResult | undefined {
    const check = this.#checks.get(checkId);
    if (!check?.metric) return undefined;
    const result = this.#evaluateMetric(check.metric, assetId) ?? {
      status: 'unknown',
      summary: `no data for ${check.metric.metric} on ${assetId}; is a collector producing it?`,
    };
    this.#finish(checkId, assetId, result, 0);
    return result;
  }

  #evaluateMetric(metric: MetricEvaluator, assetId: string): CheckResult | undefined {
    const producer = this.#producers.get(`${metric.metric}\0${assetId}`);
    const staleAfter = producer?.intervalMs === undefined ? undefined : 3 * producer.intervalMs;
    const outcome = metric.evaluate(this.#store, assetId, this.#clock.now(), staleAfter);
    return 'pending' in outcome ? undefined : outcome;
  }

  #finish(checkId: string, assetId: string, result: CheckResult, durationMs: number): void {
    this.#record(checkId, assetId, result);
    this.#emitter.emit('check:result', { check: checkId, asset: assetId, result, durationMs });
  }

  /**
   * The state of one pair.
   *
   * @param check - check id
   * @param asset - asset id
   * @returns a frozen snapshot, or undefined
   */
  state(check: string, asset: string): CheckState | undefined {
    const state = this.#states.get(check)?.get(asset);
    return state ? Object.freeze({ ...state }) : undefined;
  }

  /**
   * States matching a filter.
   *
   * @param filter - check and/or asset id
   * @returns snapshots
   */
  states(filter: { check?: string; asset?: string }): CheckState[] {
    const out: CheckState[] = [];
    for (const [check, states] of this.#states) {
      if (filter.check !== undefined && filter.check !== check) continue;
      for (const [asset, state] of states) if (filter.asset === undefined || filter.asset === asset) out.push(Object.freeze({ ...state }));
    }
    return out;
  }

  /**
   * A collection stored samples: each metric check judging one of those metrics is evaluated
   * for that asset, once.
   *
   * @param collector - the collection's collector
   * @param asset - the asset
   * @param samples - what it stored
   * @param intervalMs - the collection's interval, for the default staleness (3×)
   */
  collectionSucceeded(collector: string, asset: string, samples: readonly Sample[], intervalMs: number | undefined): void {
    const names = new Set(samples.map((sample) => sample.name));
    for (const name of names) {
      this.#producers.set(`${name}\0${asset}`, { collector, intervalMs });
      for (const checkId of this.#byMetric.get(name) ?? []) {
        const check = this.#checks.get(checkId);
        if (!check?.metric || !this.#states.get(checkId)?.has(asset)) continue;
        const result = this.#evaluateMetric(check.metric, asset);
        if (result) this.#finish(checkId, asset, result, 0);
      }
    }
  }

  /**
   * A collection failed: metric checks of the metrics it last produced for the asset become
   * `unknown`, carrying its error code.
   *
   * @param collector - the collection's collector
   * @param asset - the asset
   * @param error - why it failed
   */
  collectionFailed(collector: string, asset: string, error: PluginError): void {
    for (const [metric, ids] of this.#byMetric) {
      if (this.#producers.get(`${metric}\0${asset}`)?.collector !== collector) continue;
      for (const checkId of ids) {
        if (!this.#states.get(checkId)?.has(asset)) continue;
        this.#finish(
          checkId,
          asset,
          { status: 'unknown', summary: `collection by ${collector} failed: ${error.message}`, code: error.code },
          0,
        );
      }
    }
  }

  /** Stores what a probe measured (perfdata, latencies) under a `check` label, so two checks never share a series. */
  #storeSamples(check: string, asset: string, result: CheckResult): CheckResult {
    const samples = (result.samples ?? []).map((s) => ({ ...s, labels: { ...s.labels, check } }));
    try {
      this.#store.ingest(asset, samples, { source: `check:${check}` });
      return { ...result, samples };
    } catch (err) {
      const note = `samples not stored: ${err instanceof Error ? err.message : String(err)}`;
      return { ...result, samples, details: result.details ? `${result.details}\n${note}` : note };
    }
  }

  #record(check: string, asset: string, result: CheckResult): void {
    const state = this.#states.get(check)?.get(asset);
    if (!state) return;
    const now = this.#clock.now();
    const previous = state.status;
    state.result = result;
    state.lastCheckAt = now;
    state.attempt = previous === result.status ? state.attempt + 1 : 1;
    state.stateType = 'hard';
    if (previous !== result.status) {
      state.status = result.status;
      state.lastChangeAt = now;
      this.#emitter.emit('check:state', { check, asset, status: result.status, previous, stateType: 'hard' });
    }
  }
}
