import { randomUUID } from 'node:crypto';
import type { AssetRegistry } from '../assets/registry-types.js';
import { type ConfigIssue, formatPath, fromZodIssues } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import type { WardenEmitter } from '../events/emitter.js';
import type { AcknowledgeOptions } from '../incidents/acknowledge.js';
import { createIncidentManager } from '../incidents/manager.js';
import type { IncidentEventKind, IncidentManager, IncidentTarget } from '../incidents/manager-types.js';
import type { Problem, ProblemQuery } from '../incidents/problems.js';
import type { Incident } from '../incidents/types.js';
import type { TimerHandle } from '../internal/clock.js';
import { createMaintenanceCalendar } from '../maintenance/calendar.js';
import type { MaintenanceCalendar, MaintenanceTransition } from '../maintenance/types.js';
import { createNotificationRouter } from '../notifications/router.js';
import type { NotificationRateLimit, NotificationRetry, NotificationRouter, NotificationRouterOptions } from '../notifications/types.js';
import type { PluginHost } from '../plugins/host.js';
import { invokeHook } from '../plugins/invoke.js';
import type { AuditRecord } from '../remediation/types.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { IncidentQuery, StateStore } from '../store/types.js';
import { createWriteBehind, type WriteBehind } from '../store/write-behind.js';
import { createHookContext, type HookContextDeps } from './hook-context.js';

/** Incidents as `warden.incidents` exposes them. */
export interface WardenIncidents {
  /** Incidents in memory (open, and recently resolved), oldest first. Synchronous. */
  list(filter?: { open?: boolean; check?: string; asset?: string }): Incident[];
  /** Incidents from the store and memory, oldest first (the writer is flushed first). */
  history(query?: IncidentQuery): Promise<Incident[]>;
  /**
   * Acknowledges an open incident (by id or `{ check, asset }`): reminders and escalations stop.
   * @throws WardenError `ERR_NOT_FOUND` when no such open incident; `ERR_CONFIG_INVALID` for invalid options
   */
  acknowledge(target: IncidentTarget, options: AcknowledgeOptions): Incident;
  /**
   * Removes an acknowledgement.
   * @throws WardenError `ERR_NOT_FOUND` when no such open incident
   */
  unacknowledge(target: IncidentTarget, by?: string): Incident;
  /** Pairs with recurring incidents in a period (problem management), most incidents first. */
  problems(query?: ProblemQuery): Promise<Problem[]>;
}

/** Router settings `createWarden({ notifications })` passes through. */
export interface NotificationSettings {
  /** Incident events of one asset arriving within this window go out as one notification. @defaultValue `'5s'` */
  groupWindow?: NotificationRouterOptions['groupWindow'];
  /** Per-notifier rate limit (delays, never drops). */
  rateLimit?: NotificationRateLimit | undefined;
  /** Retries of a failed send. */
  retry?: NotificationRetry | undefined;
  /** A send with no answer after this counts as failed. @defaultValue `'30s'` */
  sendTimeout?: NotificationRouterOptions['sendTimeout'];
}

/** What {@link wireIncidents} is built from. */
export interface IncidentWiringOptions {
  deps: HookContextDeps;
  emitter: WardenEmitter;
  registry: AssetRegistry;
  host: PluginHost;
  store: StateStore | undefined;
  notifications: NotificationSettings | undefined;
  /** A maintenance window ended: re-decide the pairs it covered. */
  onMaintenanceEnded(transition: MaintenanceTransition): void;
}

/** The incident side of the engine, wired together. */
export interface IncidentWiring {
  readonly store: StateStore;
  /** Whether the store was created here (then the Warden closes it; a store passed in is the caller's to close). */
  readonly ownsStore: boolean;
  readonly writer: WriteBehind;
  readonly incidents: IncidentManager;
  readonly router: NotificationRouter;
  readonly calendar: MaintenanceCalendar;
  /** `warden.incidents`. */
  readonly facade: WardenIncidents;
  /** Aborts notifier sends still running and cancels acknowledgement-expiry timers (at stop). */
  abortSends(): void;
}

const EVENT_OF: Readonly<
  Record<IncidentEventKind, 'incident:opened' | 'incident:updated' | 'incident:acknowledged' | 'incident:resolved' | undefined>
> = {
  opened: 'incident:opened',
  updated: 'incident:updated',
  acknowledged: 'incident:acknowledged',
  resolved: 'incident:resolved',
  flapping: undefined, // `check:flapping` tells listeners; the flapping notice goes to notifiers
};

/**
 * Builds the store writer, the incident manager, the maintenance calendar and the notification
 * router, and connects them: incident events become `incident:*` events and notifications;
 * deliveries mark incidents notified; failures become `notify:failed` and store failures
 * `warden:error`.
 *
 * @param options - the Warden's parts
 * @returns the wired parts
 */
