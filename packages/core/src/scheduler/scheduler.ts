import { type ConfigIssue, configError } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { parseDuration } from '../internal/duration.js';
import { createEngine } from './engine.js';
import { describeJob, type JobRecord, newJobRecord, offsetOf } from './records.js';
import type { Job, RunOutcome, Schedule, Scheduler, SchedulerOptions } from './types.js';
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
  const engine = createEngine(o);
  const { clock } = o;
  const { jobs, heap, gates, inflight, counters, lag, durations, loopDelay, crons, nextDue, plan, arm, enqueue, abort, abandon, cancel } =
    engine;
  let stopping: Promise<void> | undefined;

  async function shutdown(timeoutMs: number): Promise<void> {
    engine.state = 'stopping';
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
        engine.drained = () => {
          drainTimer.cancel();
          resolve();
        };
        if (inflight.size === 0) engine.drained();
      });
    }
    engine.drained = undefined;
    engine.state = 'stopped';
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
      if (engine.state === 'stopping' || engine.state === 'stopped') throw stoppedError();
      const normalized = validateJob(job, crons);
      if (jobs.has(normalized.key))
        throw new WardenError('ERR_DUPLICATE', `scheduler job "${normalized.key}" already exists; remove it first or use another key`);
      const record = newJobRecord(normalized, o.defaultTimeoutMs, gates.attach(normalized.assetId, normalized.plugin));
      jobs.set(record.key, record);
      if (engine.state === 'running') {
        plan(record, record.immediate ? clock.now() : nextDue(record, clock.now(), false));
        arm();
      }
    },
    remove(key: string): boolean {
      const job = jobs.get(key);
      if (job === undefined) return false;
      jobs.delete(key);
      heap.remove(job);
      gates.detach(job);
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
      if (engine.state === 'running') {
        plan(job, nextDue(job, clock.now(), true));
        arm();
      }
    },
    runNow(key: string): Promise<RunOutcome> {
      if (engine.state === 'stopping' || engine.state === 'stopped') return Promise.reject(stoppedError());
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
      if (engine.state === 'running') return;
      if (engine.state !== 'idle') throw stoppedError();
      engine.state = 'running';
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
        state: engine.state,
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
