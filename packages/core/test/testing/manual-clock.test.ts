import { describe, expect, it } from 'vitest';
import { createManualClock, MANUAL_CLOCK_START } from '../../src/testing/manual-clock.js';

describe('createManualClock', () => {
  it('starts at the given time and stands still until moved', async () => {
    expect(createManualClock().now()).toBe(MANUAL_CLOCK_START);
    const clock = createManualClock(new Date('2024-03-30T12:00:00Z'));
    expect(clock.now()).toBe(Date.parse('2024-03-30T12:00:00Z'));
    await clock.flush();
    expect(clock.now()).toBe(Date.parse('2024-03-30T12:00:00Z'));
    await clock.advance(1500);
    expect(clock.now()).toBe(Date.parse('2024-03-30T12:00:01.500Z'));
  });

  it('fires due timers in due-time order, ties in the order they were set, with now() at each due time', async () => {
    const clock = createManualClock(0);
    const fired: string[] = [];
    clock.setTimer(() => fired.push(`c@${clock.now()}`), 30);
    clock.setTimer(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimer(() => fired.push(`b@${clock.now()}`), 10);
    clock.setTimer(() => fired.push(`late@${clock.now()}`), 31);
    await clock.advance(30);
    expect(fired).toEqual(['a@10', 'b@10', 'c@30']);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(31);
  });

  it('fires timers set by fired timers when they fall inside the window', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    const every = (ms: number) => {
      clock.setTimer(() => {
        fired.push(clock.now());
        every(ms);
      }, ms);
    };
    every(25);
    await clock.advance(100);
    expect(fired).toEqual([25, 50, 75, 100]);
    expect(clock.nextTimerAt()).toBe(125);
  });

  it('awaits the async work a timer starts before firing the next one', async () => {
    const clock = createManualClock(0);
    const log: string[] = [];
    clock.setTimer(async () => {
      log.push('first:start');
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      log.push('first:end');
    }, 10);
    clock.setTimer(() => log.push('second'), 10);
    await clock.advance(10);
    expect(log).toEqual(['first:start', 'first:end', 'second']);
  });

  it('fires a timer set from async work within the window', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    clock.setTimer(() => {
      void Promise.resolve().then(() => clock.setTimer(() => fired.push(clock.now()), 5));
    }, 10);
    await clock.advance(20);
    expect(fired).toEqual([15]);
  });

  it('cancels timers', async () => {
    const clock = createManualClock(0);
    let fired = false;
    const handle = clock.setTimer(() => {
      fired = true;
    }, 10);
    handle.cancel();
    handle.cancel();
    await clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('treats negative and non-finite delays as 0', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    clock.setTimer(() => fired.push(1), -5);
    clock.setTimer(() => fired.push(2), Number.NaN);
    await clock.advance(0);
    expect(fired).toEqual([1, 2]);
  });

  it('set() moves to an absolute time and refuses to go back', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    clock.setTimer(() => fired.push(clock.now()), 1000);
    await clock.set(new Date(5000));
    expect(fired).toEqual([1000]);
    expect(clock.now()).toBe(5000);
    await expect(clock.set(4000)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    expect(clock.now()).toBe(5000);
  });

  it('rejects bad advance arguments and surfaces what a timer threw', async () => {
    const clock = createManualClock(0);
    await expect(clock.advance(-1)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    await expect(clock.advance(Number.POSITIVE_INFINITY)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    clock.setTimer(() => {
      throw new Error('boom');
    }, 10);
    clock.setTimer(() => {}, 20);
    await expect(clock.advance(30)).rejects.toThrow('boom');
    expect(clock.now()).toBe(10);
    expect(clock.pendingTimers()).toBe(1);
    expect(() => createManualClock(Number.NaN)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
  });

  it('serializes advance() calls that are not awaited', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    for (const at of [10, 20, 30]) clock.setTimer(() => fired.push(clock.now()), at);
    const a = clock.advance(15);
    const b = clock.advance(15);
    await Promise.all([a, b]);
    expect(fired).toEqual([10, 20, 30]);
    expect(clock.now()).toBe(30);
  });

  it('runAll() drains one-shot timers and gives up on endless ones', async () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    clock.setTimer(() => fired.push(clock.now()), 500);
    clock.setTimer(() => clock.setTimer(() => fired.push(clock.now()), 700), 100);
    await clock.runAll();
    expect(fired).toEqual([500, 800]);
    const again = () => clock.setTimer(again, 1);
    again();
    await expect(clock.runAll({ limit: 50 })).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
  });
});
