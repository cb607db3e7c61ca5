/**
 * The peer of the checks bench: the same soft/hard and flap semantics written the way Nagios
 * Core keeps them — a 21-slot state history array per service and a loop over it for the
 * percent state change on every recorded result. Written here for the comparison only.
 */
import type { CheckStatus } from '../../packages/core/src/checks/types.js';

/** One service's state, Nagios style. */
export interface NagiosState {
  status: CheckStatus | 'pending';
  hard: boolean;
  attempt: number;
  history: Array<CheckStatus>;
  index: number;
  flapping: boolean;
  percent: number;
  problemOpen: boolean;
}

/** A fresh state with a history pre-filled with OK, as Nagios does. */
export function nagiosInitial(): NagiosState {
  return {
    status: 'pending',
    hard: false,
    attempt: 0,
    history: Array.from({ length: 21 }, () => 'ok'),
    index: 0,
    flapping: false,
    percent: 0,
    problemOpen: false,
  };
}

function recordFlap(state: NagiosState, status: CheckStatus, low: number, high: number): void {
  state.history[state.index] = status;
  state.index = (state.index + 1) % 21;
  let changes = 0;
  let last = state.history[state.index];
  for (let x = 1; x < 21; x++) {
    const s = state.history[(state.index + x) % 21];
    if (s !== last) changes += ((x - 1) * (1.25 - 0.75)) / 19 + 0.75;
    last = s;
  }
  state.percent = (changes * 100) / 20;
  if (state.percent <= low) state.flapping = false;
  else if (state.percent >= high) state.flapping = true;
}

/**
 * Applies one result in place; returns 1 for an incident opened, -1 resolved, 0 otherwise.
 *
 * @param state - mutated
 * @param status - the raw status
 * @param attempts - max check attempts
 * @returns the incident effect
 */
export function nagiosStep(state: NagiosState, status: CheckStatus, attempts: number): number {
  const wasProblem = state.status !== 'ok' && state.status !== 'pending';
  if (status === 'ok') {
    state.status = 'ok';
    state.hard = true;
    state.attempt = 1;
    recordFlap(state, status, 20, 30);
    if (state.problemOpen && !state.flapping) {
      state.problemOpen = false;
      return -1;
    }
    return 0;
  }
  if (!(wasProblem && state.hard)) {
    state.attempt = wasProblem ? state.attempt + 1 : 1;
    state.hard = state.attempt >= attempts;
  }
  state.status = status;
  if (!state.hard) return 0;
  recordFlap(state, status, 20, 30);
  if (!state.problemOpen) {
    state.problemOpen = true;
    return 1;
  }
  return 0;
}
