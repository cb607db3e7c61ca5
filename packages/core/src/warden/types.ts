import type { AssetRegistry } from '../assets/registry-types.js';
import type { Selector } from '../assets/selector-types.js';
import type { ChangeHandle, ChangeSpec } from '../change/types.js';
import type { CheckResult, CheckStatus } from '../checks/types.js';
import type { WardenEventName, WardenListener } from '../events/types.js';
import type { ServeOptions, WardenEngineInfo, WardenServer } from '../http/types.js';
import type { Clock } from '../internal/clock.js';
import type { Duration } from '../internal/duration.js';
import type { Logger } from '../internal/logger.js';
import type { MaintenanceHandle, MaintenanceSpec } from '../maintenance/types.js';
import type { MetricStore } from '../metrics/store-types.js';
import type { NotificationRouteHandle, NotificationRouteSpec } from '../notifications/types.js';
import type { ActionName, ActionRegistry, DiscovererName, DiscovererRegistry } from '../plugins/registry-types.js';
import type { AssetProposal } from '../plugins/types.js';
import type { RemediationHandle } from '../remediation/rule-engine.js';
import type { RemediationRuleSpec } from '../remediation/rule-spec.js';
import type { ActOptions, ActResult, WardenAudit } from '../remediation/types.js';
import type { AvailabilityReport } from '../reports/types.js';
import type { WardenIncidents } from './incident-wiring.js';
import type { ReportOptions } from './report.js';
import type { CheckSpec, CollectSpec } from './specs.js';

/** What `collect()`, `check()` and friends return: the id, and a way to take the spec back. */
export interface Handle {
  /** The spec's id. */
  readonly id: string;
  /** Removes the spec and its jobs (idempotent). */
  remove(): void;
}

/** The state of one (check, asset), read synchronously from the hot cache. */
export interface CheckState {
  /** Check id. */
  readonly check: string;
  /** Asset id. */
  readonly asset: string;
  /** Current status; `pending` until the first result. */
  readonly status: CheckStatus | 'pending';
  /** Soft while attempts are being retried; hard once confirmed. */
  readonly stateType: 'soft' | 'hard';
  /** Nagios' current attempt: consecutive non-OK results of the current problem (frozen once hard); 1 while OK, 0 while pending. */
  readonly attempt: number;
  /** The last result. */
  readonly result: CheckResult | undefined;
  /** When the check last ran (ms since the epoch). */
  readonly lastCheckAt: number | undefined;
  /** When the status last changed. */
  readonly lastChangeAt: number | undefined;
  /** Whether the pair is flapping (its incident's notifications are paused). */
  readonly flapping: boolean;
  /**
   * False when the last result came while the asset (for checks that are not liveness checks)
   * or one of its parents was down: such a result opens no incident.
   */
  readonly reachable: boolean;
}

/** One line of a {@link RunReport}. */
export interface RunReportResult {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** Raw status of this run (attempts ignored). */
  status: CheckStatus;
  /** The summary line. */
  summary: string;
  /** How long the check took. */
  durationMs: number;
}

/** What `runOnce()` returns. */
export interface RunReport {
  /** One result per (check, asset) that ran. */
  results: RunReportResult[];
  /** The worst status: critical > warning > unknown > ok. */
  worst: CheckStatus;
  /** Nagios exit code of `worst`: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
  exitCode: 0 | 1 | 2 | 3;
  /** A line for people (says when no check matched). */
  summary: string;
}

/** Options of `runOnce()`. */
export interface RunOnceOptions {
  /** Only these assets. @defaultValue all */
  assets?: Selector;
  /** Open incidents, notify and remediate as the long-running engine would. @defaultValue false */
  incidents?: boolean;
}

/** Options of `stop()`. */
export interface WardenStopOptions {
  /** How long to let running jobs finish before aborting them. @defaultValue `'10s'` */
  timeout?: Duration;
}

/** Lifecycle of a Warden: `idle` → `running` → `stopping` → `stopped` (final). */
export type WardenStatus = 'idle' | 'running' | 'stopping' | 'stopped';

/** The metrics a Warden holds: the query side of its MetricStore. */
export type WardenMetrics = Pick<
  MetricStore,
  | 'latest'
  | 'query'
  | 'range'
  | 'rate'
  | 'increase'
  | 'avg'
  | 'min'
  | 'max'
  | 'quantile'
  | 'predictLinear'
  | 'evaluate'
  | 'exposition'
  | 'dropStale'
  | 'stats'
  | 'names'
