import type { Clock, TimerHandle } from '../internal/clock.js';
import { type HeapEntry, TimerHeap } from '../scheduler/heap.js';

/** Longest single clock timer; later work is reached in hops (`setTimeout` overflows at 2^31−1 ms). */
const MAX_TIMER_MS = 86_400_000;

/** Many delayed callbacks on one clock timer. */
export interface TimerQueue {
  /**
   * Calls `fn` at `at` (or as soon as possible when `at` has passed).
   *
   * @param at - ms since the epoch
   * @param fn - the callback; what it throws goes to the queue's `onError`
   * @returns a handle that cancels it
   */
  schedule(at: number, fn: () => void): TimerHandle;
  /** Callbacks waiting. */
  readonly size: number;
  /** Cancels everything; the queue stays usable. */
  clear(): void;
}

interface Entry extends HeapEntry {
  fn: () => void;
}

/**
 * Creates a queue of callbacks driven by one timer on `clock`, armed for the earliest entry.
 *
 * @param clock - the time source
 * @param onError - receives what a callback threw; the other callbacks still run
 * @returns the queue
 * @example
 * ```ts
 * const timers = createTimerQueue(clock, (err) => log.error(err));
 * const handle = timers.schedule(clock.now() + 5000, flushGroup);
 * handle.cancel();
 * ```
 */
export function createTimerQueue(clock: Clock, onError: (error: unknown) => void): TimerQueue {
  const heap = new TimerHeap<Entry>();
  let timer: TimerHandle | undefined;
  let armedAt = Number.NaN;

  function arm(): void {
    const top = heap.peek();
    if (top === undefined) {
      timer?.cancel();
      timer = undefined;
      armedAt = Number.NaN;
      return;
    }
    const now = clock.now();
    const at = Math.min(top.at, now + MAX_TIMER_MS);
    if (timer !== undefined && armedAt === at) return;
    timer?.cancel();
    armedAt = at;
    timer = clock.setTimer(fire, Math.max(0, at - now));
  }

  function fire(): void {
    timer = undefined;
    armedAt = Number.NaN;
    const now = clock.now();
    for (let top = heap.peek(); top !== undefined && top.at <= now; top = heap.peek()) {
      heap.pop();
      try {
        top.fn();
      } catch (error) {
        onError(error);
      }
    }
    arm();
  }

  return {
    schedule(at, fn) {
      const entry: Entry = { at, fn, seq: 0, heapIndex: -1 };
      heap.push(entry);
      arm();
      return {
        cancel() {
          if (heap.remove(entry)) arm();
        },
      };
    },
    get size() {
      return heap.size;
    },
    clear() {
      while (heap.pop() !== undefined);
      arm();
    },
  };
}
