import { type ConfigIssue, configError } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import type { TimerHandle } from '../internal/clock.js';
import { parseDuration } from '../internal/duration.js';
import { silentLogger } from '../internal/logger.js';
import type { CronCalculator } from './cron.js';
import { inProcessExecutor } from './executor.js';
import { Gates, type GateWaiter } from './gates.js';
import { TimerHeap } from './heap.js';
import { nextSlot } from './phase.js';
import {
  type AbortReason,
  abortError,
  describeJob,
  type JobRecord,
  newJobRecord,
  newRunRecord,
  offsetOf,
  outcomeOf,
  type RunRecord,
  toError,
} from './records.js';
import { ControllerPool } from './signals.js';
import { LoopDelayMonitor, newCounters, SampleWindow } from './stats.js';
import type { Job, JobRun, RunOutcome, RunStatus, Schedule, Scheduler, SchedulerEvent, SchedulerOptions, SchedulerState } from './types.js';
import { checkSchedule, validateJob, validateOptions } from './validate.js';

const stoppedError = () => new WardenError('ERR_STOPPED', 'the scheduler was stopped; create a new one to run jobs again');

/**
 * Creates a scheduler: one timer over a priority queue of jobs, concurrency gates, per-run
 * timeouts and abort signals, and an executor seam. Nothing runs until `start()` (or `runNow()`).
 *
 * @param options - clock, executor, limits, timeouts, slicing, event sink, logger
 * @returns the scheduler
 * @throws WardenError `ERR_CONFIG_INVALID` for invalid options, naming each offending path
 * @example
 * ```ts
 * const scheduler = createScheduler({ clock: systemClock, onEvent: (e) => console.log(e) });
 * scheduler.add({ key: 'ping/web-1', plugin: 'core', assetId: 'web-1', schedule: { every: '30s' },
 *   run: (signal) => ping('web-1', { signal }) });
 * scheduler.start();
 * await scheduler.stop({ timeout: '5s' });
 * ```
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const o = validateOptions(options);
  const { clock, onEvent } = o;
  const executor = o.executor ?? inProcessExecutor;
  const logger = o.logger ?? silentLogger;
  const heap = new TimerHeap<JobRecord | RunRecord>();
  const jobs = new Map<string, JobRecord>();
  /** Runs holding a slot: running, or aborted and within their grace period. */
  const inflight = new Set<RunRecord>();
  const gates = new Gates({ global: o.global, perAsset: o.perAsset, perPlugin: o.perPlugin });
  const controllers = new ControllerPool();
  const counters = newCounters();
  const lag = new SampleWindow();
  const durations = new SampleWindow();
  const loopDelay = new LoopDelayMonitor();
  const crons = new Map<string, CronCalculator>();
  let state: SchedulerState = 'idle';
  let timer: TimerHandle | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let dispatching = false;
  let stopping: Promise<void> | undefined;
  let drained: (() => void) | undefined;
  const onReady = (waiter: GateWaiter): void => begin(waiter as RunRecord);

  function emit(event: SchedulerEvent): void {
    try {
      onEvent?.(event);
    } catch (err) {
      logger.error({ err, event: event.type }, 'scheduler onEvent listener threw; ignored');
    }
  }

  // --- timing -------------------------------------------------------------------------------

  function nextDue(job: JobRecord, after: number, strict: boolean): number | undefined {
    const s = job.schedule;
    return s.kind === 'every' ? nextSlot(after, s.every, job.offset, strict) : s.cron.next(after);
  }

  function plan(job: JobRecord, at: number | undefined): void {
    if (at === undefined) heap.remove(job);
    else heap.update(job, at);
  }

  /** Keeps the one timer armed for the heap's top (not while a dispatch is in progress). */
  function arm(): void {
    if (dispatching) return;
    const top = heap.peek();
    if (top === undefined) {
      timer?.cancel();
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      return;
    }
    if (timer !== undefined && timerAt <= top.at) return;
    timer?.cancel();
    timerAt = top.at;
    timer = clock.setTimer(wake, top.at - clock.now());
  }

  function wake(): void {
    timer = undefined;
    timerAt = Number.POSITIVE_INFINITY;
    if (dispatching) return;
    dispatching = true;
    slice();
  }

  /** Handles due entries until none is left or the slice is used up, then yields with setImmediate. */
  function slice(): void {
    if (state === 'stopped') {
      dispatching = false;
      return;
    }
    const now = clock.now();
    const started = performance.now();
    let handled = 0;
    for (;;) {
      const top = heap.peek();
      if (top === undefined || top.at > now) break;
      heap.pop();
      if (top.kind === 'job') tick(top, now);
      else deadline(top);
      handled++;
      if (handled >= o.sliceSize || ((handled & 31) === 0 && performance.now() - started >= o.sliceMs)) {
        const next = heap.peek();
        if (next !== undefined && next.at <= now) {
          counters.yields++;
          setImmediate(slice);
          return;
        }
      }
    }
    dispatching = false;
    arm();
  }

  function tick(job: JobRecord, now: number): void {
    const due = job.at;
    const next = nextDue(job, Math.max(due, now), true);
    if (next !== undefined) heap.update(job, next);
    if (next !== undefined && job.schedule.kind === 'every') {
      const missed = Math.floor((next - due) / job.schedule.every) - 1;
      if (missed > 0) {
        counters.missed += missed;
        if (onEvent) emit({ type: 'missed', key: job.key, plugin: job.plugin, assetId: job.assetId, count: missed });
      }
    }
    const active = job.active;
    if (active !== undefined) {
      counters.overruns++;
      const where = active.phase === 'queued' ? 'queued' : 'running';
      if (onEvent) emit({ type: 'overrun', key: job.key, plugin: job.plugin, assetId: job.assetId, dueAt: due, state: where });
      return;
    }
    enqueue(job, due);
  }

  // --- runs ---------------------------------------------------------------------------------

  function enqueue(job: JobRecord, dueAt: number): RunRecord {
    const run = newRunRecord(job, dueAt);
    job.active = run;
    if (gates.acquire(run)) begin(run);
    return run;
  }

  function begin(run: RunRecord): void {
    if (run.cancelled) return;
    const job = run.job;
    const now = clock.now();
    run.phase = 'running';
    run.startedAt = now;
    counters.runs++;
    lag.add(now - run.dueAt);
    inflight.add(run);
    const controller = controllers.take();
    run.controller = controller;
    run.at = now + job.timeoutMs;
    heap.push(run);
    arm();
    const jobRun: JobRun = {
      key: job.key,
      plugin: job.plugin,
      assetId: job.assetId,
      dueAt: run.dueAt,
      signal: controller.signal,
      run: job.run,
    };
    let result: unknown;
    try {
      result = executor.execute(jobRun);
    } catch (err) {
      result = Promise.reject(err);
    }
    Promise.resolve(result).then(
      (value) => settle(run, true, value),
      (err: unknown) => settle(run, false, err),
    );
  }

  function settle(run: RunRecord, ok: boolean, detail: unknown): void {
    const job = run.job;
    if (run.phase === 'done') {
      logger.debug({ key: job.key, ok }, 'abandoned run settled late; result ignored');
      return;
    }
    const durationMs = clock.now() - run.startedAt;
    const timedOut = run.abortReason === 'timeout';
    const status: RunStatus = timedOut ? 'timeout' : ok ? 'ok' : 'error';
    const error = timedOut ? abortError(run, 'timeout', ok ? undefined : detail) : ok ? undefined : toError(detail, job);
    finish(run);
    durations.add(durationMs);
    if (status === 'ok') counters.ok++;
    else counters.failed++;
    if (run.abortReason === undefined) controllers.give(run.controller as AbortController);
    if (onEvent) {
      const lagMs = run.startedAt - run.dueAt;
      const base = {
        type: 'run:completed' as const,
        key: job.key,
        plugin: job.plugin,
        assetId: job.assetId,
        ok: status === 'ok',
        durationMs,
        lagMs,
      };
      emit(status === 'ok' ? { ...base, status } : { ...base, status, error: error as Error });
    }
    resolveWaiters(run, status, durationMs, status === 'ok' ? detail : error);
    gates.release(run, onReady);
    checkDrained();
  }

  /** Marks a run as over and frees its job for the next tick. */
  function finish(run: RunRecord): void {
    run.phase = 'done';
    heap.remove(run);
    inflight.delete(run);
    if (run.job.active === run) run.job.active = undefined;
  }

  function resolveWaiters(run: RunRecord, status: RunStatus, durationMs: number, detail: unknown): void {
    const waiters = run.waiters;
    if (waiters === undefined) return;
    run.waiters = undefined;
    const outcome = outcomeOf(run, status, durationMs, detail);
    for (const resolve of waiters) resolve(outcome);
  }

  function deadline(run: RunRecord): void {
    if (run.phase === 'running') {
      counters.timeouts++;
      if (onEvent)
        emit({ type: 'timeout', key: run.job.key, plugin: run.job.plugin, assetId: run.job.assetId, timeoutMs: run.job.timeoutMs });
      abort(run, 'timeout');
    } else if (run.phase === 'aborting') abandon(run);
  }

  /** Aborts a running run's signal and gives it `abandonAfter` to settle. */
  function abort(run: RunRecord, reason: AbortReason): void {
    run.phase = 'aborting';
    run.abortReason = reason;
    heap.update(run, clock.now() + o.abandonAfterMs);
    arm();
    run.controller?.abort(abortError(run, reason));
  }

  function abandon(run: RunRecord): void {
    const job = run.job;
    const runningMs = clock.now() - run.startedAt;
    finish(run);
    counters.abandoned++;
    const reason = run.abortReason ?? 'stopped';
    logger.warn(
      { key: job.key, plugin: job.plugin, assetId: job.assetId, reason, runningMs },
      `${describeJob(job)} ignored its abort signal and was abandoned`,
    );
    if (onEvent) emit({ type: 'abandoned', key: job.key, plugin: job.plugin, assetId: job.assetId, reason, runningMs });
    resolveWaiters(run, 'abandoned', runningMs, abortError(run, reason));
    gates.release(run, onReady);
    checkDrained();
  }

  function cancel(run: RunRecord, error: WardenError): void {
    finish(run);
    gates.cancel(run, onReady);
    resolveWaiters(run, 'cancelled', 0, error);
  }

  // --- lifecycle ----------------------------------------------------------------------------

  function checkDrained(): void {
    if (drained !== undefined && inflight.size === 0) drained();
  }

  async function shutdown(timeoutMs: number): Promise<void> {
    state = 'stopping';
    heap.retain((entry) => entry.kind === 'run');
    const queued = [...jobs.values()].flatMap((job) => (job.active?.phase === 'queued' ? [job.active] : []));
    // Mark them all first, so a slot freed by one cancellation is never handed to another.
    for (const run of queued) run.cancelled = true;
    for (const run of queued) cancel(run, stoppedError());
    if (inflight.size > 0) {
      await new Promise<void>((resolve) => {
        const drainTimer = clock.setTimer(() => {
          for (const run of [...inflight]) {
            if (run.phase === 'running') abort(run, 'stopped');
            abandon(run);
          }
        }, timeoutMs);
        drained = () => {
          drainTimer.cancel();
          resolve();
        };
        checkDrained();
      });
    }
    drained = undefined;
    state = 'stopped';
    heap.retain(() => false);
    arm();
    loopDelay.disable();
  }

  function getJob(key: string): JobRecord {
    const job = jobs.get(key);
    if (job === undefined) throw new WardenError('ERR_NOT_FOUND', `scheduler job "${key}" does not exist; add it first`);
    return job;
  }

  return {
    add(job: Job): void {
      if (state === 'stopping' || state === 'stopped') throw stoppedError();
      const normalized = validateJob(job, crons);
      if (jobs.has(normalized.key))
        throw new WardenError('ERR_DUPLICATE', `scheduler job "${normalized.key}" already exists; remove it first or use another key`);
      const record = newJobRecord(normalized, o.defaultTimeoutMs);
      jobs.set(record.key, record);
      if (state === 'running') {
        plan(record, record.immediate ? clock.now() : nextDue(record, clock.now(), false));
        arm();
      }
    },
    remove(key: string): boolean {
      const job = jobs.get(key);
      if (job === undefined) return false;
      jobs.delete(key);
      heap.remove(job);
      const run = job.active;
      if (run?.phase === 'queued') cancel(run, new WardenError('ERR_ABORTED', `${describeJob(job)} was removed before it ran`));
      else if (run?.phase === 'running') abort(run, 'removed');
      arm();
      return true;
    },
    has: (key) => jobs.has(key),
    reschedule(key: string, schedule: Schedule): void {
      const job = getJob(key);
      const issues: ConfigIssue[] = [];
      const normalized = checkSchedule(schedule, ['schedule'], issues, crons);
      if (normalized === undefined)
        throw configError(`schedule of scheduler job "${key}"`, issues, 'pass { every } or { cron, timezone? }');
      job.schedule = normalized;
      job.offset = offsetOf(key, normalized);
      if (state === 'running') {
        plan(job, nextDue(job, clock.now(), true));
        arm();
      }
    },
    runNow(key: string): Promise<RunOutcome> {
      if (state === 'stopping' || state === 'stopped') return Promise.reject(stoppedError());
      const job = jobs.get(key);
      if (job === undefined) return Promise.reject(new WardenError('ERR_NOT_FOUND', `scheduler job "${key}" does not exist; add it first`));
      return new Promise((resolve) => {
        // Settlement is always asynchronous, so the run cannot be over before we register.
        const run = job.active ?? enqueue(job, clock.now());
        if (run.waiters === undefined) run.waiters = [resolve];
        else run.waiters.push(resolve);
      });
    },
    nextRunAt: (key) => {
      const job = jobs.get(key);
      return job !== undefined && heap.has(job) ? job.at : undefined;
    },
    start(): void {
      if (state === 'running') return;
      if (state !== 'idle') throw stoppedError();
      state = 'running';
      loopDelay.enable();
      const now = clock.now();
      for (const job of jobs.values()) plan(job, job.immediate ? now : nextDue(job, now, false));
      arm();
    },
    stop(stopOptions = {}): Promise<void> {
      if (stopping === undefined) {
        const timeoutMs = parseDuration(stopOptions.timeout ?? '5s', 'stop timeout');
        stopping = shutdown(timeoutMs);
      }
      return stopping;
    },
    stats(statsOptions = {}) {
      const snapshot = {
        state,
        jobs: jobs.size,
        running: inflight.size,
        queued: gates.waiting,
        lag: lag.summary(),
        duration: durations.summary(),
        counters: { ...counters },
        eventLoopDelay: loopDelay.summary(),
      };
      if (statsOptions.reset === true) {
        lag.reset();
        durations.reset();
        loopDelay.reset();
      }
      return snapshot;
    },
  };
}
