import { flapPercent, isFlappingWord, recordFlapWord } from './flapping.js';
import type { StateSettings } from './state-settings.js';
import type { CheckStatus } from './types.js';

/**
 * The check state machine: Nagios/Icinga soft and hard states, Prometheus `for:`, volatile
 * checks, flap detection and the incident decision, as one pure function. No clock, no I/O:
 * the caller passes `now` and gets the next state and what to do about it.
 *
 * Rules (see docs/concepts/states.md for the full table):
 * - A first non-OK result after OK is attempt 1; each further non-OK result (any non-OK status)
 *   adds one. The state goes hard when `attempt ≥ attempts` and the problem has lasted `for`.
 *   Once hard, the attempt stays where it went hard ("3/3 HARD") until recovery.
 * - OK is always hard, attempt 1. Soft non-OK → OK is a soft recovery (logged as soft, no
 *   incident); hard non-OK → OK is a hard recovery (resolves the incident).
 * - `pending` (too little data) changes nothing: it is not an attempt and opens nothing.
 * - Flap history records hard results and soft recoveries only, as Nagios does.
 * - Incidents open on hard non-OK unless in maintenance or unreachable; resolutions are never
 *   suppressed. While flapping the incident is frozen (marked flapping, notifications paused,
 *   no resolve); when flapping stops the incident is reconciled with the current state.
 */

/** A status, or `pending` before there is enough data. */
export type StateStatus = CheckStatus | 'pending';

/** Soft while attempts are retried, hard once confirmed. */
export type StateType = 'soft' | 'hard';

/** What the state machine keeps per (check, asset). Treat as immutable; each step returns a new one. */
export interface CheckMachineState {
  /** Current status; `pending` until the first usable result. */
  readonly status: StateStatus;
  /** Soft or hard. */
  readonly stateType: StateType;
  /** Nagios current attempt: consecutive non-OK results of this problem (frozen once hard); 1 when OK, 0 while pending. */
  readonly attempt: number;
  /** Packed flap-detection word (see `recordFlapWord`); 0 for a fresh history. */
  readonly flapWord: number;
  /** When the current non-OK episode began (for `for:`); undefined while OK. */
  readonly problemSince: number | undefined;
  /** When the status last changed. */
  readonly lastChangeAt: number | undefined;
  /** Whether an incident is open for the pair (the machine opened it and has not resolved it). */
  readonly incidentOpen: boolean;
  /** The failing series of the current problem (sorted, newline-joined), to tell a change of set. */
  readonly failingKey: string | undefined;
}

/** The state of a pair that has produced no result yet. */
export const INITIAL_CHECK_STATE: CheckMachineState = Object.freeze({
  status: 'pending',
  stateType: 'soft',
  attempt: 0,
  flapWord: 0,
  problemSince: undefined,
  lastChangeAt: undefined,
  incidentOpen: false,
  failingKey: undefined,
});

/** One raw result, as the machine needs it. */
export interface StateInput {
  /** The raw status; `pending` for "too little data". */
  readonly status: StateStatus;
  /** For metric checks over several series: which series fail (an incident updates when the set changes). */
  readonly series?: readonly string[] | undefined;
}

/** What the machine needs to know about the moment. */
export interface StateContext {
  /** Now, in ms since the epoch. */
  readonly now: number;
  /** False while a parent (or the asset itself, for non-liveness checks) is down. @defaultValue true */
  readonly reachable?: boolean | undefined;
  /** True inside a maintenance window covering the pair. @defaultValue false */
  readonly inMaintenance?: boolean | undefined;
}

/** A change of status or state type: a `check:state` event and a history record. */
export interface StateChange {
  /** New status. */
  readonly status: StateStatus;
  /** Previous status. */
  readonly previous: StateStatus;
  /** Type of this change as Nagios logs it (`soft` for a soft recovery, though the state after is hard OK). */
  readonly stateType: StateType;
  /** Previous state type. */
  readonly previousStateType: StateType;
  /** `soft` or `hard` when this is a recovery (non-OK → OK). */
  readonly recovery: StateType | undefined;
}

/** Flapping started (`flapping: true`) or stopped on this result. */
export interface FlapDecision {
  /** Whether the pair is flapping now. */
  readonly flapping: boolean;
  /** Weighted percent state change that decided it. */
  readonly percent: number;
}

/** Why an incident action was held back or not notified. */
export type SuppressReason = 'maintenance' | 'unreachable' | 'flapping';

/** Why an incident is opened, updated or resolved. */
export type IncidentReason = 'problem' | 'severity' | 'series' | 'volatile' | 'recovered' | 'flapping-stopped' | 'reconciled';

