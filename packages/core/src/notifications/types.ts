import type { Selector } from '../assets/selector-types.js';
import type { Asset } from '../assets/types.js';
import type { ConfigIssue } from '../errors/config-error.js';
import type { WardenError } from '../errors/warden-error.js';
import type { Incident } from '../incidents/types.js';
import type { Clock } from '../internal/clock.js';
import type { Duration } from '../internal/duration.js';
import type { Notification, NotificationItem, NotificationKind } from '../plugins/types.js';

/** An incident event name as `on` accepts it: the kind, or the event's name. */
export type NotificationTrigger = NotificationKind | `incident:${NotificationKind}` | 'check:flapping';

/** One escalation step: another notifier, used when an incident stays open and unacknowledged. */
export interface EscalationStep {
  /** How long after the route first notified the incident (`'15m'`); > 0. */
  after: Duration;
  /** Notifier name (`log`, `cloud.pagerduty`). */
  notifier: string;
  /** The notifier's params (validated by its schema). */
  params?: unknown;
}

/** A notification route, as `warden.notify()` takes it. */
export interface NotificationRouteSpec {
  /** Stable id; generated (`notify-1`, …) when omitted. */
  id?: string | undefined;
  /** Notifier name (`log`, `cloud.slack`). */
  notifier: string;
  /** The notifier's params (validated by its schema). */
  params?: unknown;
  /**
   * Which incident events to send. Resolutions of incidents the route notified are always sent.
   * @defaultValue every kind
   */
  on?: readonly NotificationTrigger[] | undefined;
  /** Only incidents of these assets. @defaultValue every asset */
  assets?: Selector | undefined;
  /** Only incidents of these checks. @defaultValue every check */
  checks?: readonly string[] | undefined;
  /**
   * Least severity that opens a notification (order: unknown < warning < critical). Once an
   * incident was notified, its later events are sent whatever their severity.
   * @defaultValue `'unknown'` (every incident)
   */
  minStatus?: 'unknown' | 'warning' | 'critical' | undefined;
  /** Remind at this interval while the incident is open and unacknowledged (`'1h'`); > 0. */
  renotify?: Duration | undefined;
  /** Further notifiers, each after its delay while the incident is open and unacknowledged. */
  escalate?: readonly EscalationStep[] | undefined;
  /**
   * How long events for one asset are collected into one notification; `0` sends each alone.
   * @defaultValue the router's `groupWindow`
   */
  groupWindow?: Duration | undefined;
}

/** A route's handle. */
export interface NotificationRouteHandle {
  /** The route id. */
  readonly id: string;
  /** Removes the route: its pending groups are sent now, its timers cancelled. Idempotent. */
  remove(): void;
}

/** Where a delivery went, for {@link NotificationRouterOptions.onDelivered} and `onFailed`. */
export interface DeliveryInfo {
  /** Route id. */
  route: string;
  /** Notifier name. */
  notifier: string;
  /** Attempts made (1 = first try succeeded). */
  attempts: number;
}

/** Options of {@link createNotificationRouter}. */
export interface NotificationRouterOptions {
  /** Time source; every delay (grouping, retries, rate limits, reminders) runs on one timer of it. */
  clock: Clock;
  /**
   * Delivers one notification through a notifier; rejecting (or throwing) marks the attempt
   * failed. The engine validates params at registration and wraps the notifier's `send`.
   */
  send(notifier: string, notification: Notification, params: unknown): Promise<void> | void;
  /** The asset, for route selectors (`undefined` when it is not registered). */
  getAsset(id: string): Asset | undefined;
  /** Whether the incident's (check, asset) is in maintenance now. */
  isInMaintenance(incident: Incident): boolean;
  /** A delivery failed for good (after its retries); the engine emits `notify:failed`. Never throws into the router. */
  onFailed(error: WardenError, notification: Notification, info: DeliveryInfo): void;
  /** An item was delivered: the engine marks the incident notified and adds a timeline entry. */
  onDelivered?: ((item: NotificationItem, info: DeliveryInfo) => void) | undefined;
  /** Something unexpected failed inside the router (a callback threw); it carries on. */
  onError?: ((error: unknown) => void) | undefined;
  /**
   * Validates a notifier name and its params when a route is added; returns the issues found
   * (paths under `path`). The engine checks the registry and the notifier's schema here.
   */
  checkNotifier?: ((name: string, params: unknown, path: readonly PropertyKey[]) => ConfigIssue[]) | undefined;
  /** Default grouping window per asset. @defaultValue `'5s'` */
  groupWindow?: Duration | undefined;
  /** At most this many sends per notifier in any 60 s; more wait their turn, none is dropped. @defaultValue unlimited */
  rateLimit?: NotificationRateLimit | undefined;
  /** Retries of a failed send, with exponential backoff. @defaultValue `{ attempts: 5, backoff: '1s', maxBackoff: '1m' }` */
  retry?: NotificationRetry | undefined;
  /** A send that has not settled after this counts as failed (and is retried). @defaultValue `'30s'` */
  sendTimeout?: Duration | undefined;
}

/** A notifier's delivery rate limit: sends beyond it wait, none is dropped. */
export interface NotificationRateLimit {
  /** Sends per minute per notifier. */
  perMinute: number;
}

/** Retries of a failed send. */
export interface NotificationRetry {
  /** Attempts in all. @defaultValue 5 */
  attempts?: number | undefined;
  /** First wait; doubles each retry. @defaultValue `'1s'` */
  backoff?: Duration | undefined;
  /** Longest wait. @defaultValue `'1m'` */
  maxBackoff?: Duration | undefined;
}

/** Counts of work not yet done. */
export interface RouterBacklog {
  /** Groups collecting events. */
  groups: number;
  /** Notifications waiting (rate limit, retry backoff, or behind another send). */
  queued: number;
  /** Sends in progress. */
  inFlight: number;
}

/** Routes incident events to notifiers: filtering, grouping, rate limits, retries, reminders, escalation. */
export interface NotificationRouter {
  /**
   * Adds a route.
   * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path; `ERR_DUPLICATE` for a known id
   */
  add(spec: NotificationRouteSpec): NotificationRouteHandle;
  /** Takes one incident event (never throws). Call it for every `incident:*` event and for flapping start. */
  handle(kind: NotificationKind, incident: Incident): void;
  /**
   * Delivers an open incident's current state to the routes that held it back: call it when its
   * pair leaves maintenance or stops flapping while still failing. Routes that never notified it
   * send `opened`; the others `updated`.
   */
  reconcile(incident: Incident): void;
  /** What is still pending. */
  backlog(): RouterBacklog;
  /** Sends every collecting group now (before stopping). */
  flush(): void;
  /** Resolves once nothing is queued or in flight (groups still collecting are not waited for: flush first). */
  idle(): Promise<void>;
  /** Cancels every timer and drops what is pending; later calls do nothing. */
  stop(): void;
}
