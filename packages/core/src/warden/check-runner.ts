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
import { failureResult, normalizeResult } from './result.js';
import type { RunCheckSpec } from './specs.js';
import type { CheckState } from './types.js';

/** A check after validation: how to run it. */
export interface BoundCheck {
  /** Check id. */
  readonly id: string;
  /** The plugin whose hook runs (`core` for `run` checks). */
  readonly plugin: string;
  /** `probe:<name>` or `run`. */
  readonly form: string;
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
    spec: {
      id: string;
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
  }

  /** Removes a check and its states. */
  remove(id: string): void {
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
    const durationMs = this.#clock.now() - started;
    if (result.samples && result.samples.length > 0) result = this.#storeSamples(checkId, assetId, result);
    this.#record(checkId, assetId, result);
    this.#emitter.emit('check:result', { check: checkId, asset: assetId, result, durationMs });
    return result;
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

  /** A collection stored samples (metric checks are evaluated here; see issue "check semantics"). */
  collectionSucceeded(_collector: string, _asset: string, _samples: readonly Sample[]): void {}

  /** A collection failed (metric checks of its metrics become `unknown` with its code). */
  collectionFailed(_collector: string, _asset: string, _error: PluginError): void {}

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
