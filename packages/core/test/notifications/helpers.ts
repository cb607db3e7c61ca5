import type { Asset } from '../../src/assets/types.js';
import type { WardenError } from '../../src/errors/warden-error.js';
import type { Incident } from '../../src/incidents/types.js';
import { createNotificationRouter } from '../../src/notifications/router.js';
import type { NotificationRouter, NotificationRouterOptions } from '../../src/notifications/types.js';
import type { Notification } from '../../src/plugins/types.js';
import { createManualClock, type ManualClock } from '../../src/testing/manual-clock.js';

export const T0 = Date.UTC(2024, 0, 1);
export const SECOND = 1_000;
export const MINUTE = 60_000;

/** An open incident; `overrides` change any field. */
export function incident(overrides: Partial<Incident> & { id: string }): Incident {
  return {
    check: 'disk',
    asset: 'web-1',
    problemId: `p-${overrides.id}`,
    state: 'open',
    severity: 'critical',
    summary: 'disk 95% full',
    openedAt: T0,
    updatedAt: T0,
    flapping: false,
    notified: false,
    timeline: [],
    ...overrides,
  };
}

/** What the fake notifier received, one line per send attempt. */
export interface SentRecord {
  at: number;
  notifier: string;
  notification: Notification;
  params: unknown;
}

export interface Harness {
  clock: ManualClock;
  router: NotificationRouter;
  /** Every send attempt, including failed ones. */
  attempts: SentRecord[];
  /** Successful sends only. */
  sent: SentRecord[];
  failed: Array<{ error: WardenError; notification: Notification; attempts: number }>;
  delivered: string[];
  errors: unknown[];
  /** Assets (by id) in maintenance. */
  maintenance: Set<string>;
  /** Per notifier: how many upcoming attempts fail (Infinity = all); 'hang' never settles. */
  failNext: Map<string, number | 'hang'>;
}

const ASSETS: Record<string, Asset> = {
  'web-1': { id: 'web-1', kind: 'host', labels: { team: 'web' } },
  'web-2': { id: 'web-2', kind: 'host', labels: { team: 'web' } },
  'db-1': { id: 'db-1', kind: 'host', labels: { team: 'data' } },
};

/** A router on a manual clock with a recording fake `send`. */
export function setup(extra: Partial<NotificationRouterOptions> = {}): Harness {
  const clock = createManualClock(T0);
  const h: Omit<Harness, 'router'> = {
    clock,
    attempts: [],
    sent: [],
    failed: [],
    delivered: [],
    errors: [],
    maintenance: new Set(),
    failNext: new Map(),
  };
  const router = createNotificationRouter({
    clock,
    send: async (notifier, notification, params) => {
      const record = { at: clock.now(), notifier, notification, params };
      h.attempts.push(record);
      const fail = h.failNext.get(notifier);
      if (fail === 'hang') return new Promise<void>(() => {});
      if (fail !== undefined && fail > 0) {
        h.failNext.set(notifier, fail - 1);
        throw new Error(`${notifier} endpoint returned 503`);
      }
      h.sent.push(record);
    },
    getAsset: (id) => ASSETS[id],
    isInMaintenance: (i) => h.maintenance.has(i.asset),
    onFailed: (error, notification, info) => h.failed.push({ error, notification, attempts: info.attempts }),
    onDelivered: (item, info) => h.delivered.push(`${info.notifier} ${item.dedupKey}`),
    onError: (error) => h.errors.push(error),
    ...extra,
  });
  return { ...h, router };
}

/** `+5s notifier kind key` lines, time relative to T0, for compact assertions. */
export function lines(records: readonly SentRecord[]): string[] {
  return records.map((r) => {
    const n = r.notification;
    const what = n.group === undefined ? `${n.kind} ${n.dedupKey}` : `group[${n.group.map((i) => `${i.kind} ${i.dedupKey}`).join(', ')}]`;
    return `+${(r.at - T0) / SECOND}s ${r.notifier} ${what}`;
  });
}
