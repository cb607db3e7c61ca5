import { WardenError } from '../errors/warden-error.js';
import type { Incident } from '../incidents/types.js';
import type { NotificationItem, NotificationKind } from '../plugins/types.js';
import { createDeliveryQueue, infoOf } from './delivery.js';
import { createGrouper, groupNotification } from './grouping.js';
import { createTimerQueue } from './timer-queue.js';
import { newTrack, type RouteState, type Target, type Track } from './track.js';
import type { NotificationRouteHandle, NotificationRouter, NotificationRouterOptions, NotificationRouteSpec } from './types.js';
import { normalizeRoute, normalizeRouterSettings, SEVERITY_RANK } from './validate.js';

/** How often a due escalation is re-checked while the incident is acknowledged, in maintenance or flapping. */
const ESCALATION_RECHECK_MS = 60_000;

/**
 * Creates the notification router: it takes incident events from the engine and decides, per
 * route, whether and what to send — filters (kind, selector, checks, minStatus), suppression in
 * maintenance and while flapping (resolutions of notified incidents always go out), grouping per
 * asset, then per-notifier delivery with rate limits that delay, retries with backoff and a
 * final `onFailed`. Reminders and escalations run on the same single timer.
 *
 * @param options - clock, send function, asset lookup, maintenance test, callbacks and limits
 * @returns the router
 * @throws WardenError `ERR_CONFIG_INVALID` for invalid grouping, rate-limit, retry or timeout settings
 * @example
 * ```ts
 * const router = createNotificationRouter({
 *   clock, send: (name, n, params) => notifiers.get(name).send(n, params, ctx),
 *   getAsset: (id) => registry.get(id), isInMaintenance: (i) => calendar.isActive({ asset: i.asset, check: i.check }),
 *   onFailed: (error, n, info) => emit('notify:failed', { notifier: info.notifier, error }),
 * });
 * router.add({ notifier: 'log', minStatus: 'critical', renotify: '1h' });
 * router.handle('opened', incident);
 * ```
 */
