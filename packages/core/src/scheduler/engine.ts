import type { WardenError } from '../errors/warden-error.js';
import type { TimerHandle } from '../internal/clock.js';
import { silentLogger } from '../internal/logger.js';
import type { CronCalculator } from './cron.js';
import { inProcessExecutor } from './executor.js';
import { Gates, type GateWaiter } from './gates.js';
import { TimerHeap } from './heap.js';
import { createInvoker } from './invoke.js';
import { nextSlot } from './phase.js';
import { type AbortReason, abortError, describeJob, type JobRecord, newRunRecord, outcomeOf, type RunRecord, toError } from './records.js';
import { ControllerPool } from './signals.js';
import { LoopDelayMonitor, newCounters, SampleWindow } from './stats.js';
import type { RunStatus, SchedulerCounters, SchedulerEvent, SchedulerState } from './types.js';
import type { NormalizedOptions } from './validate.js';

/** Longest single timer; a job further away is reached in hops (a day each). */
const MAX_TIMER_MS = 86_400_000;

/**
 * The scheduler's machinery, shared by its public face ({@link createScheduler}): the heap and
 * its one timer, slicing, ticks, and the life of a run (gates, timeout, abort, abandonment).
 */
export interface Engine {
  /** Lifecycle state; the public face moves it. */
  state: SchedulerState;
  /** Called when the last in-flight run is done, while stopping. */
  drained: (() => void) | undefined;
  /** Registered jobs by key. */
  readonly jobs: Map<string, JobRecord>;
  /** Due ticks and run deadlines. */
  readonly heap: TimerHeap<JobRecord | RunRecord>;
  /** Concurrency gates. */
  readonly gates: Gates;
  /** Runs holding a slot: running, or aborted and within their grace period. */
  readonly inflight: Set<RunRecord>;
  /** Counters reported by stats. */
  readonly counters: SchedulerCounters;
  /** Recent lags. */
  readonly lag: SampleWindow;
  /** Recent durations. */
  readonly durations: SampleWindow;
  /** Event-loop delay monitor. */
  readonly loopDelay: LoopDelayMonitor;
  /** Cron calculators by zone and pattern. */
  readonly crons: Map<string, CronCalculator>;
  /** A job's next due time after `after`. */
  nextDue(job: JobRecord, after: number, strict: boolean): number | undefined;
  /** Queues a job at `at` (or unqueues it when undefined). */
  plan(job: JobRecord, at: number | undefined): void;
  /** Re-arms the one timer for the heap's top. */
  arm(): void;
  /** Creates a run of a job and passes it through the gates (starting it if it may). */
  enqueue(job: JobRecord, dueAt: number): RunRecord;
  /** Aborts a running run's signal and gives it `abandonAfter` to settle. */
  abort(run: RunRecord, reason: AbortReason): void;
  /** Frees an aborted run's slot and reports it abandoned. */
  abandon(run: RunRecord): void;
  /** Withdraws a queued run, resolving its waiters with `cancelled`. */
  cancel(run: RunRecord, error: WardenError): void;
}

/**
 * Creates the scheduler's machinery.
 *
 * @param o - validated options
 * @returns the engine
 */
export function createEngine(o: NormalizedOptions): Engine {
  const { clock, onEvent } = o;
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
  let timer: TimerHandle | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let dispatching = false;
  const onReady = (waiter: GateWaiter): void => begin(waiter as RunRecord);
  const invoke = createInvoker(o.executor ?? inProcessExecutor, settle, logger);

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
    // setTimeout fires at once for delays past 2^31−1 ms (~24.8 days): far entries are reached in hops.
    const now = clock.now();
    timerAt = Math.min(top.at, now + MAX_TIMER_MS);
    timer = clock.setTimer(wake, timerAt - now);
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
    if (engine.state === 'stopped') {
      dispatching = false;
      return;
    }
    const now = clock.now();
    const started = performance.now();
    let handled = 0;
    for (;;) {
      const top = heap.peek();
      if (top === undefined || top.at > now) break;
      if (top.kind === 'job') tick(top, now);
      else {
        heap.pop();
        deadline(top);
      }
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
    // The job is still the heap's top: moving it in place costs one sift-down instead of a pop and a push.
    plan(job, next);
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
    invoke(run, controller.signal);
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
      const { key, plugin, assetId } = job;
      emit(
        error === undefined
          ? { type: 'run:completed', key, plugin, assetId, ok: true, status: 'ok', durationMs, lagMs }
          : { type: 'run:completed', key, plugin, assetId, ok: false, status: status as 'error' | 'timeout', error, durationMs, lagMs },
      );
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
    if (engine.drained !== undefined && inflight.size === 0) engine.drained();
  }

  const engine: Engine = {
    state: 'idle',
    drained: undefined,
    jobs,
    heap,
    gates,
    inflight,
    counters,
    lag,
    durations,
    loopDelay,
    crons,
    nextDue,
    plan,
    arm,
    enqueue,
    abort,
    abandon,
    cancel,
  };
  return engine;
}
