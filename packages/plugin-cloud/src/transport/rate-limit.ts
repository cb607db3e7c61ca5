import type { TimerHandle } from '@warden/core';
import { sleep } from './retry.js';

/** A clock as the limiter needs it: the time, and timers for waits. */
export interface LimiterClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once after `delayMs`. */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
}

/** Client-side request rate limit (a token bucket), so a large estate does not trip the provider's. */
export interface RateLimiter {
  /**
   * Waits for a token, first come first served.
   *
   * @param clock - the job's clock (waits run on it)
   * @param signal - abandons the wait
   * @returns when the request may go
   * @throws HttpError `ERR_ABORTED` when the signal fires while waiting
   */
  acquire(clock: LimiterClock, signal?: AbortSignal): Promise<void>;
}

/**
 * Creates a token bucket: `perSecond` tokens a second, at most `burst` saved up.
 *
 * @param name - for abort messages (`aws eu-west-1`)
 * @param perSecond - sustained rate
 * @param burst - bucket size @defaultValue `perSecond`
 * @returns the limiter
 * @example
 * ```ts
 * const limit = createRateLimiter('aws eu-west-1', 20, 40);
 * await limit.acquire(ctx.clock, ctx.signal);
 * ```
 */
export function createRateLimiter(name: string, perSecond: number, burst = perSecond): RateLimiter {
  let tokens = burst;
  let last: number | undefined;
  let tail: Promise<void> = Promise.resolve();
  const refill = (now: number): void => {
    if (last !== undefined) tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
    last = now;
  };
  return {
    acquire(clock, signal) {
      const turn = tail.then(async () => {
        refill(clock.now());
        if (tokens < 1) {
          await sleep(Math.ceil(((1 - tokens) / perSecond) * 1000), clock, signal, `rate limit ${name}`);
          refill(clock.now());
        }
        tokens -= 1;
      });
      tail = turn.catch(() => undefined);
      return turn;
    },
  };
}
