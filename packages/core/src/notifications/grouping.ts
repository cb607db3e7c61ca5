import type { TimerHandle } from '../internal/clock.js';
import type { Notification, NotificationItem } from '../plugins/types.js';
import type { TimerQueue } from './timer-queue.js';
import { SEVERITY_RANK } from './validate.js';

/** Events collected for one (route, target, asset) until the window closes. */
interface Group {
  key: string;
  items: NotificationItem[];
  timer: TimerHandle;
  emit: (items: NotificationItem[]) => void;
}

/** Collects events per key for a short window, then hands them on as one notification. */
export interface Grouper {
  /**
   * Adds an item to the group of `key`, opening it (closing in `windowMs`) if needed. A newer
   * `updated` of the same incident replaces the older one in place: the group reports the latest
   * state once, not every step in between.
   */
  add(key: string, item: NotificationItem, windowMs: number, emit: (items: NotificationItem[]) => void): void;
  /** Closes and emits the groups whose key starts with `prefix` (all when omitted). */
  flush(prefix?: string): void;
  /** Groups collecting. */
  readonly size: number;
  /** Drops every group unsent. */
  clear(): void;
}

/**
 * Builds the notification of a group: one item as it is; several as the most severe open item
 * (the lead) with `group` listing them all and a `dedupKey` joining theirs.
 *
 * @param items - the items, in order (at least one)
 * @param route - the route id
 * @returns the notification
 */
export function groupNotification(items: readonly NotificationItem[], route: string): Notification {
  const first = items[0] as NotificationItem;
  if (items.length === 1) return { ...first, route };
  let lead = first;
  for (const item of items) {
    const leadOpen = lead.kind !== 'resolved';
    const itemOpen = item.kind !== 'resolved';
    if (itemOpen && (!leadOpen || SEVERITY_RANK[item.incident.severity] > SEVERITY_RANK[lead.incident.severity])) lead = item;
  }
  return { ...lead, route, dedupKey: items.map((item) => item.dedupKey).join('+'), group: [...items] };
}

/**
 * Creates a grouper on the timer queue.
 *
 * @param timers - the router's timer queue
 * @param now - the current time
 * @returns the grouper
 */
export function createGrouper(timers: TimerQueue, now: () => number): Grouper {
  const groups = new Map<string, Group>();

  function close(group: Group): void {
    if (groups.get(group.key) !== group) return;
    groups.delete(group.key);
    group.timer.cancel();
    group.emit(group.items);
  }

  return {
    add(key, item, windowMs, emit) {
      let group = groups.get(key);
      if (group === undefined) {
        const created: Group = { key, items: [], emit, timer: timers.schedule(now() + windowMs, () => close(created)) };
        groups.set(key, created);
        group = created;
      }
      if (item.kind === 'updated') {
        const index = group.items.findIndex((old) => old.kind === 'updated' && old.incident.id === item.incident.id);
        if (index >= 0) {
          group.items[index] = item;
          return;
        }
      }
      group.items.push(item);
    },
    flush(prefix) {
      for (const group of [...groups.values()]) if (prefix === undefined || group.key.startsWith(prefix)) close(group);
    },
    get size() {
      return groups.size;
    },
    clear() {
      for (const group of groups.values()) group.timer.cancel();
      groups.clear();
    },
  };
}
