import type { z } from 'zod';
import type { Asset } from '../assets/types.js';
import type { CheckResult } from '../checks/types.js';
import type { Incident } from '../incidents/types.js';
import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
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
