import { WardenError } from '../errors/warden-error.js';
import type { Clock } from '../internal/clock.js';
import { formatDuration } from '../internal/duration.js';
import type { Notification } from '../plugins/types.js';
import type { TimerQueue } from './timer-queue.js';
import type { DeliveryInfo } from './types.js';

/** One notification on its way to one notifier. */
export interface Delivery {
  route: string;
  notifier: string;
  params: unknown;
  notification: Notification;
  attempts: number;
}

/** Settings of {@link createDeliveryQueue}, already in ms. */
export interface DeliverySettings {
  clock: Clock;
  timers: TimerQueue;
  send(notifier: string, notification: Notification, params: unknown): Promise<void> | void;
  perMinute: number | undefined;
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  sendTimeoutMs: number;
  onDelivered(delivery: Delivery): void;
  onFailed(error: WardenError, delivery: Delivery): void;
}

/** Per-notifier FIFO lanes: in order, one send at a time, rate-limited, retried. */
export interface DeliveryQueue {
  /** Queues a notification behind the others for its notifier. */
  enqueue(delivery: Delivery): void;
  /** Waiting and in-flight counts. */
  counts(): { queued: number; inFlight: number };
  /** Resolves once every lane is empty. */
  idle(): Promise<void>;
  /** Drops everything; results of sends in flight are ignored. */
  stop(): void;
}

interface Lane {
  items: Delivery[];
  /** A send is in flight, or the head waits for its retry. */
  busy: boolean;
  inFlight: boolean;
  /** Send times within the last minute, oldest first (rate limit). */
  sent: number[];
  wakeScheduled: boolean;
}

const MINUTE = 60_000;

/** A `WardenError` for a final failure, keeping one that already is. */
export function deliveryError(error: unknown, delivery: Delivery): WardenError {
  if (error instanceof WardenError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new WardenError(
    'ERR_PLUGIN',
    `notifier ${delivery.notifier} (route ${delivery.route}) failed ${delivery.attempts} time(s) to deliver ${delivery.notification.dedupKey}: ${reason}; check the notifier's params and its endpoint`,
    { cause: error },
  );
}

/**
 * Creates the delivery lanes. Each notifier gets a FIFO lane sending one notification at a
 * time, so a notifier's messages arrive in the order events happened (a resolution never
 * overtakes its opening, even while the opening is being retried). A rate limit delays the
 * head of the lane until a slot frees up; nothing is dropped. A failed send is retried with
 * exponential backoff; after the last attempt `onFailed` gets it and the lane moves on.
 *
 * @param settings - clock, timer queue, send function, limits and callbacks
 * @returns the queue
 */
export function createDeliveryQueue(settings: DeliverySettings): DeliveryQueue {
  const { clock, timers } = settings;
  const lanes = new Map<string, Lane>();
  let waiters: Array<() => void> = [];
  let stopped = false;

  function laneOf(notifier: string): Lane {
    let lane = lanes.get(notifier);
    if (lane === undefined) {
      lane = { items: [], busy: false, inFlight: false, sent: [], wakeScheduled: false };
      lanes.set(notifier, lane);
    }
    return lane;
  }

  function checkIdle(): void {
    for (const lane of lanes.values()) if (lane.items.length > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  }

  function pump(notifier: string, lane: Lane): void {
    if (stopped || lane.busy) return;
    const head = lane.items[0];
    if (head === undefined) {
      // The lane stays: its send times still count against the rate limit.
      checkIdle();
      return;
    }
    const now = clock.now();
    if (settings.perMinute !== undefined) {
      while (lane.sent.length > 0 && (lane.sent[0] as number) <= now - MINUTE) lane.sent.shift();
      if (lane.sent.length >= settings.perMinute) {
        if (!lane.wakeScheduled) {
          lane.wakeScheduled = true;
          timers.schedule((lane.sent[0] as number) + MINUTE, () => {
            lane.wakeScheduled = false;
            pump(notifier, lane);
          });
        }
        return;
      }
      lane.sent.push(now);
    }
    attempt(notifier, lane, head);
  }

  function attempt(notifier: string, lane: Lane, delivery: Delivery): void {
    lane.busy = true;
    lane.inFlight = true;
    delivery.attempts++;
    let settled = false;
    const finish = (error: unknown, failed: boolean): void => {
      if (settled || stopped) return;
      settled = true;
      timeout.cancel();
      lane.inFlight = false;
      if (!failed) {
        lane.items.shift();
        lane.busy = false;
        settings.onDelivered(delivery);
      } else if (delivery.attempts < settings.attempts) {
        const delay = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** (delivery.attempts - 1));
        timers.schedule(clock.now() + delay, () => {
          lane.busy = false;
          pump(notifier, lane);
        });
        return;
      } else {
        lane.items.shift();
        lane.busy = false;
        settings.onFailed(deliveryError(error, delivery), delivery);
      }
      pump(notifier, lane);
    };
    const timeout = timers.schedule(clock.now() + settings.sendTimeoutMs, () =>
      finish(
        new WardenError('ERR_TIMEOUT', `notifier ${notifier} did not finish sending within ${formatDuration(settings.sendTimeoutMs)}`),
        true,
      ),
    );
    let result: Promise<void> | void;
    try {
      result = settings.send(notifier, delivery.notification, delivery.params);
    } catch (error) {
      finish(error, true);
      return;
    }
    Promise.resolve(result).then(
      () => finish(undefined, false),
      (error: unknown) => finish(error ?? new Error('rejected without a reason'), true),
    );
  }

  return {
    enqueue(delivery) {
      if (stopped) return;
      const lane = laneOf(delivery.notifier);
      lane.items.push(delivery);
      pump(delivery.notifier, lane);
    },
    counts() {
      let queued = 0;
      let inFlight = 0;
      for (const lane of lanes.values()) {
        queued += lane.items.length - (lane.inFlight ? 1 : 0);
        if (lane.inFlight) inFlight++;
      }
      return { queued, inFlight };
    },
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        checkIdle();
      });
    },
    stop() {
      stopped = true;
      lanes.clear();
      checkIdle();
    },
  };
}

/** Builds the {@link DeliveryInfo} of a delivery. */
export const infoOf = (delivery: Delivery): DeliveryInfo => ({
  route: delivery.route,
  notifier: delivery.notifier,
  attempts: delivery.attempts,
});