export function createNotificationRouter(options: NotificationRouterOptions): NotificationRouter {
  const settings = normalizeRouterSettings(options);
  const { clock } = options;
  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // A broken error listener must not break routing.
    }
  };
  const timers = createTimerQueue(clock, report);
  const grouper = createGrouper(timers, () => clock.now());
  const delivery = createDeliveryQueue({
    clock,
    timers,
    send: options.send,
    perMinute: settings.perMinute,
    attempts: settings.attempts,
    backoffMs: settings.backoffMs,
    maxBackoffMs: settings.maxBackoffMs,
    sendTimeoutMs: settings.sendTimeoutMs,
    onDelivered(done) {
      for (const item of done.notification.group ?? [done.notification])
        try {
          options.onDelivered?.(item, infoOf(done));
        } catch (error) {
          report(error);
        }
    },
    onFailed(error, failed) {
      try {
        options.onFailed(error, failed.notification, infoOf(failed));
      } catch (thrown) {
        report(thrown);
      }
    },
  });
  const routes = new Map<string, RouteState>();
  let stopped = false;
  let generated = 0;

  const matches = ({ route }: RouteState, incident: Incident): boolean => {
    if (route.checks !== undefined && !route.checks.has(incident.check)) return false;
    if (route.selector === undefined) return true;
    const asset = options.getAsset(incident.asset);
    return asset !== undefined && route.selector.matches(asset);
  };
  const inMaintenance = (incident: Incident): boolean => {
    try {
      return options.isInMaintenance(incident);
    } catch (error) {
      report(error);
      return false;
    }
  };
  const suppressed = (incident: Incident): boolean => incident.flapping || inMaintenance(incident);
  const acknowledged = (incident: Incident): boolean => {
    const ack = incident.acknowledgement;
    return ack !== undefined && (ack.expiresAt === undefined || ack.expiresAt > clock.now());
  };

  function send(state: RouteState, target: Target, item: NotificationItem, grouped: boolean): void {
    const route = state.route.id;
    const enqueue = (items: NotificationItem[]): void =>
      delivery.enqueue({
        route,
        notifier: target.notifier,
        params: target.params,
        notification: groupNotification(items, route),
        attempts: 0,
      });
    const windowMs = state.route.groupWindowMs ?? settings.groupWindowMs;
    if (!grouped || windowMs === 0) enqueue([item]);
    else grouper.add(`${route}\u0000${target.index}\u0000${item.incident.asset}`, item, windowMs, enqueue);
  }

  /** Sends to the route's notifier and to every escalation step already used. */
  function sendAll(state: RouteState, track: Track | undefined, item: NotificationItem): void {
    send(state, state.main, item, true);
    if (track !== undefined) for (const step of track.escalated) send(state, state.steps[step - 1] as Target, item, true);
  }

  const live = (state: RouteState, track: Track): boolean =>
    !stopped && !state.removed && state.tracks.get(track.incident.id) === track && track.incident.state === 'open';

  function scheduleReminder(state: RouteState, track: Track): void {
    const every = state.route.renotifyMs;
    if (every === undefined) return;
    track.reminder?.cancel();
    track.reminder = timers.schedule(clock.now() + every, () => {
      track.reminder = undefined;
      if (!live(state, track)) return;
      const { incident } = track;
      if (!acknowledged(incident) && !suppressed(incident)) {
        const reminder = ++track.reminders;
        send(state, state.main, { kind: 'opened', incident, dedupKey: `${incident.id}:reminder:${reminder}`, reminder }, false);
      }
      scheduleReminder(state, track);
    });
  }

  function scheduleEscalation(state: RouteState, track: Track, step: number, delayMs: number): void {
    track.escalations.set(
      step,
      timers.schedule(clock.now() + delayMs, () => {
        track.escalations.delete(step);
        if (!live(state, track)) return;
        const { incident } = track;
        if (acknowledged(incident) || suppressed(incident)) {
          scheduleEscalation(state, track, step, ESCALATION_RECHECK_MS);
          return;
        }
        track.escalated.add(step);
        const item = { kind: 'opened' as const, incident, dedupKey: `${incident.id}:escalation:${step}`, escalation: step };
        send(state, state.steps[step - 1] as Target, item, false);
      }),
    );
  }

  /** Sends the incident's current state: `opened` on first contact, `updated` after. */
  function deliverState(state: RouteState, track: Track): void {
    const { route } = state;
    const { incident } = track;
    if (!track.notified) {
      if (SEVERITY_RANK[incident.severity] < route.minRank || !route.on.has('opened')) return;
      track.notified = true;
      send(state, state.main, { kind: 'opened', incident, dedupKey: `${incident.id}:opened` }, true);
      for (const [index, step] of route.escalate.entries()) scheduleEscalation(state, track, index + 1, step.afterMs);
    } else {
      if (!route.on.has('updated')) return;
      sendAll(state, track, { kind: 'updated', incident, dedupKey: `${incident.id}:updated:${++track.updates}` });
    }
    scheduleReminder(state, track);
  }

  function forget(state: RouteState, track: Track): void {
    track.reminder?.cancel();
    for (const handle of track.escalations.values()) handle.cancel();
    if (state.tracks.get(track.incident.id) === track) state.tracks.delete(track.incident.id);
  }

  function resolve(state: RouteState, track: Track | undefined, incident: Incident): void {
    if (track !== undefined) forget(state, track);
    const { route } = state;
    const eligible = () => matches(state, incident) && SEVERITY_RANK[incident.severity] >= route.minRank;
    // Without a track (e.g. after a restart) the incident's own flag stands in for the route's.
    const notified = track !== undefined ? track.notified : incident.notified && route.on.has('opened') && eligible();
    const recoveriesOnly = !route.on.has('opened') && route.on.has('resolved');
    if (notified || (recoveriesOnly && eligible()))
      sendAll(state, track, { kind: 'resolved', incident, dedupKey: `${incident.id}:resolved` });
  }

  function trackOf(state: RouteState, incident: Incident): Track | undefined {
    let track = state.tracks.get(incident.id);
    if (track === undefined) {
      if (!matches(state, incident)) return undefined;
      track = newTrack(incident);
      state.tracks.set(incident.id, track);
    }
    track.incident = incident;
    if (!incident.flapping) track.flapNoticed = false;
    return track;
  }

  function route(state: RouteState, kind: NotificationKind, incident: Incident): void {
    if (kind === 'resolved' || incident.state === 'resolved') {
      resolve(state, state.tracks.get(incident.id), incident);
      return;
    }
    const track = trackOf(state, incident);
    if (track === undefined) return;
    if (incident.flapping) {
      // One notice per flapping episode to whoever heard of the incident; everything else waits.
      if (kind === 'flapping' && track.notified && !track.flapNoticed && state.route.on.has('flapping') && !inMaintenance(incident)) {
        track.flapNoticed = true;
        sendAll(state, track, { kind: 'flapping', incident, dedupKey: `${incident.id}:flapping:${++track.flaps}` });
      }
      return;
    }
    if (kind === 'flapping' || suppressed(incident)) return;
    if (kind === 'acknowledged') {
      if (track.notified && state.route.on.has('acknowledged'))
        sendAll(state, track, {
          kind: 'acknowledged',
          incident,
          dedupKey: `${incident.id}:acknowledged:${incident.acknowledgement?.at ?? clock.now()}`,
        });
      return;
    }
    deliverState(state, track);
  }

  function each(work: (state: RouteState) => void): void {
    if (stopped) return;
    for (const state of routes.values())
      try {
        work(state);
      } catch (error) {
        report(error);
      }
  }

  return {
    add(spec: NotificationRouteSpec): NotificationRouteHandle {
      let fallback: string;
      do fallback = `notify-${++generated}`;
      while (routes.has(fallback));
      const route = normalizeRoute(spec, fallback, options.checkNotifier);
      if (routes.has(route.id))
        throw new WardenError(
          'ERR_DUPLICATE',
          `notification route ${JSON.stringify(route.id)} already exists; remove it first or pick another id`,
        );
      const state: RouteState = {
        route,
        main: { index: 0, notifier: route.notifier, params: route.params },
        steps: route.escalate.map((step, index) => ({ index: index + 1, notifier: step.notifier, params: step.params })),
        tracks: new Map(),
        removed: false,
      };
      routes.set(route.id, state);
      return {
        id: route.id,
        remove() {
          if (state.removed) return;
          state.removed = true;
          routes.delete(route.id);
          for (const track of [...state.tracks.values()]) forget(state, track);
          grouper.flush(`${route.id}\u0000`);
        },
      };
    },
    handle(kind, incident) {
      each((state) => route(state, kind, incident));
    },
    reconcile(incident) {
      if (incident.state !== 'open') return;
      each((state) => {
        const track = trackOf(state, incident);
        if (track !== undefined && !suppressed(incident)) deliverState(state, track);
      });
    },
    backlog() {
      return { groups: grouper.size, ...delivery.counts() };
    },
    flush() {
      grouper.flush();
    },
    idle() {
      return delivery.idle();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      grouper.clear();
      delivery.stop();
      timers.clear();
    },
  };
}
