import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import type { Job, SchedulerOptions } from '../../src/scheduler/types.js';
import { createManualClock } from '../../src/testing/manual-clock.js';
import { harness, job } from './helpers.js';

function addError(input: unknown): unknown {
  const { scheduler } = harness();
  try {
    scheduler.add(input as Job);
  } catch (err) {
    return err;
  }
  return undefined;
}

function optionsError(options: unknown): unknown {
  try {
    createScheduler(options as SchedulerOptions);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('scheduler: validation', () => {
  it.each([
    [{ every: 0 }, 'schedule.every', /not a positive duration/],
    [{ every: 50 }, 'schedule.every', /at least 100ms/],
    [{ every: -1000 }, 'schedule.every', /not a positive duration/],
    [{ every: 'soon' }, 'schedule.every', /"soon" is not a positive duration/],
    [{ every: Number.NaN }, 'schedule.every', /duration/],
    [{ cron: '61 * * * *' }, 'schedule.cron', /invalid cron pattern "61 \* \* \* \*"/],
    [{ cron: 'every day' }, 'schedule.cron', /invalid cron pattern/],
    [{ cron: '0 2 * * *', timezone: 'Mars/Olympus' }, 'schedule.timezone', /unknown time zone "Mars\/Olympus"/],
    [{ every: 1000, cron: '* * * * *' }, 'schedule.cron', /unknown key/],
    [{}, 'schedule', /expected \{ every: '30s' \} or \{ cron/],
    [undefined, 'schedule', /expected \{ every/],
  ])('rejects schedule %j with ERR_CONFIG_INVALID at %s', (schedule, path, message) => {
    const err = addError({ ...job('bad-job'), schedule });
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    expect((err as Error).message).toContain('invalid scheduler job "bad-job"');
    expect((err as { issues: { path: string; message: string }[] }).issues).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it.each([
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: -5 }, 'timeoutMs'],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, 'timeoutMs'],
    [{ key: '' }, 'key'],
    [{ plugin: 42 }, 'plugin'],
    [{ assetId: '' }, 'assetId'],
    [{ run: 'not a function' }, 'run'],
    [{ immediate: 'yes' }, 'immediate'],
    [{ extra: true }, 'extra'],
  ])('rejects job field %j with ERR_CONFIG_INVALID naming %s', (override, path) => {
    const err = addError({ ...job('bad-job'), ...override });
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    expect((err as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
  });

  it('lists every problem of a job at once', () => {
    const err = addError({ key: 'k', plugin: '', schedule: { every: 10 }, run: null, timeoutMs: 0 });
    expect((err as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
      'plugin',
      'run',
      'schedule.every',
      'timeoutMs',
    ]);
  });

  it('refuses a duplicate key with ERR_DUPLICATE', () => {
    const { scheduler } = harness();
    scheduler.add(job('k'));
    expect(() => scheduler.add(job('k'))).toThrow(
      expect.objectContaining({ code: 'ERR_DUPLICATE', message: expect.stringContaining('"k" already exists') }),
    );
  });

  it.each([
    [{ concurrency: { global: 0 } }, 'concurrency.global'],
    [{ concurrency: { perAsset: 1.5 } }, 'concurrency.perAsset'],
    [{ concurrency: { perPlugin: -1 } }, 'concurrency.perPlugin'],
    [{ concurrency: { perHost: 2 } }, 'concurrency.perHost'],
    [{ defaultTimeout: 0 }, 'defaultTimeout'],
    [{ defaultTimeout: 'forever' }, 'defaultTimeout'],
    [{ abandonAfter: -1 }, 'abandonAfter'],
    [{ sliceMs: 0 }, 'sliceMs'],
    [{ sliceSize: 0 }, 'sliceSize'],
    [{ onEvent: 'log' }, 'onEvent'],
    [{ clock: { now: () => 0 } }, 'clock'],
    [{ executor: {} }, 'executor'],
  ])('rejects option %j with ERR_CONFIG_INVALID naming %s', (override, path) => {
    const err = optionsError({ clock: createManualClock(0), ...override });
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    expect((err as Error).message).toContain('invalid scheduler options');
    expect((err as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([path]);
  });

  it('accepts durations as strings and numbers', () => {
    expect(() =>
      createScheduler({ clock: createManualClock(0), defaultTimeout: '1m30s', abandonAfter: 0, concurrency: { global: 1 } }),
    ).not.toThrow();
    const { scheduler } = harness();
    expect(() => scheduler.add(job('a', { schedule: { every: '250ms' }, timeoutMs: 1 }))).not.toThrow();
    expect(() => scheduler.add(job('b', { schedule: { cron: '*/5 * * * *', timezone: 'America/New_York' } }))).not.toThrow();
    expect(() => scheduler.add(job('c', { schedule: { cron: '*/5 * * * *', timezone: 'America/New_York' } }))).not.toThrow();
  });
});
