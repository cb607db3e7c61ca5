import { flapPercent, isFlappingWord, recordFlapWord } from './flapping.js';
import type { StateSettings } from './state-settings.js';
import type {
  CheckMachineState,
  FlapDecision,
  IncidentAction,
  IncidentReason,
  MutableCheckMachineState,
  StateChange,
  StateContext,
  StateInput,
  StateTransition,
  StateType,
  SuppressReason,
} from './state-types.js';

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

/**
 * A fresh mutable state for {@link applyCheckResult}.
 *
 * @returns a copy of {@link INITIAL_CHECK_STATE}
 */
export function createCheckState(): MutableCheckMachineState {
  return { ...INITIAL_CHECK_STATE };
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
  return step(state, input, settings, ctx, undefined);
}

/**
 * {@link nextCheckState}, updating `state` in place instead of returning a new object: the same
 * decisions, for the engine's hot cache, where replacing 100k long-lived objects per round
 * would keep the garbage collector busy. `transition.state` is `state`.
 *
 * @param state - the pair's state, mutated (start from {@link createCheckState})
 * @param input - the raw status (and failing series)
 * @param settings - from `resolveStateSettings`
 * @param ctx - now, reachability, maintenance
 * @returns the transition
 */
export function applyCheckResult(
  state: MutableCheckMachineState,
  input: StateInput,
  settings: StateSettings,
  ctx: StateContext,
): StateTransition {
  return step(state, input, settings, ctx, state);
}

function step(
  state: CheckMachineState,
  input: StateInput,
  settings: StateSettings,
  ctx: StateContext,
  into: MutableCheckMachineState | undefined,
): StateTransition {
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
  // A steady state (OK after OK, a hard problem that stays) keeps its object: replacing 100k
  // long-lived objects per round would promote each to the old generation and churn the GC.
  if (
    !statusChanged &&
    stateType === previousType &&
    attempt === state.attempt &&
    flapWord === state.flapWord &&
    problemSince === state.problemSince &&
    incidentOpen === state.incidentOpen &&
    failingKey === state.failingKey
  ) {
    return { state, change, retry: stateType === 'soft', flap, incident };
  }
  const lastChangeAt = statusChanged ? now : state.lastChangeAt;
  if (into !== undefined) {
    into.status = status;
    into.stateType = stateType;
    into.attempt = attempt;
    into.flapWord = flapWord;
    into.problemSince = problemSince;
    into.lastChangeAt = lastChangeAt;
    into.incidentOpen = incidentOpen;
    into.failingKey = failingKey;
    return { state: into, change, retry: stateType === 'soft', flap, incident };
  }
  const next: CheckMachineState = { status, stateType, attempt, flapWord, problemSince, lastChangeAt, incidentOpen, failingKey };
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
