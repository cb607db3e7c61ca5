import type { Executor, JobRun } from './types.js';

/**
 * The default {@link Executor}: runs the job's body in this process. A synchronous throw
 * becomes a rejection, so the scheduler handles every failure the same way.
 *
 * @example
 * ```ts
 * const scheduler = createScheduler({ clock: systemClock, executor: inProcessExecutor });
 * ```
 */
export const inProcessExecutor: Executor = {
  async execute(run: JobRun): Promise<unknown> {
    return run.run(run.signal);
  },
};
