import type { Notification } from '@warden/core';

/** The fields of an incident the notifiers read (core's `Incident`, read defensively). */
export interface IncidentView {
  /** Incident id (stable across its updates). */
  id: string;
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** `critical`, `warning` or `unknown`. */
  severity: string;
  /** Current summary line. */
  summary: string;
  /** `open` or `resolved`. */
  state: string;
  /** When it opened (ms since the epoch). */
  openedAt: number | undefined;
  /** Who acknowledged it, if anyone. */
  acknowledgedBy: string | undefined;
  /** The acknowledgement note. */
  note: string | undefined;
}

const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value !== '' ? value : fallback);

/**
 * Reads the incident of a notification.
 *
 * @param notification - what core asked to deliver
 * @returns the fields notifiers use, with safe fallbacks
 */
export function incidentView(notification: Notification): IncidentView {
  const i = ((notification.incident as unknown) ?? {}) as Record<string, unknown>;
  const ack = (i.acknowledgement ?? {}) as Record<string, unknown>;
  return {
    id: text(i.id, notification.dedupKey),
    check: text(i.check, '?'),
    asset: text(i.asset, '?'),
    severity: text(i.severity, 'unknown'),
    summary: text(i.summary, ''),
    state: text(i.state, notification.kind === 'resolved' ? 'resolved' : 'open'),
    openedAt: typeof i.openedAt === 'number' ? i.openedAt : undefined,
    acknowledgedBy: typeof ack.by === 'string' ? ack.by : undefined,
    note: typeof ack.note === 'string' ? ack.note : undefined,
  };
}

/**
 * One line for people: `[RESOLVED] disk on web-1: …`.
 *
 * @param notification - the notification
 * @param incident - its incident
 * @returns the line
 */
export function headline(notification: Notification, incident: IncidentView): string {
  const tag = notification.kind === 'opened' || notification.kind === 'updated' ? incident.severity : notification.kind;
  return `[${tag.toUpperCase()}] ${incident.check} on ${incident.asset}${incident.summary ? `: ${incident.summary}` : ''}`;
}

/**
 * The events a notification carries: its `group` when core grouped several for one asset,
 * else the notification itself.
 *
 * @param notification - what core asked to deliver
 * @returns one entry per incident event
 */
export function itemsOf(notification: Notification): Notification[] {
  const group = (notification as { group?: readonly Notification[] | undefined }).group;
  return group && group.length > 0 ? [...group] : [notification];
}
