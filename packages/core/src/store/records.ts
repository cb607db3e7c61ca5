import type { CheckMachineState, MutableCheckMachineState, StateChange, StateContext } from '../checks/state-types.js';
import type { CheckResult } from '../checks/types.js';
import type { CheckStateRecord, StateChangeRecord } from './types.js';

/**
 * The history record of a state change, as the store keeps it.
 *
 * @param check - check id
 * @param asset - asset id
 * @param change - the transition's `change`
 * @param ctx - the context the transition was computed in (time, reachability, maintenance)
 * @returns the record to append
 */
export function stateChangeRecordOf(check: string, asset: string, change: StateChange, ctx: StateContext): StateChangeRecord {
  return {
    check,
    asset,
    at: ctx.now,
    status: change.status,
    previous: change.previous,
    stateType: change.stateType,
    ...(ctx.reachable === false ? { unreachable: true } : {}),
    ...(ctx.inMaintenance === true ? { inMaintenance: true } : {}),
  };
}

/**
 * The persisted form of a pair's state.
 *
 * @param check - check id
 * @param asset - asset id
 * @param state - the machine state
 * @param last - the last result and when it ran
 * @returns the record to save
 */
export function checkStateRecordOf(
  check: string,
  asset: string,
  state: CheckMachineState,
  last: { result?: CheckResult | undefined; lastCheckAt?: number | undefined } = {},
): CheckStateRecord {
  return {
    check,
    asset,
    status: state.status,
    stateType: state.stateType,
    attempt: state.attempt,
    flapWord: state.flapWord,
    incidentOpen: state.incidentOpen,
    ...(last.result === undefined ? {} : { result: last.result }),
    ...(last.lastCheckAt === undefined ? {} : { lastCheckAt: last.lastCheckAt }),
    ...(state.lastChangeAt === undefined ? {} : { lastChangeAt: state.lastChangeAt }),
    ...(state.problemSince === undefined ? {} : { problemSince: state.problemSince }),
    ...(state.failingKey === undefined ? {} : { failingKey: state.failingKey }),
  };
}

/**
 * Rebuilds a machine state from a stored record (at start). Fields a store did not keep take
 * their fresh values: an empty flap history, no incident open, no `for:` wait under way.
 *
 * @param record - a loaded record
 * @returns a mutable state for `applyCheckResult`
 */
export function machineStateOf(record: CheckStateRecord): MutableCheckMachineState {
  return {
    status: record.status,
    stateType: record.stateType,
    attempt: record.attempt,
    flapWord: (record.flapWord ?? 0) >>> 0,
    problemSince: record.problemSince ?? (record.status === 'ok' || record.status === 'pending' ? undefined : record.lastChangeAt),
    lastChangeAt: record.lastChangeAt,
    incidentOpen: record.incidentOpen === true,
    failingKey: record.failingKey,
  };
}
