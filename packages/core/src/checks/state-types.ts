import type { CheckStatus } from './types.js';

/**
 * The types of the check state machine (`nextCheckState`, `applyCheckResult`): the state kept
 * per (check, asset), what a result and its moment bring, and the decisions that come out.
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

/** A state the engine updates in place with `applyCheckResult` (its hot cache). */
export type MutableCheckMachineState = { -readonly [K in keyof CheckMachineState]: CheckMachineState[K] };

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
  /** The next state: the same object when nothing changed (`pending`, a steady OK or hard problem), else a new one. */
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
