import { createAssetRegistry } from '../assets/registry.js';
import type { AssetRegistry } from '../assets/registry-types.js';
import type { CheckResult } from '../checks/types.js';
import { parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { WardenEmitter } from '../events/emitter.js';
import type { WardenEventName, WardenListener } from '../events/types.js';
import { type Clock, systemClock } from '../internal/clock.js';
import { parseDuration } from '../internal/duration.js';
import { type Logger, silentLogger } from '../internal/logger.js';
import type { MaintenanceHandle, MaintenanceSpec, MaintenanceTransition } from '../maintenance/types.js';
import { createMetricStore } from '../metrics/store.js';
import type { MetricStore } from '../metrics/store-types.js';
import type { NotificationRouteHandle, NotificationRouteSpec } from '../notifications/types.js';
import type { WardenPlugin } from '../plugins/define-plugin.js';
import { PluginHost } from '../plugins/host.js';
import { toPluginError } from '../plugins/invoke.js';
import type { AssetProposal } from '../plugins/types.js';
import type { AvailabilityReport } from '../reports/types.js';
import { createScheduler } from '../scheduler/scheduler.js';
import type { Scheduler } from '../scheduler/types.js';
import { createRedactor, type Redactor } from '../secrets/redactor.js';
import { registerBuiltins } from './builtins.js';
import { CheckRunner } from './check-runner.js';
import { CheckStates } from './check-states.js';
import { type BoundCollection, collectNow, definedOnly, emitSchedulerEvent, within } from './engine-helpers.js';
import { createHookContext, type HookContextDeps } from './hook-context.js';
import { type IncidentWiring, type WardenIncidents, wireIncidents } from './incident-wiring.js';
import { JobTable } from './job-table.js';
import { type WardenOptions, wardenOptionsSchema } from './options.js';
import { type RegistrationParts, registerCheck, registerCollection } from './registration.js';
import { buildReport, type ReportOptions } from './report.js';
import { runOnce } from './run-once.js';
import { selfMetricSamples } from './self-metrics.js';
import type { CheckSpec, CollectSpec } from './specs.js';
import type { CheckState, Handle, RunOnceOptions, RunReport, Warden, WardenMetrics, WardenStatus, WardenStopOptions } from './types.js';

export type { BoundCollection } from './engine-helpers.js';

/** The asset id Warden's own samples carry. */
export const SELF_ASSET = 'warden';

/**
 * Creates a Warden. Synchronous: it validates options, installs plugins (their `setup`) and
 * registers core's built-ins; nothing runs until `start()` or `runOnce()`.
 *
 * @param options - plugins, clock, logger, limits, state store, notification settings
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
  readonly incidents: WardenIncidents;
  readonly #emitter = new WardenEmitter();
  readonly #redactor: Redactor;
  readonly #host: PluginHost;
  readonly #store: MetricStore;
  readonly #scheduler: Scheduler;
  readonly #jobs = new JobTable();
  readonly #collections = new Map<string, BoundCollection>();
  readonly #wiring: IncidentWiring;
  readonly #states: CheckStates;
  readonly #checks: CheckRunner;
  readonly #deps: HookContextDeps;
  readonly #selfMetricsEvery: number;
  readonly #deltaGap: number;
  #status: WardenStatus = 'idle';
  #pluginsStarted: Promise<void> | undefined;
  #restored: Promise<void> | undefined;
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
        // Forget first, so the asset's incidents resolve as "asset removed".
        if (change.type === 'removed') this.#checks.forgetAsset(change.asset.id);
        this.#jobs.assetChanged(change.asset, change.type === 'removed');
        this.#wiring.calendar.assetsChanged();
        if (change.type === 'removed') this.#store.removeSeries({ asset: change.asset.id });
        if (change.type === 'added') this.#emitter.emit('asset:added', change.asset);
        else if (change.type === 'removed') this.#emitter.emit('asset:removed', change.asset);
        else this.#emitter.emit('asset:updated', { asset: change.asset, previous: change.previous ?? change.asset });
      },
    });
    this.#scheduler = createScheduler({
      clock: this.clock,
      logger: this.logger,
      ...(options.concurrency ? { concurrency: definedOnly(options.concurrency) } : {}),
      onEvent: (event) => emitSchedulerEvent(this.#emitter, event),
    });
    this.#wiring = wireIncidents({
      deps: this.#deps,
      emitter: this.#emitter,
      registry: this.assets,
      host: this.#host,
      store: options.store,
      notifications: options.notifications,
      onMaintenanceEnded: (t) => this.#maintenanceEnded(t),
    });
    this.incidents = this.#wiring.facade;
    this.#states = new CheckStates({
      clock: this.clock,
      logger: this.logger,
      emitter: this.#emitter,
      registry: this.assets,
      writer: this.#wiring.writer,
      incidents: this.#wiring.incidents,
      scheduler: this.#scheduler,
      isInMaintenance: (asset, check) => this.#wiring.calendar.isActive({ asset, check }),
      rerun: (check, asset) => this.#checks.rerun(check, asset),
      redeliver: (incident) => this.#wiring.router.reconcile(incident),
      changed: (check, asset) => this.#checks.memberChanged(check, asset),
    });
    this.#checks = new CheckRunner({
      host: this.#host,
      deps: this.#deps,
      emitter: this.#emitter,
      assets: this.assets,
      clock: this.clock,
      store: this.#store,
      scheduler: this.#scheduler,
      states: this.#states,
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
    const { id, remove } = registerCollection(this.#registration(), rawSpec);
    return this.#handle(id, remove);
  }

  check(rawSpec: CheckSpec): Handle {
    this.#assertNotStopped('check()');
    const { id, remove } = registerCheck(this.#registration(), rawSpec);
    return this.#handle(id, remove);
  }

  submit(check: string, asset: string, result: CheckResult): Promise<void> {
    this.#assertNotStopped('submit()');
    return this.#checks.submit(check, asset, result);
  }

  notify(spec: NotificationRouteSpec): NotificationRouteHandle {
    this.#assertNotStopped('notify()');
    return this.#wiring.router.add(spec);
  }

  maintenance(spec: MaintenanceSpec): MaintenanceHandle {
    this.#assertNotStopped('maintenance()');
    return this.#wiring.calendar.add(spec);
  }

  report(options: ReportOptions): Promise<AvailabilityReport> {
    const { store, writer, incidents, calendar } = this.#wiring;
    return buildReport(options, {
      registry: this.assets,
      pairs: () => this.#states.states({}).map((s) => ({ check: s.check, asset: s.asset })),
      store,
      writer,
      incidents,
      calendar,
      now: () => this.clock.now(),
    });
  }

  state(check: string, asset: string): CheckState | undefined {
    return this.#states.state(check, asset);
  }

  states(filter: { check?: string; asset?: string } = {}): CheckState[] {
    return this.#states.states(filter);
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
    await this.#restore();
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
    this.#wiring.calendar.start();
    this.#checks.passive.start();
    this.#status = 'running';
  }

  stop(options: WardenStopOptions = {}): Promise<void> {
    this.#stopping ??= (async () => {
      this.#status = 'stopping';
      const timeout = parseDuration(options.timeout ?? '10s', 'stop() timeout');
      const { calendar, router, writer, store } = this.#wiring;
      try {
        calendar.stop();
        this.#checks.passive.stop();
        await this.#scheduler.stop({ timeout });
        await within(this.#states.idle(), timeout);
        router.flush();
        const backlog = router.backlog();
        if (backlog.queued + backlog.inFlight > 0) await within(router.idle(), timeout);
        router.stop();
        this.#wiring.abortSends();
        await writer.close();
        if (this.#wiring.ownsStore) await store.close();
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
    if (options.incidents) await this.#restore();
    const report = await runOnce({
      options,
      jobs: this.#jobs,
      collections: this.#collections,
      scheduler: this.#scheduler,
      checks: this.#checks,
      assets: this.assets,
      clock: this.clock,
      deltaGap: this.#deltaGap,
    });
    if (options.incidents) await this.#states.idle();
    return report;
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
  collectNow(bound: BoundCollection, assetId: string, signal: AbortSignal): Promise<number> {
    return collectNow(
      {
        host: this.#host,
        deps: this.#deps,
        emitter: this.#emitter,
        clock: this.clock,
        store: this.#store,
        checks: this.#checks,
        getAsset: (id) => this.assets.get(id),
      },
      bound,
      assetId,
      signal,
    );
  }

  /** Loads check states and open incidents from the store, once. */
  #restore(): Promise<void> {
    this.#restored ??= (async () => {
      const { store, incidents } = this.#wiring;
      const [states, open] = await Promise.all([store.loadCheckStates(), store.queryIncidents({ open: true })]);
      this.#states.restore(states);
      incidents.restore(open);
    })().catch((err: unknown) => {
      this.#restored = undefined;
      throw err;
    });
    return this.#restored;
  }

  /** A window ended: every pair it covered that is out of maintenance now is re-decided. */
  #maintenanceEnded(t: MaintenanceTransition): void {
    for (const asset of t.assets) {
      for (const state of this.#states.states({ asset })) {
        if (t.window.checks !== undefined && !t.window.checks.includes(state.check)) continue;
        if (this.#wiring.calendar.isActive({ asset, check: state.check })) continue;
        void this.#states.reconcile(state.check, asset);
      }
    }
  }

  #startPlugins(): Promise<void> {
    this.#pluginsStarted ??= this.#host.start().catch((err: unknown) => {
      this.#pluginsStarted = undefined; // a failed start may be retried
      throw err;
    });
    return this.#pluginsStarted;
  }

  #registration(): RegistrationParts {
    return {
      host: this.#host,
      scheduler: this.#scheduler,
      jobs: this.#jobs,
      collections: this.#collections,
      checks: this.#checks,
      assets: this.assets,
      collect: (bound, assetId, signal) => this.collectNow(bound, assetId, signal),
    };
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
}

export type { CheckResult };
