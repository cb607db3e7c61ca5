import { createAssetRegistry } from '../assets/registry.js';
import type { AssetRegistry } from '../assets/registry-types.js';
import { WardenEmitter } from '../events/emitter.js';
import { systemClock } from '../internal/clock.js';
import { silentLogger } from '../internal/logger.js';
import { createMetricStore } from '../metrics/store.js';
import type { MetricStore } from '../metrics/store-types.js';
import type { WardenPlugin } from '../plugins/define-plugin.js';
import { PluginHost } from '../plugins/host.js';
import { createScheduler } from '../scheduler/scheduler.js';
import type { Scheduler } from '../scheduler/types.js';
import { createRedactor } from '../secrets/redactor.js';
import { registerBuiltins } from './builtins.js';
import { CheckRunner } from './check-runner.js';
import { CheckStates } from './check-states.js';
import { type BoundCollection, definedOnly, emitSchedulerEvent } from './engine-helpers.js';
import type { HookContextDeps } from './hook-context.js';
import { type IncidentWiring, wireIncidents } from './incident-wiring.js';
import { JobTable } from './job-table.js';
import { reconcileAfterMaintenance } from './lifecycle.js';
import type { wardenOptionsSchema } from './options.js';
import { createPluginServices } from './plugin-services.js';

/** A Warden's parts, connected. */
export interface Engine {
  deps: HookContextDeps;
  host: PluginHost;
  store: MetricStore;
  assets: AssetRegistry;
  scheduler: Scheduler;
  jobs: JobTable;
  collections: Map<string, BoundCollection>;
  wiring: IncidentWiring;
  states: CheckStates;
  checks: CheckRunner;
  /** The global remediation switch (`remediation.enabled`). */
  remediationEnabled: boolean;
  selfMetricsEvery: number;
  deltaGap: number;
}

/**
 * Builds and connects a Warden's parts: plugin host (with core's built-ins), metric store,
 * inventory (whose changes move jobs, states and maintenance coverage), scheduler, the incident
 * side (store writer, incidents, maintenance, notifications), check states and the check runner.
 *
 * @param options - validated `createWarden()` options
 * @returns the parts
 * @throws what installing a plugin throws
 */
export function buildEngine(options: ReturnType<(typeof wardenOptionsSchema)['parse']>): Engine {
  const emitter = new WardenEmitter();
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  // The services read engine parts built below; they are only called once plugins run.
  const services = createPluginServices({
    assets: () => assets,
    calendar: () => wiring.calendar,
    store: () => wiring.store,
    submit: async (check, asset, result) => checks.submit(check, asset, result),
  });
  const deps: HookContextDeps = { logger, clock, secrets: createRedactor(), emitter, services };
  const host = new PluginHost({ logger, emitter });
  registerBuiltins(host);
  host.install((options.plugins ?? []) as WardenPlugin[]);
  const store = createMetricStore({
    clock,
    ...(options.maxSamplesPerSeries === undefined ? {} : { maxSamplesPerSeries: options.maxSamplesPerSeries }),
    onConflict: (error) => emitter.emit('warden:error', { error, source: 'metrics' }),
  });
  const jobs = new JobTable();
  const assets = createAssetRegistry({
    connectionSchemas: host.connectionSchemas,
    onChange: (change) => {
      // Forget first, so the asset's incidents resolve as "asset removed".
      if (change.type === 'removed') checks.forgetAsset(change.asset.id);
      jobs.assetChanged(change.asset, change.type === 'removed');
      wiring.calendar.assetsChanged();
      if (change.type === 'removed') store.removeSeries({ asset: change.asset.id });
      if (change.type === 'added') emitter.emit('asset:added', change.asset);
      else if (change.type === 'removed') emitter.emit('asset:removed', change.asset);
      else emitter.emit('asset:updated', { asset: change.asset, previous: change.previous ?? change.asset });
    },
  });
  const scheduler = createScheduler({
    clock,
    logger,
    ...(options.executor ? { executor: options.executor } : {}),
    ...(options.concurrency ? { concurrency: definedOnly(options.concurrency) } : {}),
    onEvent: (event) => emitSchedulerEvent(emitter, event),
  });
  const wiring: IncidentWiring = wireIncidents({
    deps,
    emitter,
    registry: assets,
    host,
    store: options.store,
    notifications: options.notifications,
    onMaintenanceEnded: (t) => reconcileAfterMaintenance(t, states, (asset, check) => wiring.calendar.isActive({ asset, check })),
  });
  const states: CheckStates = new CheckStates({
    clock,
    logger,
    emitter,
    registry: assets,
    writer: wiring.writer,
    incidents: wiring.incidents,
    scheduler,
    isInMaintenance: (asset, check) => wiring.calendar.isActive({ asset, check }),
    rerun: (check, asset) => checks.rerun(check, asset),
    redeliver: (incident) => wiring.router.reconcile(incident),
    changed: (check, asset) => checks.memberChanged(check, asset),
  });
  const checks: CheckRunner = new CheckRunner({ host, deps, emitter, assets, clock, store, scheduler, states });
  return {
    deps,
    host,
    store,
    assets,
    scheduler,
    jobs,
    collections: new Map(),
    wiring,
    states,
    checks,
    remediationEnabled: options.remediation?.enabled ?? false,
    selfMetricsEvery: options.selfMetricsEvery ?? 15_000,
    deltaGap: options.deltaGap ?? 1_000,
  };
}