>;

/**
 * A Warden instance: inventory, metrics, checks and the engine that runs them. Made by
 * `createWarden()`; nothing runs until `start()` or `runOnce()`.
 */
export interface Warden extends AsyncDisposable {
  /** The inventory. */
  readonly assets: AssetRegistry;
  /** Collected samples. */
  readonly metrics: WardenMetrics;
  /** The clock Warden runs on. */
  readonly clock: Clock;
  /** Lifecycle state. */
  readonly status: WardenStatus;
  /** Adds an event listener. */
  on<E extends WardenEventName>(event: E, listener: WardenListener<E>): this;
  /** Adds a listener called once. */
  once<E extends WardenEventName>(event: E, listener: WardenListener<E>): this;
  /** Removes a listener. */
  off<E extends WardenEventName>(event: E, listener: WardenListener<E>): this;
  /** Runs a collector on every matching asset, on a schedule. */
  collect(spec: CollectSpec): Handle;
  /** Adds a check on every matching asset. */
  check(spec: CheckSpec): Handle;
  /**
   * Hands a result to a passive check (traps, webhooks, heartbeats from cron jobs); it also
   * resets the check's freshness timer. The returned promise settles once the result was
   * applied to the state (awaiting it is optional).
   *
   * @throws WardenError `ERR_NOT_FOUND` for an unknown check or asset, or an asset the check does
   *   not cover; `ERR_CONFIG_INVALID` for a check that is not passive or an invalid result
   * @example
   * ```ts
   * warden.submit('backup-ran', 'db-1', { status: 'ok', summary: 'nightly backup done' });
   * ```
   */
  submit(check: string, asset: string, result: CheckResult): Promise<void>;
  /**
   * Routes incident events through a notifier (`log`, or a plugin's).
   *
   * @throws WardenError `ERR_CONFIG_INVALID` for an unknown notifier, invalid params or options; `ERR_DUPLICATE` for a known id
   * @example
   * ```ts
   * warden.notify({ notifier: 'log', minStatus: 'critical', renotify: '1h' });
   * ```
   */
  notify(spec: NotificationRouteSpec): NotificationRouteHandle;
  /**
   * Adds a maintenance window: no incident opens, no notification goes out (except
   * resolutions) for the pairs it covers; a problem still failing when it ends opens then.
   *
   * @throws WardenError `ERR_CONFIG_INVALID` listing every issue; `ERR_DUPLICATE` for a known id
   * @example
   * ```ts
   * warden.maintenance({ assets: 'site=ams1', from: '2026-05-04T22:00:00Z', to: '2026-05-05T01:00:00Z' });
   * ```
   */
  maintenance(spec: MaintenanceSpec): MaintenanceHandle;
  /**
   * Availability per asset and check over a period (maintenance excluded), with incident
   * counts, MTTR, MTBF and the longest outage.
   *
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid period or selector
   */
  report(options: ReportOptions): Promise<AvailabilityReport>;
  /** Open and past incidents: list, history, acknowledge, problems. */
  readonly incidents: WardenIncidents;
  /** The state of a (check, asset), or undefined when there is no such pair. */
  state(check: string, asset: string): CheckState | undefined;
  /** Every (check, asset) state, optionally for one check or asset. */
  states(filter?: { check?: string; asset?: string }): CheckState[];
  /** Runs a discoverer, yielding asset proposals (pass them to `assets.upsert`). */
  discover<K extends DiscovererName>(
    discoverer: K,
    params: DiscovererRegistry[K],
    options?: { signal?: AbortSignal },
  ): AsyncIterable<AssetProposal>;
  /** Starts the engine: plugins' `onStart`, then the scheduler. A second call is a no-op. */
  start(): Promise<void>;
  /** Stops for good: drains, aborts, disposes plugins. */
  stop(options?: WardenStopOptions): Promise<void>;
  /** One pass: collectors, then checks, once each; returns statuses and the Nagios exit code. */
  runOnce(options?: RunOnceOptions): Promise<RunReport>;
  /** The logger Warden was given. */
  readonly logger: Logger;
  /**
   * A read-only snapshot of Warden's own engine (lifecycle, scheduler numbers, readiness
   * checks): what `/health/live` is judged on. Never runs anything.
   */
  engine(): WardenEngineInfo;
  /**
   * Serves `/health/live`, `/health/ready`, `/metrics`, `/incidents` and `POST /submit` over
   * HTTP on `host` (127.0.0.1 by default); `stop()` closes it. See `@warden/core/http`.
   *
   * @throws WardenError `ERR_CONFIG_INVALID` for invalid options, `ERR_STOPPED` after stop(); the listen error
   * @example
   * ```ts
   * const server = await warden.serve({ port: 9464 });
   * await server.close();
   * ```
   */
  serve(options: ServeOptions): Promise<WardenServer>;
  /**
   * Runs one action on one asset by hand (a script or an operator acting directly). Not gated
   * by the global remediation switch, but validated and audited: an intent record is committed
   * before the action starts, and its outcome (output, duration, secrets redacted) follows. An
   * action that throws, hangs or returns garbage is contained: the result is `ok: false` with
   * the reason and a `code` (`ERR_PLUGIN`, `ERR_TIMEOUT`), never a crash.
   *
   * @throws WardenError `ERR_CONFIG_INVALID` for an unknown action (listing the known ones) or
   *   params its schema refuses (every issue with its path); `ERR_NOT_FOUND` for an unknown
   *   asset; `ERR_STORE` when the intent record cannot be written (nothing was run);
   *   `ERR_STOPPED` after stop()
   * @example
   * ```ts
   * const result = await warden.act('exec.local', 'web-1', { command: ['/usr/bin/systemctl', 'restart', 'nginx'] });
   * if (!result.ok) console.error(result.error);
   * ```
   */
  act<K extends ActionName>(action: K, assetId: string, params: ActionRegistry[K], options?: ActOptions): Promise<ActResult>;
  /**
   * Adds an automatic remediation rule, triggered when the check enters one of the statuses
   * (hard by default) on a matching asset. It acts only when remediation is enabled globally
   * (`createWarden({ remediation: { enabled: true } })`), unless it is a `dryRun` (planned and
   * audited, never acted). Never while the asset is unreachable, the check is flapping, or in a
   * maintenance window (unless `maintenance: 'only'`); at most `maxAttempts` per problem
   * episode, `cooldown` apart; with `verify`, a check still failing escalates to the next step.
   * Every decision is an audit record.
   *
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid rule, a check that is not registered,
   *   an unknown action or params its schema refuses, or a policy key this version does not
   *   enforce yet; `ERR_DUPLICATE` for a known id; `ERR_STOPPED` after stop()
   * @example
   * ```ts
   * warden.remediate({
   *   id: 'restart-nginx',
   *   on: { check: 'http', status: ['critical'] },
   *   steps: [{ action: 'exec.local', params: { command: ['/usr/bin/systemctl', 'restart', 'nginx'] } }],
   *   policy: { maxAttempts: 2, cooldown: '15m', verify: { after: '1m' }, dryRun: true },
   * });
   * ```
   */
  remediate(rule: RemediationRuleSpec): RemediationHandle;
  /**
   * Plans a change: an action (patching, a config push) that runs only inside its maintenance
   * window — on each asset the window covers that matches `assets`, once per opening of the
   * window, one asset at a time by default (`policy.maxConcurrent`), stopping the rollout after
   * `policy.maxFailures` failed assets. Assets whose turn has not come when the window closes
   * are skipped; every decision is an audit record with rule `change:<id>`. An inline window
   * becomes a maintenance window (`change:<id>`), so the work pages no one and plugins see it
   * through `ctx.maintenance`. Not gated by the global switch, except that a destructive action
   * needs it or `allowDestructive: true`.
   *
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid change or window, an unknown action,
   *   params its schema refuses, or a destructive action without the switch or `allowDestructive`;
   *   `ERR_DUPLICATE` for a known id; `ERR_STOPPED` after stop()
   * @example
   * ```ts
   * warden.change({
   *   id: 'patch-web',
   *   action: 'ssh.applyUpdates',
   *   params: {},
   *   assets: 'role=web',
   *   window: { cron: '0 2 * * 0', duration: '2h', timezone: 'Europe/Amsterdam' },
   *   allowDestructive: true,
   * });
   * ```
   */
  change(spec: ChangeSpec): ChangeHandle;
  /** The audit log: every remediation decision and every `act()`, queryable by asset, rule and time. */
  readonly audit: WardenAudit;
}
