import type { z } from 'zod';
import type { Selector } from '../assets/selector-types.js';
import type { Asset } from '../assets/types.js';
import type { CheckResult } from '../checks/types.js';
import type { Incident } from '../incidents/types.js';
import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import type { MaintenanceHandle, MaintenanceSpec, MaintenanceWindow } from '../maintenance/types.js';
import type { Sample } from '../metrics/types.js';
import type { Secret } from '../secrets/types.js';

/** Gives plugins secret values at the moment of use and scrubs them from Warden's output. */
export interface SecretAccess {
  /**
   * The secret's value (a plain string is returned as is). The value is remembered so that
   * any text Warden emits afterwards (errors, command output, events) has it replaced.
   */
  reveal(secret: Secret | string): Promise<string>;
  /** Replaces every revealed secret value in `text` with `[redacted]`. */
  scrub(text: string): string;
}

/** What every plugin hook receives, per call. */
export interface HookContext {
  /** Aborted when the run times out or Warden stops: honour it. */
  signal: AbortSignal;
  /** A child logger tagged with the plugin (and asset, when there is one). */
  logger: Logger;
  /** The clock Warden runs on; use it instead of `Date.now()`. */
  clock: Clock;
  /** Reveal secrets at the moment of use. */
  secrets: SecretAccess;
  /** Emits a plugin event (`<plugin>:<event>`, declared by augmenting `WardenEvents`). */
  emit(event: `${string}:${string}`, payload: unknown): void;
  /** The inventory, read-only (a trap's source address → its asset). */
  assets: PluginAssets;
  /** Maintenance windows: ask whether an asset is in one, or schedule one (a provider's event). */
  maintenance: PluginMaintenance;
  /** Small persistent state of this plugin, kept by Warden's `StateStore`. */
  store: PluginStore;
  /**
   * Hands a result to a passive check (`passive: true`), as `warden.submit()` does: a trap or
   * an event the plugin received becomes a check result.
   *
   * @throws WardenError `ERR_NOT_FOUND` / `ERR_CONFIG_INVALID` as `warden.submit()` does
   */
  submit(check: string, asset: string, result: CheckResult): Promise<void>;
}

/** The inventory as plugins see it: read-only. */
export interface PluginAssets {
  /** The asset with this id, if any. */
  get(id: string): Asset | undefined;
  /** Assets matching the selector (every asset without one), in id order. */
  list(selector?: Selector): Asset[];
  /**
   * The asset whose `address` is this address (IPv4-mapped IPv6 and letter case normalised);
   * the first by id when several share it.
   */
  byAddress(address: string): Asset | undefined;
}

/** Maintenance windows as plugins see them. */
export interface PluginMaintenance {
  /**
   * Whether the asset is in maintenance now (or `at`, ms since the epoch). Without `check`,
   * only windows covering every check of the asset count: "may I change this asset now?".
   */
  isActive(asset: string, options?: { check?: string; at?: number }): boolean;
  /** The windows covering the asset now (or `at`), whole-asset and per-check ones alike. */
  windows(asset: string, options?: { at?: number }): MaintenanceWindow[];
  /**
   * Adds a window, or replaces the plugin's window with the same id (a provider moved its
   * scheduled event). The id is prefixed with the plugin's name (`cloud:<id>`) unless it
   * already is; the handle removes it.
   *
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid spec
   */
  schedule(spec: MaintenanceSpec & { id: string }): MaintenanceHandle;
}

/**
 * A plugin's own small persistent state (TOFU host keys, learned bulk sizes, baselines),
 * namespaced by plugin and kept by Warden's `StateStore`, so it survives a restart with a
 * durable store. Values must survive `JSON.stringify`.
 */
export interface PluginStore {
  /** The value stored under `key`, or undefined. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value` under `key` (replacing what was there). */
  set(key: string, value: unknown): Promise<void>;
  /** Removes `key`; removing a missing key is harmless. */
  delete(key: string): Promise<void>;
}

/** Context of a collector run. */
export interface CollectContext extends HookContext {
  /** The collection job's parameters (validated by the collector's schema). */
  readonly params: unknown;
}

