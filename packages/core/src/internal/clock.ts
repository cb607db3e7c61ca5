/** A handle returned by {@link Clock.setTimer}. */
export interface TimerHandle {
  /** Cancels the timer; calling it twice is harmless. */
  cancel(): void;
}

/**
 * Where Warden gets time from. The engine only ever asks this interface, so a test can
 * run it on a manual clock (see `createManualClock` in `@warden/core/testing`).
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Calls `fn` once, `delayMs` from now. Timers never keep the process alive
   * (they are `unref`ed on the system clock).
   */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
}

/** The real clock: `Date.now()` and unref'ed `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    const timer = setTimeout(fn, Math.max(0, delayMs));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
