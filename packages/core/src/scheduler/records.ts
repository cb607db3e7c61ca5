import { WardenError } from '../errors/warden-error.js';
import { formatDuration } from '../internal/duration.js';
import type { GateWaiter, JobGates } from './gates.js';
import type { HeapEntry } from './heap.js';
import { phaseOffset } from './phase.js';
import type { Job, JobIdentity, RunOutcome, RunStatus } from './types.js';
import type { NormalizedJob, NormalizedSchedule } from './validate.js';

/** A registered job. It is its own heap entry (`at` = next due time), so ticking allocates nothing. */
export interface JobRecord extends HeapEntry, JobIdentity, JobGates {
  /** Discriminates heap entries. */
  readonly kind: 'job';
  /** The body. */
  readonly run: Job['run'];
  /** Per-run timeout, ms. */
  readonly timeoutMs: number;
  /** Runs once at start (or when added to a running scheduler). */
  readonly immediate: boolean;
  /** Current schedule (changed by `reschedule`). */
  schedule: NormalizedSchedule;
  /** Phase within the interval, ms (interval schedules only). */
  offset: number;
  /** The run queued or running (holding a slot and not abandoned), if any. */
  active: RunRecord | undefined;
}

/** Where a run is in its life. */
export type RunPhase = 'queued' | 'running' | 'aborting' | 'done';

/** Why a run's signal was aborted. */
export type AbortReason = 'timeout' | 'removed' | 'stopped';

/**
 * One run of a job. It is a gate waiter while queued and a heap entry while in flight
 * (`at` = its deadline, then the end of its grace period once aborted).
 */
export interface RunRecord extends HeapEntry, GateWaiter {
  /** Discriminates heap entries. */
  readonly kind: 'run';
  /** The job it runs. */
  readonly job: JobRecord;
  /** When it was due (tick time, or request time for `runNow`). */
  readonly dueAt: number;
  /** Where it is in its life. */
  phase: RunPhase;
  /** Why its signal was aborted, if it was. */
  abortReason: AbortReason | undefined;
  /** When it started (clock ms). */
  startedAt: number;
  /** Its controller, once started. */
  controller: AbortController | undefined;
  /** `runNow` callers waiting for its outcome. */
  waiters: ((outcome: RunOutcome) => void)[] | undefined;
}

/**
 * Creates the record of a newly added job.
 *
 * @param job - the validated job
 * @param defaultTimeoutMs - timeout when the job sets none
 * @param gates - the job's asset and plugin gates
 * @returns the record, not yet scheduled
 */
export function newJobRecord(job: NormalizedJob, defaultTimeoutMs: number, gates: JobGates): JobRecord {
  return {
    kind: 'job',
    assetGate: gates.assetGate,
    pluginGate: gates.pluginGate,
    key: job.key,
    plugin: job.plugin,
    assetId: job.assetId,
    run: job.run,
    timeoutMs: job.timeoutMs ?? defaultTimeoutMs,
    immediate: job.immediate,
    schedule: job.schedule,
    offset: offsetOf(job.key, job.schedule),
    active: undefined,
    at: 0,
    seq: 0,
    heapIndex: -1,
  };
}

/**
 * The phase offset of a schedule (0 for cron, which runs at its exact times).
 *
 * @param key - the job key
 * @param schedule - its schedule
 * @returns the offset, ms
 */
export function offsetOf(key: string, schedule: NormalizedSchedule): number {
  return schedule.kind === 'every' ? phaseOffset(key, schedule.every) : 0;
}

/**
 * Creates a queued run of a job.
 *
 * @param job - the job
 * @param dueAt - when it was due
 * @returns the run
 */
export function newRunRecord(job: JobRecord, dueAt: number): RunRecord {
  return {
    kind: 'run',
    job,
    dueAt,
    assetGate: job.assetGate,
    pluginGate: job.pluginGate,
    stage: 0,
    waiting: false,
    cancelled: false,
    phase: 'queued',
    abortReason: undefined,
    startedAt: 0,
    controller: undefined,
    waiters: undefined,
    at: 0,
    seq: 0,
    heapIndex: -1,
  };
}

/**
 * Describes a job in messages: `job "k" (plugin p, asset a)`.
 *
 * @param job - the job
 * @returns the description
 */
export function describeJob(job: JobIdentity): string {
  return `job "${job.key}" (plugin ${job.plugin}${job.assetId === undefined ? '' : `, asset ${job.assetId}`})`;
}

/**
 * The error a run's signal is aborted with, and that its outcome carries.
 *
 * @param run - the run
 * @param reason - why it is aborted
 * @param cause - what the run rejected with after the abort, if anything
 * @returns the error
 */
export function abortError(run: RunRecord, reason: AbortReason, cause?: unknown): WardenError {
  const job = run.job;
  if (reason === 'timeout')
    return new WardenError(
      'ERR_TIMEOUT',
      `${describeJob(job)} did not finish within ${formatDuration(job.timeoutMs)}; its signal was aborted. Make the work honour the signal, or raise timeoutMs`,
      { cause },
    );
  if (reason === 'removed') return new WardenError('ERR_ABORTED', `${describeJob(job)} was removed while running; its signal was aborted`);
  return new WardenError('ERR_STOPPED', `${describeJob(job)} was still running when the scheduler stopped; its signal was aborted`);
}

/**
 * Makes sure a failure is an `Error` (a body may throw a string, `undefined`, anything).
 *
 * @param value - what was thrown
 * @param job - the job that threw it
 * @returns `value` if it is an Error, else a `WardenError` `ERR_PLUGIN` with it as `cause`
 */
export function toError(value: unknown, job: JobIdentity): Error {
  if (value instanceof Error) return value;
  let shown: string;
  try {
    shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  return new WardenError('ERR_PLUGIN', `${describeJob(job)} threw a non-Error value (${shown}); throw an Error instead`, { cause: value });
}

/**
 * Builds a `runNow` outcome.
 *
 * @param run - the run
 * @param status - how it ended
 * @param durationMs - how long it ran
 * @param detail - the value (ok) or the error
 * @returns the outcome
 */
export function outcomeOf(run: RunRecord, status: RunStatus, durationMs: number, detail: unknown): RunOutcome {
  const job = run.job;
  const base = {
    key: job.key,
    plugin: job.plugin,
    assetId: job.assetId,
    status,
    ok: status === 'ok',
    durationMs,
    lagMs: run.controller === undefined ? 0 : run.startedAt - run.dueAt,
  };
  return status === 'ok' ? { ...base, value: detail } : { ...base, error: detail as Error };
}
