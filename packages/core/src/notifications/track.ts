import type { Incident } from '../incidents/types.js';
import type { TimerHandle } from '../internal/clock.js';
import type { NormalizedRoute } from './validate.js';

/** Where a route sends: its own notifier (index 0) or escalation step `index`. */
export interface Target {
  index: number;
  notifier: string;
  params: unknown;
}

/** What a route knows about one open incident. */
export interface Track {
  incident: Incident;
  /** The route's own notifier got (or has queued) something: its resolution is owed. */
  notified: boolean;
  /** Escalation steps (from 1) that were sent. */
  escalated: Set<number>;
  updates: number;
  flaps: number;
  reminders: number;
  /** A flapping notice was sent in the current flapping episode. */
  flapNoticed: boolean;
  reminder: TimerHandle | undefined;
  escalations: Map<number, TimerHandle>;
}

/** A route, its targets and the incidents it tracks. */
export interface RouteState {
  route: NormalizedRoute;
  main: Target;
  steps: Target[];
  tracks: Map<string, Track>;
  removed: boolean;
}

/**
 * A fresh track: nothing sent yet.
 *
 * @param incident - the incident as last seen
 * @returns the track
 */
export function newTrack(incident: Incident): Track {
  return {
    incident,
    notified: false,
    escalated: new Set(),
    updates: 0,
    flaps: 0,
    reminders: 0,
    flapNoticed: false,
    reminder: undefined,
    escalations: new Map(),
  };
}
