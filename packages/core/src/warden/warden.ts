import type { AssetRegistry } from '../assets/registry-types.js';
import { ChangeEngine } from '../change/change-engine.js';
import type { ChangeHandle, ChangeSpec } from '../change/types.js';
import type { CheckResult } from '../checks/types.js';
import { parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import type { WardenEmitter } from '../events/emitter.js';
import type { WardenEventName, WardenListener } from '../events/types.js';
import { serveWarden } from '../http/serve.js';
import type { ServeOptions, WardenEngineInfo, WardenServer } from '../http/types.js';
import type { Clock } from '../internal/clock.js';
import { parseDuration } from '../internal/duration.js';
import type { Logger } from '../internal/logger.js';
import type { MaintenanceCalendar, MaintenanceHandle, MaintenanceSpec } from '../maintenance/types.js';
import type { MetricStore } from '../metrics/store-types.js';
import type { NotificationRouteHandle, NotificationRouteSpec } from '../notifications/types.js';
import type { PluginHost } from '../plugins/host.js';
import type { ActionName, ActionRegistry } from '../plugins/registry-types.js';
import type { AssetProposal } from '../plugins/types.js';
import { ActionLedger } from '../remediation/action-ledger.js';
import { createRemediation, type Remediation } from '../remediation/remediation.js';
import { type RemediationHandle, RuleEngine } from '../remediation/rule-engine.js';
import type { RemediationRuleSpec } from '../remediation/rule-spec.js';
import type { ActOptions, ActResult, WardenAudit } from '../remediation/types.js';
import type { AvailabilityReport } from '../reports/types.js';
import type { Scheduler } from '../scheduler/types.js';
import type { CheckRunner } from './check-runner.js';
import type { CheckStates } from './check-states.js';
import { isPairReachable } from './dependencies.js';
import { buildEngine } from './engine.js';
import { type BoundCollection, collectNow } from './engine-helpers.js';
import { createHookContext, type HookContextDeps } from './hook-context.js';
import type { IncidentWiring, WardenIncidents } from './incident-wiring.js';
import type { JobTable } from './job-table.js';
import { restoreFromStore, runDiscoverer, shutdownEngine } from './lifecycle.js';
import { type WardenOptions, wardenOptionsSchema } from './options.js';
import { type RegistrationParts, registerCheck, registerCollection } from './registration.js';
import { buildReport, type ReportOptions } from './report.js';
import { runOnce } from './run-once.js';
import { selfMetricSamples } from './self-metrics.js';
import type { CheckSpec, CollectSpec } from './specs.js';
import type { CheckState, Handle, RunOnceOptions, RunReport, Warden, WardenMetrics, WardenStatus, WardenStopOptions } from './types.js';

/** The asset id Warden's own samples carry. */
export const SELF_ASSET = 'warden';

/** Whether the pair is in a maintenance window, not counting the windows `ignore` accepts. */
function inMaintenanceExcept(calendar: MaintenanceCalendar, asset: string, check: string, ignore?: (id: string) => boolean): boolean {
  if (!calendar.isActive({ asset, check })) return false;
  if (ignore === undefined) return true;
  return calendar
    .activeWindows()
    .some((w) => !ignore(w.id) && w.assets.includes(asset) && (w.checks === undefined || w.checks.includes(check)));
}

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
  readonly audit: WardenAudit;
  readonly #remediation: Remediation;
  readonly #rules: RuleEngine;
  readonly #changes: ChangeEngine;
  readonly #emitter: WardenEmitter;
  readonly #host: PluginHost;
  readonly #store: MetricStore;
  readonly #scheduler: Scheduler;
  readonly #jobs: JobTable;
  readonly #collections: Map<string, BoundCollection>;
  readonly #wiring: IncidentWiring;
  readonly #states: CheckStates;
  readonly #checks: CheckRunner;
  readonly #deps: HookContextDeps;
  readonly #selfMetricsEvery: number;
  readonly #deltaGap: number;
  #status: WardenStatus = 'idle';
  readonly #servers = new Set<WardenServer>();
  #pluginsStarted: Promise<void> | undefined;
  #restored: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(rawOptions: WardenOptions) {
    const e = buildEngine(parseConfig(wardenOptionsSchema, rawOptions, 'createWarden() options'));
    this.assets = e.assets;
    this.metrics = e.store;
    this.clock = e.deps.clock;
    this.logger = e.deps.logger;
    this.incidents = e.wiring.facade;
    this.#emitter = e.deps.emitter;
    this.#host = e.host;
    this.#store = e.store;
    this.#scheduler = e.scheduler;
    this.#jobs = e.jobs;
    this.#collections = e.collections;
    this.#wiring = e.wiring;
    this.#states = e.states;
    this.#checks = e.checks;
    this.#deps = e.deps;
    const liveRuns = new Set<string>();
    const ledger = new ActionLedger();
    const calendar = e.wiring.calendar;
    this.#remediation = createRemediation({
      host: e.host,
      hook: e.deps,
      store: e.wiring.store,
      writer: e.wiring.writer,
      assets: e.assets,
      liveRuns,
    });
    this.audit = this.#remediation.audit;
    this.#rules = new RuleEngine({
      host: e.host,
      hook: e.deps,
      store: e.wiring.store,
      writer: e.wiring.writer,
      assets: e.assets,
      emitter: e.deps.emitter,
      enabled: e.remediationEnabled,
      hasCheck: (check) => e.checks.get(check) !== undefined,
      maxAttempt: (check) => {
        const settings = e.checks.get(check)?.state.settings;
        return settings === undefined || settings.forMs > 0 ? undefined : settings.attempts;
      },
      state: (check, asset) => e.states.state(check, asset),
      isInMaintenance: (asset, check, ignore) => inMaintenanceExcept(calendar, asset, check, ignore),
      rerun: (check, asset) => e.checks.rerun(check, asset),
      settled: (check, asset) => e.states.settled(check, asset),
      quiet: ({ id, asset, until, reason }) => {
        const handle = calendar.add({ id, assets: { ids: [asset] }, includeChildren: true, from: e.deps.clock.now(), to: until, reason });
        return { id: handle.id, end: () => handle.remove() };
      },
      ledger,
      liveRuns,
    });
    this.#changes = new ChangeEngine({
      host: e.host,
      hook: e.deps,
      store: e.wiring.store,
      writer: e.wiring.writer,
      assets: e.assets,
      emitter: e.deps.emitter,
      calendar,
      enabled: e.remediationEnabled,
      isUnreachable: (asset) => !isPairReachable(e.states, asset, false),
      ledger,
      liveRuns,
    });
    this.#selfMetricsEvery = e.selfMetricsEvery;
    this.#deltaGap = e.deltaGap;
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

  // async: a bad submission rejects, as the Promise type says, rather than throwing.
  async submit(check: string, asset: string, result: CheckResult): Promise<void> {
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

  discover(discoverer: string, params: unknown, options: { signal?: AbortSignal } = {}): AsyncIterable<AssetProposal> {
    this.#assertNotStopped('discover()');
    const signal = options.signal ?? new AbortController().signal;
    return runDiscoverer(this.#host, this.#deps, discoverer, params, signal, () => this.#startPlugins());
  }

  async start(): Promise<void> {
    this.#assertNotStopped('start()');
    if (this.#status === 'running') return;
    await this.#startPlugins();
    await this.#restore();
    if (this.#status !== 'idle') return; // started concurrently, or stopped meanwhile
    await this.#rules.recover();
    await this.#changes.recover();
    if (this.#status !== 'idle') return;
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
    this.#checks.passive.start((check, asset) => this.#states.state(check, asset)?.lastCheckAt);
    this.#status = 'running';
  }

  stop(options: WardenStopOptions = {}): Promise<void> {
    this.#stopping ??= (async () => {
      this.#status = 'stopping';
      this.#rules.close();
      this.#changes.close();
      const timeout = parseDuration(options.timeout ?? '10s', 'stop() timeout');
      await Promise.all([...this.#servers].map((server) => server.close()));
      try {
        await shutdownEngine(
          { wiring: this.#wiring, passive: this.#checks.passive, scheduler: this.#scheduler, states: this.#states, host: this.#host },
          timeout,
        );
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

  engine(): WardenEngineInfo {
    const readiness = new Set<string>();
    for (const { check } of this.#states.states({})) if (this.#checks.get(check)?.readiness) readiness.add(check);
    return { status: this.#status, scheduler: this.#scheduler.stats(), readinessChecks: [...readiness] };
  }

  remediate(rule: RemediationRuleSpec): RemediationHandle {
    this.#assertNotStopped('remediate()');
    return this.#rules.add(rule);
  }

  change(spec: ChangeSpec): ChangeHandle {
    this.#assertNotStopped('change()');
    return this.#changes.add(spec);
  }

  async act<K extends ActionName>(action: K, assetId: string, params: ActionRegistry[K], options?: ActOptions): Promise<ActResult> {
    this.#assertNotStopped('act()');
    return this.#remediation.act(action, assetId, params, options);
  }

  async serve(options: ServeOptions): Promise<WardenServer> {
    this.#assertNotStopped('serve()');
    return serveWarden(this, options, this.#servers);
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
    this.#restored ??= restoreFromStore(this.#wiring, this.#states).catch((err: unknown) => {
      this.#restored = undefined;
      throw err;
    });
    return this.#restored;
  }

  #startPlugins(): Promise<void> {
    const context = (plugin: string, signal: AbortSignal) => createHookContext(this.#deps, { plugin, hook: 'onStart', signal });
    this.#pluginsStarted ??= this.#host.start(context).catch((err: unknown) => {
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