/** What to do with the pair's incident. */
export interface IncidentAction {
  /** `open` a new one, `update` the open one, `resolve` it, or do nothing. */
  readonly kind: 'open' | 'update' | 'resolve' | 'none';
  /** Whether people should hear about it (false in maintenance, unreachable or flapping; always true for resolve). */
  readonly notify: boolean;
  /** Whether the pair is flapping now (an incident opened now is opened marked flapping). */
  readonly flapping: boolean;
  /**
   * Why an open was held back or a notification paused; on `none`, also set in maintenance or
   * unreachable, so a flapping notice raised with it is not sent either. Never set on `resolve`.
   */
  readonly suppressed: SuppressReason | undefined;
  /** Why the action is taken. */
  readonly reason: IncidentReason | undefined;
}

/** What one result did. */
export interface StateTransition {
  /** The next state (the same object when nothing changed, e.g. for `pending`). */
  readonly state: CheckMachineState;
  /** Set when the status or the state type changed. */
  readonly change: StateChange | undefined;
  /** Run next after `retryEvery` (soft non-OK) instead of the normal interval. */
  readonly retry: boolean;
  /** Set when flapping started or stopped. */
  readonly flap: FlapDecision | undefined;
  /** What to do with the incident. */
  readonly incident: IncidentAction;
}

const NONE: IncidentAction = Object.freeze({ kind: 'none', notify: false, flapping: false, suppressed: undefined, reason: undefined });
const NONE_FLAPPING: IncidentAction = Object.freeze({ ...NONE, flapping: true });

function none(flapping: boolean, suppressed?: SuppressReason): IncidentAction {
  if (suppressed === undefined) return flapping ? NONE_FLAPPING : NONE;
  return { kind: 'none', notify: false, flapping, suppressed, reason: undefined };
}

function act(kind: 'open' | 'update' | 'resolve', reason: IncidentReason, flapping: boolean, suppressed?: SuppressReason): IncidentAction {
  return { kind, notify: suppressed === undefined, flapping, suppressed, reason };
}

function outsideReason(ctx: StateContext): SuppressReason | undefined {
  if (ctx.inMaintenance === true) return 'maintenance';
  if (ctx.reachable === false) return 'unreachable';
  return undefined;
}

function seriesKey(series: readonly string[]): string {
  return series.length <= 1 ? (series[0] ?? '') : [...series].sort().join('\n');
}

/**
 * Whether a state is a soft problem (non-OK, attempts still being retried).
 *
 * @param state - a state
 * @returns true while soft non-OK
 */
export function isSoftProblem(state: Pick<CheckMachineState, 'status' | 'stateType'>): boolean {
  return state.stateType === 'soft' && state.status !== 'ok' && state.status !== 'pending';
}

/**
 * Whether a state is a hard problem (confirmed non-OK).
 *
 * @param state - a state
 * @returns true while hard non-OK
 */
export function isHardProblem(state: Pick<CheckMachineState, 'status' | 'stateType'>): boolean {
  return state.stateType === 'hard' && state.status !== 'ok' && state.status !== 'pending';
}

/**
 * Applies one raw result: the next state, whether the status changed, whether to retry, flap
 * start/stop, and the incident action. Pure: call it again with other context (say after
 * re-running liveness checks) and nothing was committed.
 *
 * @param state - the current state ({@link INITIAL_CHECK_STATE} for a new pair)
 * @param input - the raw status (and failing series, for metric checks)
 * @param settings - from `resolveStateSettings`
 * @param ctx - now, reachability, maintenance
 * @returns the transition
 * @example
 * ```ts
 * const settings = resolveStateSettings({ attempts: 3 });
 * let t = nextCheckState(INITIAL_CHECK_STATE, { status: 'critical' }, settings, { now });
 * t.state.stateType; // 'soft'; t.retry: true; t.incident.kind: 'none'
 * ```
 */
