import type { Clock } from '../internal/clock.js';
import type { Duration } from '../internal/duration.js';
import type { Logger } from '../internal/logger.js';

/**
 * When a job runs: on a fixed interval (phase-spread, aligned to the epoch) or on a cron pattern.
 * `every` accepts milliseconds or a duration string (`'30s'`).
 */
export type Schedule = IntervalSchedule | CronSchedule;

/** Every fixed interval, on a stable phase aligned to the epoch. */
export interface IntervalSchedule {
  /** The interval (ms or `'30s'`). */
  every: Duration;
}

/** At each occurrence of a cron pattern. */
export interface CronSchedule {
  /** 5- or 6-field cron pattern. */
  cron: string;
  /** IANA time zone of the pattern. @defaultValue the process's zone */
  timezone?: string;
}

/** A unit of scheduled work: one (spec, asset) pair of a collector or a check. */
export interface Job {
  /** Unique key; it also seeds the job's phase, so keep it stable (`check:disk/web-1`). */
  key: string;
  /** When the job runs. */
  schedule: Schedule;
  /** Run once as soon as the scheduler runs (or when added to a running one), then on the phase. */
  immediate?: boolean;
  /** Per-run timeout in ms; the scheduler's `defaultTimeout` when absent. */
  timeoutMs?: number;
  /** The plugin the work belongs to (`snmp`, `core`): the per-plugin limit applies to it. */
  plugin: string;
  /** The asset the work targets, if any: the per-asset limit applies to it. */
  assetId?: string;
  /** The work. Honour `signal`: it is aborted on timeout, removal and stop. */
  run: (signal: AbortSignal) => Promise<unknown> | unknown;
}

/** Concurrency limits. Waiting runs queue first-in, first-out at the gate that holds them. */
export interface ConcurrencyLimits {
  /**
   * Runs in flight at once, all jobs together.
   * @defaultValue 64
   */
  global?: number;
  /**
   * Runs in flight at once against one asset (so a slow device is not hammered).
   * @defaultValue 4
   */
  perAsset?: number;
  /**
   * Runs in flight at once for one plugin.
   * @defaultValue 32
   */
  perPlugin?: number;
}

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** Where time comes from (`systemClock`, or the test kit's manual clock). */
  clock: Clock;
  /** Where runs execute; in process by default. */
  executor?: Executor;
  /** Concurrency limits. */
  concurrency?: ConcurrencyLimits;
  /**
   * Timeout of a run whose job sets no `timeoutMs`.
   * @defaultValue `'30s'`
   */
  defaultTimeout?: Duration;
  /**
   * How long a timed-out (aborted) run may keep its slot before it is abandoned.
   * @defaultValue `'5s'`
   */
  abandonAfter?: Duration;
  /**
   * Longest stretch of dispatching, in ms, before yielding to the event loop.
   * @defaultValue 5
   */
  sliceMs?: number;
  /**
   * Most due entries handled before yielding to the event loop, whatever the time.
   * @defaultValue 1000
   */
  sliceSize?: number;
  /** Receives every {@link SchedulerEvent}; a listener that throws is logged and ignored. */
  onEvent?: (event: SchedulerEvent) => void;
  /** Where the scheduler logs; silent by default. */
  logger?: Logger;
}

/** Identity of a job, carried by every event. */
export interface JobIdentity {
  /** The job key. */
  key: string;
  /** The job's plugin. */
  plugin: string;
  /** The job's asset, if any. */
  assetId: string | undefined;
}

/** How a run ended. */
export type RunStatus = 'ok' | 'error' | 'timeout' | 'abandoned' | 'cancelled';

/** A run finished (settled), successfully or not. Not emitted for abandoned runs. */
export interface RunCompletedEvent extends JobIdentity {
  /** Discriminator. */
  type: 'run:completed';
  /** Whether the run resolved in time. */
  ok: boolean;
  /** `ok`, `error`, or `timeout` (settled after its signal was aborted for timing out). */
  status: 'ok' | 'error' | 'timeout';
  /** The error, always an `Error` (non-Error throws are wrapped); `ERR_TIMEOUT` for timeouts. */
  error?: Error;
  /** Start to settlement, ms. */
  durationMs: number;
  /** Start minus due time, ms: how late the run started (queueing included). */
  lagMs: number;
}

