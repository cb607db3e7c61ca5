import type { CheckStatus } from '../checks/types.js';

/** A non-OK status an incident can have. */
export type IncidentSeverity = Exclude<CheckStatus, 'ok'>;

/** One entry of an incident's timeline. */
export interface IncidentTimelineEntry {
  /** When (ms since the epoch). */
  at: number;
  /** What happened. */
  kind: 'opened' | 'updated' | 'acknowledged' | 'unacknowledged' | 'flapping-started' | 'flapping-stopped' | 'notified' | 'resolved';
  /** Status at that moment. */
  status?: CheckStatus;
  /** Summary at that moment, or the acknowledgement note. */
  text?: string;
}

/** An acknowledgement: a person has seen the problem. */
export interface Acknowledgement {
  /** Who acknowledged. */
  by: string;
  /** Why, or what is being done. */
  note?: string;
  /** When. */
  at: number;
  /** When it lapses, if it does. */
  expiresAt?: number;
  /** Sticky: survives severity changes (Nagios' sticky ack); otherwise a change clears it. */
  sticky: boolean;
}

/** One problem of one (check, asset): opened on hard non-OK, resolved on hard OK. */
export interface Incident {
  /** Stable id. */
  id: string;
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** Groups recurring incidents of the same (check, asset) pair (problem management). */
  problemId: string;
  /** `open` until resolved. */
  state: 'open' | 'resolved';
  /** Current (or last) severity. */
  severity: IncidentSeverity;
  /** Current (or last) summary line. */
  summary: string;
  /** Series that are failing, for metric checks over several series (mountpoints…). */
  failingSeries?: string[];
  /** When it opened. */
  openedAt: number;
  /** When it last changed. */
  updatedAt: number;
  /** When it was resolved. */
  resolvedAt?: number;
  /** Why it was resolved: `recovered`, `check removed`, `asset removed`, … */
  resolution?: string;
  /** The current acknowledgement. */
  acknowledgement?: Acknowledgement;
  /** Whether the check is flapping (notifications paused). */
  flapping: boolean;
  /** Whether any notification was sent for it (then its resolution always is). */
  notified: boolean;
  /** Everything that happened to it. */
  timeline: IncidentTimelineEntry[];
}