export function nextCheckState(state: CheckMachineState, input: StateInput, settings: StateSettings, ctx: StateContext): StateTransition {
  const status = input.status;
  const wasFlapping = settings.flap !== undefined && isFlappingWord(state.flapWord);
  if (status === 'pending') {
    return { state, change: undefined, retry: isSoftProblem(state), flap: undefined, incident: none(wasFlapping) };
  }
  const now = ctx.now;
  const previous = state.status;
  const previousType = state.stateType;
  const wasProblem = previous !== 'ok' && previous !== 'pending';
  const ok = status === 'ok';

  let stateType: StateType;
  let attempt: number;
  let problemSince: number | undefined;
  let recovery: StateType | undefined;
  if (ok) {
    stateType = 'hard';
    attempt = 1;
    problemSince = undefined;
    if (wasProblem) recovery = previousType;
  } else if (wasProblem && previousType === 'hard') {
    stateType = 'hard';
    attempt = state.attempt;
    problemSince = state.problemSince ?? now;
  } else {
    attempt = wasProblem ? state.attempt + 1 : 1;
    problemSince = wasProblem ? (state.problemSince ?? now) : now;
    stateType = attempt >= settings.attempts && now - problemSince >= settings.forMs ? 'hard' : 'soft';
  }

  // Nagios records hard results and soft recoveries; OK is always hard here, so that is "hard".
  let flapWord = state.flapWord;
  let flap: FlapDecision | undefined;
  if (settings.flap !== undefined && stateType === 'hard') {
    flapWord = recordFlapWord(flapWord, status, settings.flap);
    const flappingNow = isFlappingWord(flapWord);
    if (flappingNow !== wasFlapping) flap = { flapping: flappingNow, percent: flapPercent(flapWord) };
  }
  const flapping = settings.flap !== undefined && isFlappingWord(flapWord);
  const flapStopped = flap !== undefined && !flap.flapping;

  const statusChanged = status !== previous;
  const change: StateChange | undefined =
    statusChanged || stateType !== previousType
      ? { status, previous, stateType: recovery === 'soft' ? 'soft' : stateType, previousStateType: previousType, recovery }
      : undefined;

  let failingKey: string | undefined;
  let seriesChanged = false;
  if (!ok) {
    failingKey = input.series === undefined ? state.failingKey : seriesKey(input.series);
    seriesChanged = input.series !== undefined && state.failingKey !== undefined && failingKey !== state.failingKey;
  }

  // `suppressed` on a `none` says why people would not hear of it now (a flapping notice, say).
  const outside = outsideReason(ctx);
  let incident: IncidentAction;
  if (ok) {
    if (!state.incidentOpen) incident = none(flapping, outside);
    else if (flapping) incident = none(true, 'flapping');
    else incident = act('resolve', flapStopped ? 'flapping-stopped' : 'recovered', false);
  } else if (stateType === 'hard') {
    if (!state.incidentOpen) {
      incident = outside ? none(flapping, outside) : act('open', 'problem', flapping, flapping ? 'flapping' : undefined);
    } else {
      // Back to hard after the incident stayed open through a flapping OK counts as a severity change.
      const reason: IncidentReason | undefined =
        statusChanged || !wasProblem || previousType !== 'hard'
          ? 'severity'
          : seriesChanged
            ? 'series'
            : flapStopped
              ? 'flapping-stopped'
              : settings.volatile
                ? 'volatile'
                : undefined;
      incident =
        reason === undefined ? none(flapping, outside) : act('update', reason, flapping, outside ?? (flapping ? 'flapping' : undefined));
    }
  } else {
    incident = none(flapping, outside);
  }

  const incidentOpen = incident.kind === 'open' ? true : incident.kind === 'resolve' ? false : state.incidentOpen;
  const next: CheckMachineState = {
    status,
    stateType,
    attempt,
    flapWord,
    problemSince,
    lastChangeAt: statusChanged ? now : state.lastChangeAt,
    incidentOpen,
    failingKey,
  };
  return { state: next, change, retry: stateType === 'soft', flap, incident };
}

/**
 * Re-decides the incident without a new result: call it when a maintenance window ends or the
 * pair becomes reachable again. A hard problem with no incident opens one (unless still
 * suppressed); a hard problem with an open incident re-notifies it; an OK state with an open
 * incident resolves it (unless flapping).
 *
 * @param state - the current state
 * @param settings - from `resolveStateSettings`
 * @param ctx - now, reachability, maintenance (as they are now)
 * @returns the state (with `incidentOpen` updated) and the incident action
 */
export function reconcileCheckState(
  state: CheckMachineState,
  settings: StateSettings,
  ctx: StateContext,
): { state: CheckMachineState; incident: IncidentAction } {
  const flapping = settings.flap !== undefined && isFlappingWord(state.flapWord);
  let incident: IncidentAction;
  if (isHardProblem(state)) {
    const outside = outsideReason(ctx);
    if (outside) incident = none(flapping, outside);
    else if (!state.incidentOpen) incident = act('open', 'problem', flapping, flapping ? 'flapping' : undefined);
    else incident = flapping ? none(true, 'flapping') : act('update', 'reconciled', false);
  } else if (state.incidentOpen && (state.status === 'ok' || state.status === 'pending')) {
    incident = flapping ? none(true, 'flapping') : act('resolve', 'reconciled', false);
  } else {
    incident = none(flapping);
  }
  if (incident.kind === 'none') return { state, incident };
  return {
    state: { ...state, incidentOpen: incident.kind === 'open' ? true : incident.kind !== 'resolve' && state.incidentOpen },
    incident,
  };
}
