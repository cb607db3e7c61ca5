import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/internal/clock.js';
import { phaseOffset } from '../../src/scheduler/phase.js';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import type { SchedulerEvent } from '../../src/scheduler/types.js';
import { harness, job } from './helpers.js';

/** Runs one job on a fresh scheduler started at `start` and returns when it ran within `window`. */
async function runTimes(key: string, every: number, start: number, window: number): Promise<number[]> {
  const { clock, scheduler } = harness({}, start);
  const times: number[] = [];
  scheduler.add(job(key, { schedule: { every }, run: () => times.push(clock.now()) }));
  scheduler.start();
  await clock.advance(window);
  await scheduler.stop();
  return times;
}

describe('scheduler: interval phase', () => {
  it('runs a job on a stable, epoch-aligned phase, whenever the scheduler starts', async () => {
    const every = 10_000;
    const offset = phaseOffset('collect:snmp/sw-1', every);
    const first = await runTimes('collect:snmp/sw-1', every, 1_000_000, 35_000);
    const restarted = await runTimes('collect:snmp/sw-1', every, 1_004_321, 35_000);
    for (const times of [first, restarted]) {
      expect(times.length).toBeGreaterThanOrEqual(3);
      for (const t of times) expect((t - offset) % every).toBe(0);
      for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBe(every);
    }
    // A restart does not postpone the job: it runs at the next slot of the same grid.
    expect(first[0]).toBeLessThan(1_000_000 + every);
    expect(restarted[0]).toBeLessThan(1_004_321 + every);
    expect(restarted.every((t) => (t - (first[0] as number)) % every === 0)).toBe(true);
  });

  it('spreads jobs with the same interval across it instead of firing them together', async () => {
    const { clock, scheduler } = harness({ concurrency: { global: 10_000, perPlugin: 10_000 } });
    const perSecond = new Array<number>(10).fill(0);
    for (let i = 0; i < 1000; i++)
      scheduler.add(
        job(`check:ping/host-${i}`, {
          schedule: { every: '10s' },
          run: () => {
            const i = Math.floor((clock.now() % 10_000) / 1000);
            perSecond[i] = (perSecond[i] ?? 0) + 1;
          },
        }),
      );
    scheduler.start();
    await clock.advance(9_999);
    expect(perSecond.reduce((a, b) => a + b, 0)).toBe(1000);
    for (const count of perSecond) expect(count).toBeGreaterThan(60);
    await scheduler.stop();
  });

  it('runs an immediate job at once, then on its phase', async () => {
    const { clock, scheduler } = harness({}, 50_000);
    const times: number[] = [];
    scheduler.add(job('imm', { immediate: true, schedule: { every: 10_000 }, run: () => times.push(clock.now()) }));
    scheduler.start();
    await clock.advance(0);
    expect(times).toEqual([50_000]);
    await clock.advance(20_000);
    const offset = phaseOffset('imm', 10_000);
    expect(times.slice(1)).toHaveLength(2);
    for (const t of times.slice(1)) expect((t - offset) % 10_000).toBe(0);
    await scheduler.stop();
  });

  it('schedules a job added to a running scheduler', async () => {
    const { clock, scheduler } = harness();
    scheduler.start();
    let runs = 0;
    scheduler.add(job('late', { schedule: { every: 1000 }, run: () => runs++ }));
    expect(scheduler.nextRunAt('late')).toBe(phaseOffset('late', 1000));
    await clock.advance(1000);
    expect(runs).toBe(1);
    await scheduler.stop();
  });

  it('accepts duration strings for every', async () => {
    const { clock, scheduler } = harness();
    let runs = 0;
    scheduler.add(job('s', { schedule: { every: '1m' }, run: () => runs++ }));
    scheduler.start();
    await clock.advance(180_000);
    expect(runs).toBe(3);
    await scheduler.stop();
  });
});

describe('scheduler: cron', () => {
  it("runs '0 2 * * *' in Europe/Amsterdam at 02:00 local time across the spring DST gap", async () => {
    const { clock, scheduler } = harness({}, Date.parse('2024-03-29T12:00:00Z'));
    const runs: string[] = [];
    scheduler.add(
      job('nightly', {
        schedule: { cron: '0 2 * * *', timezone: 'Europe/Amsterdam' },
        run: () => runs.push(new Date(clock.now()).toISOString()),
      }),
    );
    scheduler.start();
    await clock.set(Date.parse('2024-04-02T12:00:00Z'));
    // 02:00 CET = 01:00Z; on 31 March 02:00 does not exist: it runs at 03:00 CEST (01:00Z); then 02:00 CEST = 00:00Z.
    expect(runs).toEqual(['2024-03-30T01:00:00.000Z', '2024-03-31T01:00:00.000Z', '2024-04-01T00:00:00.000Z', '2024-04-02T00:00:00.000Z']);
    await scheduler.stop();
  });

  it('runs once when 02:00 occurs twice (autumn DST change)', async () => {
    const { clock, scheduler } = harness({}, Date.parse('2024-10-26T12:00:00Z'));
    const runs: string[] = [];
    scheduler.add(
      job('nightly', {
        schedule: { cron: '0 2 * * *', timezone: 'Europe/Amsterdam' },
        run: () => runs.push(new Date(clock.now()).toISOString()),
      }),
    );
    scheduler.start();
    await clock.set(Date.parse('2024-10-28T12:00:00Z'));
    expect(runs).toEqual(['2024-10-27T00:00:00.000Z', '2024-10-28T01:00:00.000Z']);
    await scheduler.stop();
  });

  it('supports 6-part patterns with seconds', async () => {
    const { clock, scheduler } = harness({}, 1_000);
    const runs: number[] = [];
    scheduler.add(job('fast', { schedule: { cron: '*/5 * * * * *' }, run: () => runs.push(clock.now()) }));
    scheduler.start();
    await clock.advance(15_000);
    expect(runs).toEqual([5_000, 10_000, 15_000]);
    await scheduler.stop();
  });
});

