import type { Logger } from '../internal/logger.js';
import { inProcessExecutor } from './executor.js';
import type { RunRecord } from './records.js';
import type { Executor } from './types.js';

/** Reports how a run's body settled: `ok` with its value, or not with what it threw. */
export type SettleHandler = (run: RunRecord, ok: boolean, detail: unknown) => void;

/** Starts a run's body; the handler hears how it settled, always asynchronously. */
export type Invoke = (run: RunRecord, signal: AbortSignal) => void;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null &&
  (typeof value === 'object' || typeof value === 'function') &&
  typeof (value as PromiseLike<unknown>).then === 'function';

/**
 * Creates the function that hands a run to the executor. A body that returns a promise (the
 * usual case) is followed with one `then`; a synchronous return or throw is queued and reported
 * from a single microtask together with the others, so a burst of synchronous bodies costs no
 * promise or closure each, and a chain of runs started by freed slots never recurses.
 * With the default executor the body is called directly (no `JobRun` object, no extra promise).
 *
 * @param executor - where bodies run
 * @param onSettled - called once per run (later calls for the same run are the caller's to ignore)
 * @param logger - where a failing handler is reported
 * @returns the invoke function
 */
export function createInvoker(executor: Executor, onSettled: SettleHandler, logger: Logger): Invoke {
  // Parallel arrays, reused: no allocation per synchronous settlement.
  const runs: RunRecord[] = [];
  const oks: boolean[] = [];
  const details: unknown[] = [];
  let scheduled = false;

  function report(run: RunRecord, ok: boolean, detail: unknown): void {
    try {
      onSettled(run, ok, detail);
    } catch (err) {
      logger.error({ err, key: run.job.key }, 'scheduler failed to record a settled run');
    }
  }

  function drain(): void {
    // Runs started while draining may settle synchronously and append: the loop picks them up.
    for (let i = 0; i < runs.length; i++) report(runs[i] as RunRecord, oks[i] as boolean, details[i]);
    runs.length = 0;
    oks.length = 0;
    details.length = 0;
    scheduled = false;
  }

  function defer(run: RunRecord, ok: boolean, detail: unknown): void {
    runs.push(run);
    oks.push(ok);
    details.push(detail);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(drain);
    }
  }

  return (run, signal) => {
    const job = run.job;
    let result: unknown;
    try {
      result =
        executor === inProcessExecutor
          ? job.run(signal)
          : executor.execute({ key: job.key, plugin: job.plugin, assetId: job.assetId, dueAt: run.dueAt, signal, run: job.run });
      if (isThenable(result)) {
        result.then(
          (value) => report(run, true, value),
          (err: unknown) => report(run, false, err),
        );
        return;
      }
    } catch (err) {
      defer(run, false, err);
      return;
    }
    defer(run, true, result);
  };
}