/** A tick found the job's previous run still queued or running, and was skipped. */
export interface OverrunEvent extends JobIdentity {
  /** Discriminator. */
  type: 'overrun';
  /** The skipped tick's due time. */
  dueAt: number;
  /** Where the previous run was. */
  state: 'queued' | 'running';
}

/** A run exceeded its timeout; its signal has been aborted. */
export interface TimeoutEvent extends JobIdentity {
  /** Discriminator. */
  type: 'timeout';
  /** The timeout that was exceeded, ms. */
  timeoutMs: number;
}

/** A run that was aborted did not settle in time: its slot was released and its result will be ignored. */
export interface AbandonedEvent extends JobIdentity {
  /** Discriminator. */
  type: 'abandoned';
  /** Why the run was aborted in the first place. */
  reason: 'timeout' | 'removed' | 'stopped';
  /** How long the run had been running, ms. */
  runningMs: number;
}

/** The scheduler fell behind (event loop blocked, clock jumped) and skipped slots of a job. */
export interface MissedEvent extends JobIdentity {
  /** Discriminator. */
  type: 'missed';
  /** Slots skipped. */
  count: number;
}

/** Everything the scheduler reports through `onEvent`. */
export type SchedulerEvent = RunCompletedEvent | OverrunEvent | TimeoutEvent | AbandonedEvent | MissedEvent;

/** The outcome of {@link Scheduler.runNow}. */
export interface RunOutcome extends JobIdentity {
  /** How the run ended (`cancelled`: it was still queued when the job was removed or the scheduler stopped). */
  status: RunStatus;
  /** Whether `status` is `ok`. */
  ok: boolean;
  /** What the job returned, when ok. */
  value?: unknown;
  /** Why it failed, when not ok. */
  error?: Error;
  /** Start to settlement (or abandonment), ms; 0 if it never started. */
  durationMs: number;
  /** Start minus request time, ms (time spent queued at the limits). */
  lagMs: number;
}

/** What an {@link Executor} is asked to run. */
export interface JobRun {
  /** The job key. */
  readonly key: string;
  /** The job's plugin. */
  readonly plugin: string;
  /** The job's asset, if any. */
  readonly assetId: string | undefined;
  /** When the run was due (ms since the epoch). */
  readonly dueAt: number;
  /** Aborted on timeout, job removal and stop. */
  readonly signal: AbortSignal;
  /** The job's body. */
  readonly run: (signal: AbortSignal) => Promise<unknown> | unknown;
}

/**
 * Runs jobs somewhere. The scheduler decides *when* and enforces limits and timeouts; the
 * executor decides *where*. The default runs in process; a distributed one enqueues to a job
 * queue and resolves when a worker reports back (see docs/concepts/scheduler.md).
 */
export interface Executor {
  /**
   * Runs one job; settles when it is done. May throw or reject: the scheduler contains it.
   *
   * @param run - the run: identity, signal and body
   * @returns what the job produced
   */
  execute(run: JobRun): Promise<unknown>;
}

/** A summary of recent samples, ms. */
export interface SampleSummary {
  /** Median. */
  p50: number;
  /** 99th percentile. */
  p99: number;
  /** Largest. */
  max: number;
  /** Number of samples summarised (the most recent ones). */
  count: number;
}

/** Counters since the scheduler was created. */
export interface SchedulerCounters {
  /** Runs started. */
  runs: number;
  /** Runs that settled ok. */
  ok: number;
  /** Runs that settled with an error or after a timeout. */
  failed: number;
  /** Ticks skipped because the previous run was still queued or running. */
  overruns: number;
  /** Runs that exceeded their timeout. */
  timeouts: number;
  /** Runs abandoned (aborted and still not settled after the grace period). */
  abandoned: number;
  /** Slots skipped because the scheduler fell behind. */
  missed: number;
  /** Times dispatching yielded to the event loop in the middle of due work. */
  yields: number;
}

