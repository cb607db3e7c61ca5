import { createAssetRegistry } from '../assets/registry.js';
import type { AssetRegistry } from '../assets/registry-types.js';
import { compileSelector } from '../assets/selector.js';
import type { Asset } from '../assets/types.js';
import type { CheckResult } from '../checks/types.js';
import { parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { WardenEmitter } from '../events/emitter.js';
import type { WardenEventName, WardenListener } from '../events/types.js';
import { type Clock, systemClock } from '../internal/clock.js';
import { parseDuration } from '../internal/duration.js';
import { type Logger, silentLogger } from '../internal/logger.js';
import { createMetricStore } from '../metrics/store.js';
import type { MetricStore } from '../metrics/store-types.js';
import type { WardenPlugin } from '../plugins/define-plugin.js';
import { PluginHost } from '../plugins/host.js';
import { invokeHook, toPluginError } from '../plugins/invoke.js';
import type { AssetProposal } from '../plugins/types.js';
import { createScheduler } from '../scheduler/scheduler.js';
import type { Scheduler, SchedulerEvent } from '../scheduler/types.js';
import { createRedactor, type Redactor } from '../secrets/redactor.js';
import { registerBuiltins } from './builtins.js';
import { CheckRunner } from './check-runner.js';
import { createCollectContext, createHookContext, type HookContextDeps } from './hook-context.js';
import { JobTable } from './job-table.js';
import { type WardenOptions, wardenOptionsSchema } from './options.js';
import { runOnce } from './run-once.js';
import { DEFAULT_TIMEOUT_MS, normalizeSchedule } from './schedule.js';
import { selfMetricSamples } from './self-metrics.js';
import { type CheckSpec, type CollectSpec, checkSpecSchema, collectSpecSchema } from './specs.js';
import type { CheckState, Handle, RunOnceOptions, RunReport, Warden, WardenMetrics, WardenStatus, WardenStopOptions } from './types.js';

/** The asset id Warden's own samples carry. */
export const SELF_ASSET = 'warden';

/** A collection spec after validation. */
export interface BoundCollection {
  id: string;
  collector: string;
  plugin: string;
  params: unknown;
  deltas: boolean;
  /** The interval, for cron schedules undefined (staleness then needs `staleAfter`). */
  intervalMs: number | undefined;
}

/**
 * Creates a Warden. Synchronous: it validates options, installs plugins (their `setup`) and
 * registers core's built-ins; nothing runs until `start()` or `runOnce()`.
 *
 * @param options - plugins, clock, logger, limits
 * @returns the Warden
 * @throws WardenError `ERR_CONFIG_INVALID` listing every invalid option with its path; plugin install errors
 * @example
 * ```ts
 * await using warden = createWarden();
 * warden.assets.add({ id: 'self', kind: 'host' });
 * warden.collect({ collector: 'host.local', assets: { ids: ['self'] }, every: '15s' });
 * warden.check({ id: 'memory', assets: { ids: ['self'] }, run: () => ({ status: 'ok', summary: 'fine' }) });
 * const report = await warden.runOnce();
 * process.exitCode = report.exitCode;
 * ```
 */
export function createWarden(options: WardenOptions = {}): Warden {
  return new WardenImpl(options);
}

class WardenImpl implements Warden {
  readonly assets: AssetRegistry;
  readonly metrics: WardenMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly #emitter = new WardenEmitter();
  readonly #redactor: Redactor;
  readonly #host: PluginHost;
  readonly #store: MetricStore;
  readonly #scheduler: Scheduler;
  readonly #jobs = new JobTable();
  readonly #collections = new Map<string, BoundCollection>();
  readonly #checks: CheckRunner;
  readonly #deps: HookContextDeps;
  readonly #selfMetricsEvery: number;
  readonly #deltaGap: number;
  #status: WardenStatus = 'idle';
  #pluginsStarted: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(rawOptions: WardenOptions) {
    const options = parseConfig(wardenOptionsSchema, rawOptions, 'createWarden() options');
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.#selfMetricsEvery = options.selfMetricsEvery ?? 15_000;
    this.#deltaGap = options.deltaGap ?? 1_000;
    this.#redactor = createRedactor();
    this.#deps = { logger: this.logger, clock: this.clock, secrets: this.#redactor, emitter: this.#emitter };
    this.#host = new PluginHost({ logger: this.logger, emitter: this.#emitter });
    registerBuiltins(this.#host);
    this.#host.install((options.plugins ?? []) as WardenPlugin[]);
    this.#store = createMetricStore({
      clock: this.clock,
      ...(options.maxSamplesPerSeries === undefined ? {} : { maxSamplesPerSeries: options.maxSamplesPerSeries }),
      onConflict: (error) => this.#emitter.emit('warden:error', { error, source: 'metrics' }),
    });
    this.metrics = this.#store;
    this.assets = createAssetRegistry({
      connectionSchemas: this.#host.connectionSchemas,
      onChange: (change) => {
        this.#jobs.assetChanged(change.asset, change.type === 'removed');
        if (change.type === 'removed') {
          this.#checks.forgetAsset(change.asset.id);
          this.#store.removeSeries({ asset: change.asset.id });
        }
        if (change.type === 'added') this.#emitter.emit('asset:added', change.asset);
        else if (change.type === 'removed') this.#emitter.emit('asset:removed', change.asset);
        else this.#emitter.emit('asset:updated', { asset: change.asset, previous: change.previous ?? change.asset });
      },
    });
    this.#scheduler = createScheduler({
      clock: this.clock,
      logger: this.logger,
      ...(options.concurrency ? { concurrency: definedOnly(options.concurrency) } : {}),
      onEvent: (event) => this.#onSchedulerEvent(event),
    });
    this.#checks = new CheckRunner({
      host: this.#host,
      deps: this.#deps,
      emitter: this.#emitter,
      assets: this.assets,
      clock: this.clock,
      store: this.#store,
    });
  }

  get status(): WardenStatus {
    return this.#status;
  }

  on<E extends WardenEventName>(event: E, listener: WardenListener<E>): this {
    this.#emitter.on(event, listener);
    return this;
  }

  once<E extends WardenEventName>(event: E, listener: WardenListener<E>): this {
    this.#emitter.once(event, listener);
    return this;
  }

  off<E extends WardenEventName>(event: E, listener: WardenListener<E>): this {
    this.#emitter.off(event, listener);
    return this;
  }

  collect(rawSpec: CollectSpec): Handle {
    this.#assertNotStopped('collect()');
    const spec = parseConfig(collectSpecSchema, rawSpec, 'collect spec', []);
    const id = spec.id ?? spec.collector;
    const where = `collect spec "${id}"`;
    const prefix = `collect:${id}`;
    if (this.#jobs.has(prefix))
      throw new WardenError('ERR_DUPLICATE', `${where}: a collection with id "${id}" exists; give this one another \`id\``);
    const entry = this.#host.resolve('collector', spec.collector, where);
    const params = entry.definition.params
      ? parseConfig(entry.definition.params, spec.params ?? {}, `${where} params`, ['params'])
      : spec.params;
    const selector = compileSelector(rawSpec.assets, { where: `${where}.assets` });
    const schedule = normalizeSchedule(spec);
    const timeoutMs = spec.timeout ?? ('every' in schedule ? Math.min(DEFAULT_TIMEOUT_MS, schedule.every) : DEFAULT_TIMEOUT_MS);
    const bound: BoundCollection = {
      id,
      collector: entry.name,
      plugin: entry.plugin,
      params,
      deltas: entry.definition.deltas === true,
      intervalMs: 'every' in schedule ? schedule.every : undefined,
    };
    this.#validateJob(prefix, schedule, timeoutMs, entry.plugin, where);
    this.#collections.set(id, bound);
    this.#jobs.bind(
      {
        prefix,
        selector,
        attach: (asset, key) =>
          this.#scheduler.add({
            key,
            schedule,
            timeoutMs,
            plugin: entry.plugin,
            assetId: asset.id,
            ...(spec.immediate ? { immediate: true } : {}),
            run: (signal) => this.collectNow(bound, asset.id, signal),
          }),
        detach: (key) => void this.#scheduler.remove(key),
      },
      this.assets,
    );
    return this.#handle(id, () => {
      this.#jobs.unbind(prefix);
      this.#collections.delete(id);
    });
  }

  check(rawSpec: CheckSpec): Handle {
    this.#assertNotStopped('check()');
    const spec = parseConfig(checkSpecSchema, rawSpec, `check spec${typeof rawSpec?.id === 'string' ? ` "${rawSpec.id}"` : ''}`);
    const where = `check "${spec.id}"`;
    const prefix = `check:${spec.id}`;
    if (this.#jobs.has(prefix))
      throw new WardenError('ERR_DUPLICATE', `${where} exists already; check ids are unique (remove the old one first)`);
    const bound = this.#checks.prepare(spec, where);
    const selector = compileSelector(rawSpec.assets, { where: `${where}.assets` });
    const schedule = normalizeSchedule(spec);
    const timeoutMs = spec.timeout ?? ('every' in schedule ? Math.min(DEFAULT_TIMEOUT_MS, schedule.every) : DEFAULT_TIMEOUT_MS);
    this.#validateJob(prefix, schedule, timeoutMs, bound.plugin, where);
    this.#checks.add(bound);
    this.#jobs.bind(
      {
        prefix,
        selector,
        attach: (asset, key) => {
          this.#checks.track(bound.id, asset.id);
          this.#scheduler.add({
            key,
            schedule,
            timeoutMs,
            plugin: bound.plugin,
            assetId: asset.id,
            ...(spec.immediate ? { immediate: true } : {}),
            run: (signal) => this.#checks.run(bound.id, asset.id, signal),
          });
        },
        detach: (key) => {
          this.#scheduler.remove(key);
          this.#checks.untrack(bound.id, key.slice(prefix.length + 1));
        },
      },
      this.assets,
    );
    return this.#handle(spec.id, () => {
      this.#jobs.unbind(prefix);
      this.#checks.remove(spec.id);
    });
  }

  state(check: string, asset: string): CheckState | undefined {
    return this.#checks.state(check, asset);
  }

  states(filter: { check?: string; asset?: string } = {}): CheckState[] {
    return this.#checks.states(filter);
  }

  async *discover(discoverer: string, params: unknown, options: { signal?: AbortSignal } = {}): AsyncIterable<AssetProposal> {
    this.#assertNotStopped('discover()');
    const where = `discover("${discoverer}")`;
    const entry = this.#host.resolve('discoverer', discoverer, where);
    const parsed = parseConfig(entry.definition.params, params, `${where} params`);
    await this.#startPlugins();
    const signal = options.signal ?? new AbortController().signal;
    const ctx = createHookContext(this.#deps, { plugin: entry.plugin, hook: entry.name, signal });
    const site = { plugin: entry.plugin, hook: entry.name, scrub: (text: string) => this.#redactor.scrub(text) };
    let iterable: AsyncIterable<AssetProposal>;
    try {
      iterable = entry.definition.discover(parsed, ctx);
    } catch (err) {
      throw toPluginError(err, site);
    }
    try {
      for await (const proposal of iterable) yield proposal;
    } catch (err) {
      throw toPluginError(err, site);
    }
  }

  async start(): Promise<void> {
    this.#assertNotStopped('start()');
    if (this.#status === 'running') return;
    await this.#startPlugins();
    if (this.#status !== 'idle') return; // started concurrently, or stopped meanwhile
    if (this.#selfMetricsEvery > 0) {
      this.#scheduler.add({
        key: 'warden:self-metrics',
        schedule: { every: this.#selfMetricsEvery },
        plugin: 'core',
        assetId: SELF_ASSET,
        run: () => this.#store.ingest(SELF_ASSET, selfMetricSamples(this.#scheduler.stats({ reset: true })), { source: 'warden' }),
      });
    }
    this.#scheduler.start();
    this.#status = 'running';
  }

  stop(options: WardenStopOptions = {}): Promise<void> {
    this.#stopping ??= (async () => {
      this.#status = 'stopping';
      const timeout = parseDuration(options.timeout ?? '10s', 'stop() timeout');
      try {
        await this.#scheduler.stop({ timeout });
        await this.#host.dispose();
      } finally {
        this.#status = 'stopped';
      }
    })();
    return this.#stopping;
  }

  async runOnce(options: RunOnceOptions = {}): Promise<RunReport> {
    this.#assertNotStopped('runOnce()');
    await this.#startPlugins();
    return runOnce({
      options,
      jobs: this.#jobs,
      collections: this.#collections,
      scheduler: this.#scheduler,
      checks: this.#checks,
      assets: this.assets,
      clock: this.clock,
      deltaGap: this.#deltaGap,
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /**
   * Runs one collection for one asset and stores its samples. Used by scheduled jobs and `runOnce()`.
   *
   * @param bound - the collection
   * @param assetId - the asset
   * @param signal - aborted on timeout or stop
   * @returns how many samples were stored
   */
  async collectNow(bound: BoundCollection, assetId: string, signal: AbortSignal): Promise<number> {
    const asset: Asset | undefined = this.assets.get(assetId);
    if (!asset) return 0;
    const started = this.clock.now();
    const site = { plugin: bound.plugin, hook: bound.collector, assetId, scrub: (text: string) => this.#redactor.scrub(text) };
    const ctx = createCollectContext(
      createHookContext(this.#deps, { plugin: bound.plugin, hook: bound.collector, assetId, signal }),
      bound.params,
    );
    try {
      const samples = await invokeHook(site, () =>
        this.#host.resolve('collector', bound.collector, 'collect').definition.collect(asset, ctx, bound.params),
      );
      if (!Array.isArray(samples))
        throw new WardenError('ERR_PLUGIN', `${bound.collector} returned ${typeof samples} instead of an array of samples`);
      if (signal.aborted) throw signal.reason ?? new WardenError('ERR_ABORTED', `${bound.collector} on ${assetId} was aborted`);
      this.#store.ingest(assetId, samples, { source: bound.collector });
      this.#checks.collectionSucceeded(bound.collector, assetId, samples, bound.intervalMs);
      this.#emitter.emit('collect:completed', {
        collector: bound.collector,
        asset: assetId,
        samples: samples.length,
        durationMs: this.clock.now() - started,
      });
      return samples.length;
    } catch (err) {
      const error = toPluginError(err, site);
      this.#checks.collectionFailed(bound.collector, assetId, error);
      this.#emitter.emit('collect:error', { collector: bound.collector, asset: assetId, error });
      throw error;
    }
  }

  #startPlugins(): Promise<void> {
    this.#pluginsStarted ??= this.#host.start().catch((err: unknown) => {
      this.#pluginsStarted = undefined; // a failed start may be retried
      throw err;
    });
    return this.#pluginsStarted;
  }

  #validateJob(prefix: string, schedule: ReturnType<typeof normalizeSchedule>, timeoutMs: number, plugin: string, where: string): void {
    // Validate the schedule once through the scheduler (croner parses cron and time zones),
    // with a probe job that is removed at once: a bad spec fails before any job exists.
    const probeKey = `${prefix}:__validate__`;
    try {
      this.#scheduler.add({ key: probeKey, schedule, timeoutMs, plugin, run: () => undefined });
    } catch (err) {
      if (err instanceof WardenError && err.code === 'ERR_CONFIG_INVALID')
        throw new WardenError('ERR_CONFIG_INVALID', `${where}: ${err.message}`, { cause: err });
      throw err;
    } finally {
      this.#scheduler.remove(probeKey);
    }
  }

  #handle(id: string, remove: () => void): Handle {
    let removed = false;
    return Object.freeze({
      id,
      remove: () => {
        if (removed) return;
        removed = true;
        remove();
      },
    });
  }

  #assertNotStopped(what: string): void {
    if (this.#status === 'stopped' || this.#status === 'stopping') {
      throw new WardenError('ERR_STOPPED', `${what} after stop(): a stopped Warden is final; create a new one`);
    }
  }

  #onSchedulerEvent(event: SchedulerEvent): void {
    const base = { job: event.key, plugin: event.plugin, ...(event.assetId === undefined ? {} : { asset: event.assetId }) };
    switch (event.type) {
      case 'overrun':
        this.#emitter.emit('scheduler:overrun', { ...base, message: `previous run still ${event.state}; tick skipped` });
        break;
      case 'timeout':
        this.#emitter.emit('scheduler:timeout', {
          ...base,
          message: `run exceeded its ${event.timeoutMs} ms timeout; its signal was aborted`,
        });
        break;
      case 'abandoned':
        this.#emitter.emit('scheduler:abandoned', {
          ...base,
          message: `run ignored its abort signal (${event.reason}) for ${event.runningMs} ms and was abandoned`,
        });
        break;
      default:
        break;
    }
  }
}

export type { CheckResult };

function definedOnly<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