export function wireIncidents(options: IncidentWiringOptions): IncidentWiring {
  const { deps, emitter, registry, host } = options;
  const { clock } = deps;
  const report = (error: unknown, source: string): void => {
    const wrapped = error instanceof WardenError ? error : new WardenError('ERR_PLUGIN', `${source}: ${String(error)}`, { cause: error });
    emitter.emit('warden:error', { error: wrapped, source });
  };
  const store = options.store ?? createMemoryStore({ clock });
  const writer = createWriteBehind({ store, clock, onError: (error, failure) => report(error, `store:${failure.operation}`) });
  const calendar = createMaintenanceCalendar({
    clock,
    listAssets: () => registry.list(),
    descendants: (id) => registry.descendants(id),
    onTransition: (t) => {
      emitter.emit(`maintenance:${t.type}`, { id: t.window.id, assets: t.assets });
      if (t.type === 'ended') options.onMaintenanceEnded(t);
    },
    onError: (error) => report(error, 'maintenance'),
  });
  const sends = new Set<AbortController>();
  const expiryTimers = new Set<TimerHandle>();
  const router = createNotificationRouter({
    clock,
    ...options.notifications,
    async send(name, notification, params) {
      const entry = host.resolve('notifier', name, 'notification');
      const controller = new AbortController();
      sends.add(controller);
      try {
        const parsed = entry.definition.params.parse(params ?? {});
        const ctx = createHookContext(deps, { plugin: entry.plugin, hook: entry.name, signal: controller.signal });
        await invokeHook({ plugin: entry.plugin, hook: entry.name, scrub: deps.secrets.scrub }, () =>
          entry.definition.send(notification, parsed, ctx),
        );
      } finally {
        sends.delete(controller);
      }
    },
    getAsset: (id) => registry.get(id),
    isInMaintenance: (incident) => calendar.isActive({ asset: incident.asset, check: incident.check }),
    onFailed: (error, notification, info) => {
      emitter.emit('notify:failed', { notifier: info.notifier, error });
      // Failures are audited, like every remediation decision: a page that never went out is
      // something to answer for later. The message is scrubbed; the write is not awaited.
      const record: AuditRecord = {
        id: randomUUID(),
        at: clock.now(),
        kind: 'notify-failed',
        rule: `notify:${info.route}`,
        action: info.notifier,
        asset: notification.incident.asset,
        params: { incident: notification.incident.id, kind: notification.kind, dedupKey: notification.dedupKey, attempts: info.attempts },
        reason: deps.secrets.scrub(error.message),
        ok: false,
      };
      store.appendAudit([record]).catch((err: unknown) => report(err, 'store:appendAudit'));
    },
    onDelivered: (item, info) => incidents.markNotified(item.incident.id, `${item.kind} sent through ${info.notifier}`),
    onError: (error) => report(error, 'notifications'),
    checkNotifier: (name, params, path) => checkNotifier(host, name, params, path),
  });
  const incidents: IncidentManager = createIncidentManager({
    clock,
    store,
    writer,
    onEvent: (kind, incident, info) => {
      // An incident opened while its check flaps arrives as `flapping` (its one notice); listeners still hear it opened.
      const event = kind === 'flapping' && info.reason !== 'flapping-started' ? 'incident:opened' : EVENT_OF[kind];
      if (event) emitter.emit(event, { ...incident, status: kind === 'resolved' ? 'ok' : incident.severity });
      if (info.notify || kind === 'resolved') router.handle(kind, incident);
    },
    onListenerError: (error) => report(error, 'incidents'),
  });
  const facade: WardenIncidents = {
    list: (filter) => incidents.list(filter),
    history: (query) => incidents.history(query),
    acknowledge: (target, ackOptions) => {
      const acked = incidents.acknowledge(target, ackOptions);
      // Expiry is otherwise noticed lazily; a timer makes its `incident:updated` event timely.
      const expiresAt = acked.acknowledgement?.expiresAt;
      if (expiresAt !== undefined) {
        const timer = clock.setTimer(() => {
          expiryTimers.delete(timer);
          incidents.expireAcknowledgements();
        }, expiresAt - clock.now());
        expiryTimers.add(timer);
      }
      return acked;
    },
    unacknowledge: (target, by) => incidents.unacknowledge(target, by),
    problems: (query) => incidents.problems(query),
  };
  return {
    store,
    ownsStore: options.store === undefined,
    writer,
    incidents,
    router,
    calendar,
    facade: Object.freeze(facade),
    abortSends: () => {
      for (const controller of sends) controller.abort(new WardenError('ERR_STOPPED', 'the Warden stopped'));
      for (const timer of expiryTimers) timer.cancel();
      expiryTimers.clear();
    },
  };
}

function checkNotifier(host: PluginHost, name: string, params: unknown, path: readonly PropertyKey[]): ConfigIssue[] {
  let entry: ReturnType<typeof host.resolve<'notifier'>>;
  try {
    entry = host.resolve('notifier', name, 'notify()');
  } catch (err) {
    return [{ path: formatPath([...path.slice(0, -1), 'notifier']), message: err instanceof Error ? err.message : String(err) }];
  }
  const parsed = entry.definition.params.safeParse(params ?? {});
  return parsed.success ? [] : fromZodIssues(parsed.error.issues, path, entry.definition.params);
}