/** A snapshot from {@link Scheduler.stats}. */
export interface SchedulerStats {
  /** Lifecycle state. */
  state: SchedulerState;
  /** Jobs registered. */
  jobs: number;
  /** Runs holding a slot (running, or timed out within the grace period). */
  running: number;
  /** Runs waiting at a concurrency limit. */
  queued: number;
  /** Start minus due time over recent runs. */
  lag: SampleSummary;
  /** Run durations over recent runs. */
  duration: SampleSummary;
  /** Counters. */
  counters: SchedulerCounters;
  /** Event-loop delay (perf_hooks) since start or the last reset; absent before `start()`. */
  eventLoopDelay: SampleSummary | undefined;
}

/** `idle` (created), `running` (started), `stopping` (draining), `stopped` (final). */
export type SchedulerState = 'idle' | 'running' | 'stopping' | 'stopped';

/** Options of {@link Scheduler.stop}. */
export interface StopOptions {
  /**
   * How long to wait for running runs before aborting and abandoning them.
   * @defaultValue `'5s'`
   */
  timeout?: Duration;
}

/** The scheduler: a single timer over a priority queue of jobs. */
export interface Scheduler {
  /**
   * Registers a job. On a running scheduler it is scheduled at once (first run on its phase,
   * or now when `immediate`).
   *
   * @param job - the job
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid job, `ERR_DUPLICATE` for a taken key,
   * `ERR_STOPPED` after `stop()`
   */
  add(job: Job): void;
  /**
   * Unregisters a job: a queued run is cancelled; a running one has its signal aborted and is
   * abandoned if it does not settle within `abandonAfter`.
   *
   * @param key - the job key
   * @returns whether the job existed
   */
  remove(key: string): boolean;
  /**
   * Whether a job with this key is registered.
   *
   * @param key - the job key
   * @returns true when registered
   */
  has(key: string): boolean;
  /**
   * Changes a job's schedule (e.g. to `retryEvery` while a check is soft, and back). The next run
   * is the new schedule's first slot strictly after now.
   *
   * @param key - the job key
   * @param schedule - the new schedule
   * @throws WardenError `ERR_NOT_FOUND`, `ERR_CONFIG_INVALID`
   */
  reschedule(key: string, schedule: Schedule): void;
  /**
   * Runs a job once now, out of band, under the same limits and timeout. If the job is already
   * queued or running, no second run starts: the returned promise follows the one in flight.
   * Works before `start()` (for `runOnce`).
   *
   * @param key - the job key
   * @returns the outcome (never rejects for a failing job)
   * @throws WardenError `ERR_NOT_FOUND`, `ERR_STOPPED` (as a rejection)
   */
  runNow(key: string): Promise<RunOutcome>;
  /**
   * When the job is next due.
   *
   * @param key - the job key
   * @returns ms since the epoch, or undefined (not started, removed, or no further cron occurrence)
   */
  nextRunAt(key: string): number | undefined;
  /**
   * Starts ticking. Calling it again is a no-op.
   *
   * @throws WardenError `ERR_STOPPED` after `stop()`
   */
  start(): void;
  /**
   * Stops for good: no new runs, queued runs cancelled, running runs drained up to `timeout`,
   * then aborted and abandoned. Idempotent; resolves when done.
   *
   * @param options - how long to drain
   * @returns a promise that resolves when the scheduler has stopped
   */
  stop(options?: StopOptions): Promise<void>;
  /**
   * A snapshot of the numbers.
   *
   * @param options - `reset: true` clears the recent-sample windows and the event-loop histogram
   * after reading them
   * @returns the snapshot
   */
  stats(options?: { reset?: boolean }): SchedulerStats;
}