describe('scheduler: reschedule and remove', () => {
  it('reschedules to a retry interval and back', async () => {
    const { clock, scheduler } = harness();
    const times: number[] = [];
    scheduler.add(job('check:disk/web-1', { schedule: { every: 60_000 }, run: () => times.push(clock.now()) }));
    scheduler.start();
    await clock.advance(60_000);
    expect(times).toHaveLength(1);
    scheduler.reschedule('check:disk/web-1', { every: 10_000 });
    const retryOffset = phaseOffset('check:disk/web-1', 10_000);
    expect(((scheduler.nextRunAt('check:disk/web-1') as number) - retryOffset) % 10_000).toBe(0);
    expect(scheduler.nextRunAt('check:disk/web-1')).toBeGreaterThan(clock.now());
    await clock.advance(30_000);
    expect(times).toHaveLength(4);
    scheduler.reschedule('check:disk/web-1', { every: '1m' });
    await clock.advance(120_000);
    expect(times).toHaveLength(6);
    expect(() => scheduler.reschedule('nope', { every: 1000 })).toThrow(expect.objectContaining({ code: 'ERR_NOT_FOUND' }));
    expect(() => scheduler.reschedule('check:disk/web-1', { every: 5 })).toThrow(/schedule\.every: must be at least 100ms/);
    await scheduler.stop();
  });

  it('stops ticking a removed job and lets its key be reused', async () => {
    const { clock, scheduler } = harness();
    let a = 0;
    let b = 0;
    scheduler.add(job('k', { run: () => a++ }));
    scheduler.start();
    await clock.advance(2000);
    expect(a).toBe(2);
    expect(scheduler.remove('k')).toBe(true);
    expect(scheduler.remove('k')).toBe(false);
    expect(scheduler.has('k')).toBe(false);
    expect(scheduler.nextRunAt('k')).toBeUndefined();
    await clock.advance(2000);
    expect(a).toBe(2);
    scheduler.add(job('k', { run: () => b++ }));
    await clock.advance(2000);
    expect([a, b]).toEqual([2, 2]);
    await scheduler.stop();
  });

  it('skips slots it missed when its timer fires late, and reports them', () => {
    let now = 0;
    const timers: (() => void)[] = [];
    const lateClock: Clock = {
      now: () => now,
      setTimer: (fn) => {
        timers.push(fn);
        return { cancel: () => {} };
      },
    };
    const events: SchedulerEvent[] = [];
    const scheduler = createScheduler({ clock: lateClock, onEvent: (e) => events.push(e) });
    scheduler.add(job('k', { schedule: { every: 1000 } }));
    scheduler.start();
    const first = scheduler.nextRunAt('k') as number;
    now = first + 3500; // the event loop was blocked for 3.5 slots
    timers.shift()?.();
    expect(events).toContainEqual({ type: 'missed', key: 'k', plugin: 'test', assetId: undefined, count: 3 });
    expect(scheduler.nextRunAt('k')).toBe(first + 4000);
    expect(scheduler.stats().counters.missed).toBe(3);
  });
});

describe('scheduler: far-away runs', () => {
  it('reaches a run months away in timer hops no longer than a day (setTimeout overflows past ~24.8 days)', async () => {
    const { clock, scheduler } = harness({}, Date.parse('2024-01-15T00:00:00Z'));
    const runs: string[] = [];
    scheduler.add(
      job('yearly', { schedule: { cron: '0 0 1 6 *', timezone: 'UTC' }, run: () => runs.push(new Date(clock.now()).toISOString()) }),
    );
    scheduler.start();
    expect((clock.nextTimerAt() as number) - clock.now()).toBeLessThanOrEqual(86_400_000);
    await clock.set(Date.parse('2024-06-02T00:00:00Z'));
    expect(runs).toEqual(['2024-06-01T00:00:00.000Z']);
    await scheduler.stop();
  });
});
