import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/transport/rate-limit.js';

// A clock that jumps forward by each timer's delay and fires it at once.
function steppingClock() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    setTimer(fn: () => void, delayMs: number) {
      waits.push(delayMs);
      now += delayMs;
      queueMicrotask(fn);
      return { cancel() {} };
    },
  };
}

describe('createRateLimiter', () => {
  it('lets a burst through, then spaces requests at the sustained rate, in order', async () => {
    const clock = steppingClock();
    const limiter = createRateLimiter('test', 2, 2);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.acquire(clock).then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(clock.waits).toEqual([500, 500, 500]);
    expect(clock.now()).toBe(1500);
  });

  it('abandons a wait when the signal fires, without blocking later callers', async () => {
    const controller = new AbortController();
    const clock = {
      now: () => 0,
      setTimer: () => {
        queueMicrotask(() => controller.abort());
        return { cancel() {} };
      },
    };
    const limiter = createRateLimiter('test', 1, 1);
    await limiter.acquire(clock);
    await expect(limiter.acquire(clock, controller.signal)).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    const later = steppingClock();
    await limiter.acquire(later);
    expect(later.waits).toEqual([1000]);
  });
});
