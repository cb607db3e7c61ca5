import { WardenError } from '../errors/warden-error.js';
import type { Clock, TimerHandle } from '../internal/clock.js';
import { type HeapEntry, TimerHeap } from '../scheduler/heap.js';

/**
 * A {@link Clock} that only moves when told to, for deterministic tests: real time never passes.
 * Every method that moves time is async because it waits for the work the fired timers start.
 */
export interface ManualClock extends Clock {
  /**
   * Moves time forward by `ms`, firing every timer due in that window in due-time order (ties
   * in the order they were set). Timers set by fired timers fire too when they fall in the window.
   * After each timer (and before the first) it {@link ManualClock.flush | flushes}, so the work a
   * timer starts has settled before the next one fires. Calls are serialized.
   *
   * @param ms - milliseconds, finite and ≥ 0
   * @throws WardenError `ERR_CONFIG_INVALID` for a negative or non-finite `ms`; rethrows what a
   * timer callback threw (time then stays at that timer's due time)
   */
  advance(ms: number): Promise<void>;
  /**
   * Moves time forward to `time`, like {@link ManualClock.advance}.
   *
   * @param time - ms since the epoch, or a Date; not earlier than now
   * @throws WardenError `ERR_CONFIG_INVALID` when `time` is in the past
   */
  set(time: number | Date): Promise<void>;
  /**
   * Fires pending timers one after another, jumping time to each, until none is left.
   *
   * @param options - `limit`: most timers fired before giving up (default 10,000)
   * @throws WardenError `ERR_TIMEOUT` when timers keep coming (a running scheduler always has a
   * next tick: use `advance` for it)
   */
  runAll(options?: { limit?: number }): Promise<void>;
  /**
   * Lets pending work settle without moving time: turns the event loop (`setImmediate`) until
   * two turns in a row start no timer and leave no `setImmediate` pending. Promise chains and
   * `setImmediate` hops settle; real I/O (sockets, files, child processes) is not waited for.
   */
  flush(): Promise<void>;
  /** Number of timers set and not yet fired or cancelled. */
  pendingTimers(): number;
  /** Due time of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined;
}

interface ManualTimer extends HeapEntry {
  fn: () => void;
}

/** Default start of a manual clock: 2024-01-01T00:00:00Z, so timestamps read like real ones. */
export const MANUAL_CLOCK_START = Date.UTC(2024, 0, 1);

const MAX_FLUSH_TURNS = 10_000;
const QUIET_TURNS = 2;

function pendingImmediates(): number {
  let count = 0;
  for (const resource of process.getActiveResourcesInfo()) if (resource === 'Immediate') count++;
  return count;
}

/**
 * Creates a manual clock for tests: `now()` stands still until `advance()` or `set()` moves it.
 *
 * @param start - the initial time, ms since the epoch or a Date
 * @defaultValue start: {@link MANUAL_CLOCK_START} (2024-01-01T00:00:00Z)
 * @returns the clock
 * @throws WardenError `ERR_CONFIG_INVALID` for an invalid start
 * @example
 * ```ts
 * const clock = createManualClock(new Date('2024-03-30T12:00:00Z'));
 * const scheduler = createScheduler({ clock });
 * scheduler.add({ key: 'k', plugin: 'core', schedule: { every: 1000 }, run: () => {} });
 * scheduler.start();
 * await clock.advance(1000); // the job ran once, and its run has settled
 * ```
 */
export function createManualClock(start: number | Date = MANUAL_CLOCK_START): ManualClock {
  let current = start instanceof Date ? start.getTime() : start;
  if (!Number.isFinite(current))
    throw new WardenError('ERR_CONFIG_INVALID', `invalid manual clock start ${String(start)}: use ms since the epoch or a valid Date`);
  const timers = new TimerHeap<ManualTimer>();
  /** Bumped whenever a timer is set or cancelled: flush keeps turning while it changes. */
  let changes = 0;
  let queue: Promise<void> = Promise.resolve();

  async function flush(): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < MAX_FLUSH_TURNS && quiet < QUIET_TURNS; turn++) {
      const before = changes;
      await new Promise<void>((resolve) => setImmediate(resolve));
      quiet = changes === before && pendingImmediates() === 0 ? quiet + 1 : 0;
    }
  }

  async function runUntil(target: number): Promise<void> {
    await flush();
    for (let top = timers.peek(); top !== undefined && top.at <= target; top = timers.peek()) {
      timers.pop();
      current = Math.max(current, top.at);
      top.fn();
      await flush();
    }
    current = Math.max(current, target);
  }

  /** Serializes time moves so two un-awaited `advance` calls cannot interleave. */
  function serialized(work: () => Promise<void>): Promise<void> {
    const next = queue.then(work);
    queue = next.catch(() => {});
    return next;
  }

  return {
    now: () => current,
    setTimer(fn: () => void, delayMs: number): TimerHandle {
      const timer: ManualTimer = { fn, at: current + (Number.isFinite(delayMs) ? Math.max(0, delayMs) : 0), seq: 0, heapIndex: -1 };
      timers.push(timer);
      changes++;
      return {
        cancel() {
          if (timers.remove(timer)) changes++;
        },
      };
    },
    advance(ms: number): Promise<void> {
      if (!Number.isFinite(ms) || ms < 0)
        return Promise.reject(new WardenError('ERR_CONFIG_INVALID', `advance(${ms}): use a finite number of ms ≥ 0`));
      return serialized(() => runUntil(current + ms));
    },
    set(time: number | Date): Promise<void> {
      const target = time instanceof Date ? time.getTime() : time;
      if (!Number.isFinite(target))
        return Promise.reject(new WardenError('ERR_CONFIG_INVALID', `set(${String(time)}): use ms since the epoch or a valid Date`));
      return serialized(async () => {
        if (target < current)
          throw new WardenError(
            'ERR_CONFIG_INVALID',
            `set(${new Date(target).toISOString()}) is before now (${new Date(current).toISOString()}); a manual clock only moves forward`,
          );
        await runUntil(target);
      });
    },
    runAll(options: { limit?: number } = {}): Promise<void> {
      const limit = options.limit ?? 10_000;
      return serialized(async () => {
        await flush();
        for (let fired = 0; timers.size > 0; fired++) {
          if (fired >= limit)
            throw new WardenError(
              'ERR_TIMEOUT',
              `runAll() fired ${limit} timers and more keep coming; use advance(ms) for recurring timers`,
            );
          await runUntil((timers.peek() as ManualTimer).at);
        }
      });
    },
    flush: () => flush(),
    pendingTimers: () => timers.size,
    nextTimerAt: () => timers.peek()?.at,
  };
}