/** A collector: reads an asset and returns samples. */
export interface CollectorDefinition<P = unknown> {
  /** Name without the plugin prefix (`interfaces` becomes `snmp.interfaces`). */
  name: string;
  /** One line for docs and errors. */
  description?: string;
  /** Schema for `warden.collect({ params })`; strict (unknown keys refused). */
  params?: z.ZodType<P>;
  /**
   * The collector computes some values from the difference of two readings (CPU from
   * `/proc/stat`), so `runOnce()` takes two readings and keeps the second.
   */
  deltas?: boolean;
  /** Reads the asset. Throwing (or rejecting) makes the collection fail with that error. */
  collect(asset: Asset, ctx: CollectContext, params: P): Promise<Sample[]> | Sample[];
}

/** A probe: an active check supplied by a plugin or core (`tcp`, `ping`, `nagios`). */
export interface ProbeDefinition<P = unknown> {
  /** Name without the plugin prefix. */
  name: string;
  /** One line for docs and errors. */
  description?: string;
  /** Schema for the check's `params`; strict. String params may use asset macros (`{address}`). */
  params?: z.ZodType<P>;
  /** Runs the probe. Expected outcomes are results, not exceptions. */
  run(asset: Asset, params: P, ctx: HookContext): Promise<CheckResult> | CheckResult;
}

/** What an action reports. */
export interface ActionResult {
  /** Whether the action did what it was asked. */
  ok: boolean;
  /** What it printed or changed (secrets scrubbed by Warden). */
  output?: string;
  /** Why it failed. */
  error?: string;
}

/** An action: a change made to an asset (restart a service, SNMP SET, reboot). */
export interface ActionDefinition<P = unknown> {
  /** Name without the plugin prefix. */
  name: string;
  /** One line for docs and audit records. */
  description?: string;
  /** Schema for the action's params, checked when a rule or `act()` names the action. */
  params: z.ZodType<P>;
  /** Destructive actions (reboot, stop, patch) are refused unless the user enabled them. */
  destructive?: boolean;
  /** Performs the action. */
  run(asset: Asset, params: P, ctx: HookContext): Promise<ActionResult> | ActionResult;
}

/** An asset proposed by a discoverer, ready for `warden.assets.upsert()`. */
export type AssetProposal = Asset;

/** A discoverer: finds assets (an SNMP sweep, a cloud inventory). */
export interface DiscovererDefinition<P = unknown> {
  /** Name without the plugin prefix. */
  name: string;
  /** One line for docs. */
  description?: string;
  /** Schema for the discovery parameters. */
  params: z.ZodType<P>;
  /** Yields proposals with stable ids; reports progress with `ctx.emit('discovery:progress', …)`. */
  discover(params: P, ctx: HookContext): AsyncIterable<AssetProposal>;
}

/** What happened to an incident, as notifications tell it. */
export type NotificationKind = 'opened' | 'updated' | 'acknowledged' | 'flapping' | 'resolved';

/** One incident event in a notification. */
export interface NotificationItem {
  /**
   * What happened to the incident. The first notification a route sends for an incident is
   * always `opened`, whatever let it through (see docs/concepts/notifications.md).
   */
  kind: NotificationKind;
  /** The incident, as it was when the event happened. */
  incident: Incident;
  /**
   * Stable key for this event of this incident: a retried or repeated delivery carries the same
   * key, so a receiver that deduplicates (PagerDuty, a ticket system) never notifies twice.
   */
  dedupKey: string;
  /** For a reminder (`renotify`): which one, from 1. The kind is then `opened`. */
  reminder?: number | undefined;
  /** For an escalation: which step, from 1. The kind is then `opened`. */
  escalation?: number | undefined;
}

/**
 * What a notifier is asked to deliver: one incident event, or several for one asset grouped
 * within a short window. A grouped notification's own fields describe its most severe item and
 * `group` lists them all (that one included), in order: a notifier that handles `group` sends
 * one message for the lot; one that ignores it reports only the lead.
 */
export interface Notification extends NotificationItem {
  /** Every event of the group, in the order they happened; absent for a single event. */
  group?: readonly NotificationItem[] | undefined;
  /** Id of the route (`warden.notify()` handle) that sent it. */
  route?: string | undefined;
}

/** A notifier: delivers incident notifications (log, webhook, Slack, PagerDuty). */
export interface NotifierDefinition<P = unknown> {
  /** Name without the plugin prefix. */
  name: string;
  /** One line for docs. */
  description?: string;
  /** Schema for the notifier's params. */
  params: z.ZodType<P>;
  /** Delivers one notification; throwing marks the delivery failed (it is retried). */
  send(notification: Notification, params: P, ctx: HookContext): Promise<void> | void;
}
