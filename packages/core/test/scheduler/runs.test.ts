import { describe, expect, it } from 'vitest';
import { WardenError } from '../../src/errors/warden-error.js';
import { deferred, harness, job } from './helpers.js';

describe('scheduler: runs', () => {
  it('never overlaps a job with itself: a tick finding it running is skipped and reported', async () => {
    const { clock, scheduler, ofType } = harness();
    const release = deferred();
    let starts = 0;
    scheduler.add(
      job('slow', {
        assetId: 'web-1',
        timeoutMs: 60_000,
        run: async () => {
          starts++;
          if (starts === 1) await release.promise;
        },
      }),
    );
    scheduler.start();
    await clock.advance(3000);
    expect(starts).toBe(1);
    expect(ofType('overrun')).toHaveLength(2);
    expect(ofType('overrun')[0]).toMatchObject({ key: 'slow', plugin: 'test', assetId: 'web-1', state: 'running' });
    release.resolve();
    await clock.advance(1000);
    expect(starts).toBe(2);
    expect(scheduler.stats().counters.overruns).toBe(2);
    await scheduler.stop();
  });

  it('reports an overrun when the previous run is still queued behind a limit', async () => {
    const { clock, scheduler, ofType } = harness({ concurrency: { global: 1 } });
    const release = deferred();
    scheduler.add(job('hog', { schedule: { every: 100_000 }, immediate: true, timeoutMs: 60_000, run: () => release.promise }));
    scheduler.add(job('waiter', { schedule: { every: 1000 } }));
    scheduler.start();
    await clock.advance(2000);
    expect(ofType('overrun')).toEqual([expect.objectContaining({ key: 'waiter', state: 'queued' })]);
    release.resolve();
    await scheduler.stop();
  });

  it('aborts the signal of a run that times out and reports it', async () => {
    const { clock, scheduler, ofType } = harness();
    let seen: unknown;
    scheduler.add(
      job('hang', {
        timeoutMs: 500,
        schedule: { every: 10_000 },
        immediate: true,
        run: (signal) =>
          new Promise((_, reject) => {
            signal.addEventListener('abort', () => {
              seen = signal.reason;
              reject(new Error('aborted by signal'));
            });
          }),
      }),
    );
    scheduler.start();
    await clock.advance(499);
    expect(ofType('timeout')).toHaveLength(0);
    await clock.advance(1);
    expect(ofType('timeout')).toEqual([{ type: 'timeout', key: 'hang', plugin: 'test', assetId: undefined, timeoutMs: 500 }]);
    expect(seen).toBeInstanceOf(WardenError);
    expect(seen).toMatchObject({ code: 'ERR_TIMEOUT' });
    const [completed] = ofType('run:completed');
    expect(completed).toMatchObject({ key: 'hang', ok: false, status: 'timeout', durationMs: 500 });
    expect(completed?.error).toMatchObject({ code: 'ERR_TIMEOUT', cause: expect.objectContaining({ message: 'aborted by signal' }) });
    expect(ofType('abandoned')).toHaveLength(0);
    await scheduler.stop();
  });

  it('abandons a run that ignores its signal: the slot is freed and its late result ignored', async () => {
    const { clock, scheduler, ofType, events } = harness({ concurrency: { global: 1 }, abandonAfter: '1s' });
    const stuck = deferred<string>();
    let stuckRuns = 0;
    let otherRuns = 0;
    scheduler.add(
      job('stuck', {
        timeoutMs: 500,
        schedule: { every: 60_000 },
        immediate: true,
        run: () => {
          stuckRuns++;
          return stuckRuns === 1 ? stuck.promise : 'fine';
        },
      }),
    );
    scheduler.add(job('other', { schedule: { every: 60_000 }, immediate: true, run: () => otherRuns++ }));
    scheduler.start();
    await clock.advance(1499);
    expect(otherRuns).toBe(0);
    expect(scheduler.stats()).toMatchObject({ running: 1, queued: 1 });
    await clock.advance(1);
    expect(ofType('abandoned')).toEqual([
      { type: 'abandoned', key: 'stuck', plugin: 'test', assetId: undefined, reason: 'timeout', runningMs: 1500 },
    ]);
    expect(otherRuns).toBe(1);
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 0, counters: { abandoned: 1, timeouts: 1 } });
    const before = events.length;
    stuck.reject(new Error('too late'));
    await clock.advance(0);
    expect(events.slice(before).filter((e) => e.key === 'stuck')).toEqual([]);
    // The job itself is free again: its next tick runs.
    const outcome = await scheduler.runNow('stuck');
    expect(outcome).toMatchObject({ status: 'ok', value: 'fine' });
    await scheduler.stop();
  });

  it('contains sync throws, non-Error throws, rejections and bodies that never settle; other jobs carry on', async () => {
    const { clock, scheduler, ofType } = harness({ defaultTimeout: 300, abandonAfter: 200 });
    let healthy = 0;
    scheduler.add(
      job('sync-throw', {
        run: () => {
          throw new TypeError('sync boom');
        },
      }),
    );
    scheduler.add(
      job('string-throw', {
        run: () => {
          throw 'just a string';
        },
      }),
    );
    scheduler.add(job('undefined-reject', { run: () => Promise.reject(undefined) }));
    scheduler.add(job('never', { schedule: { every: 100_000 }, immediate: true, run: () => new Promise(() => {}) }));
    scheduler.add(job('healthy', { run: () => healthy++ }));
    scheduler.start();
    await clock.advance(3000);
    expect(healthy).toBe(3);
    const failures = (key: string) => ofType('run:completed').filter((e) => e.key === key);
    expect(failures('sync-throw')).toHaveLength(3);
    expect(failures('sync-throw')[0]).toMatchObject({
      ok: false,
      status: 'error',
      error: expect.objectContaining({ name: 'TypeError', message: 'sync boom' }),
    });
    expect(failures('string-throw')[0]?.error).toMatchObject({ code: 'ERR_PLUGIN', cause: 'just a string' });
    expect(failures('string-throw')[0]?.error?.message).toMatch(
      /job "string-throw" \(plugin test\) threw a non-Error value \("just a string"\)/,
    );
    expect(failures('undefined-reject')[0]?.error).toMatchObject({
      code: 'ERR_PLUGIN',
      message: expect.stringContaining('non-Error value (undefined)'),
    });
    expect(ofType('timeout').map((e) => e.key)).toEqual(['never']);
    expect(ofType('abandoned').map((e) => e.key)).toEqual(['never']);
    expect(scheduler.stats().counters).toMatchObject({ ok: 3, failed: 9, abandoned: 1 });
    await scheduler.stop();
  });

  it('runNow() runs out of band, returns the value, and joins a run already in flight', async () => {
    const { clock, scheduler } = harness();
    const gate = deferred<number>();
    let calls = 0;
    scheduler.add(
      job('k', {
        schedule: { every: 60_000 },
        run: () => {
          calls++;
          return gate.promise;
        },
      }),
    );
    // Works before start(): this is what runOnce() uses.
    const first = scheduler.runNow('k');
    const second = scheduler.runNow('k');
    gate.resolve(42);
    const [a, b] = await Promise.all([first, second]);
    expect(calls).toBe(1);
    expect(a).toMatchObject({ key: 'k', status: 'ok', ok: true, value: 42, lagMs: 0 });
    expect(b).toBe(a);
    await expect(scheduler.runNow('missing')).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await clock.advance(0);
    await scheduler.stop();
  });

  it('runNow() resolves with the failure instead of rejecting', async () => {
    const { scheduler } = harness();
    scheduler.add(
      job('bad', {
        run: async () => {
          throw new Error('nope');
        },
      }),
    );
    await expect(scheduler.runNow('bad')).resolves.toMatchObject({
      status: 'error',
      ok: false,
      error: expect.objectContaining({ message: 'nope' }),
    });
    await scheduler.stop();
  });

  it('aborts the run of a removed job and still reports how it ended', async () => {
    const { clock, scheduler, ofType } = harness({ abandonAfter: '1s' });
    let reason: unknown;
    scheduler.add(
      job('gone', {
        immediate: true,
        timeoutMs: 60_000,
        run: (signal) =>
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => {
              reason = signal.reason;
              reject(signal.reason);
            }),
          ),
      }),
    );
    scheduler.start();
    await clock.advance(10);
    expect(scheduler.stats().running).toBe(1);
    scheduler.remove('gone');
    await clock.advance(0);
    expect(reason).toMatchObject({ code: 'ERR_ABORTED' });
    expect(ofType('run:completed')).toEqual([expect.objectContaining({ key: 'gone', ok: false, status: 'error' })]);
    expect(scheduler.stats().running).toBe(0);
    await clock.advance(5000);
    expect(ofType('run:completed')).toHaveLength(1);
    await scheduler.stop();
  });

  it('abandons the run of a removed job that ignores the abort', async () => {
    const { clock, scheduler, ofType } = harness({ abandonAfter: '1s' });
    scheduler.add(job('gone', { immediate: true, timeoutMs: 60_000, run: () => new Promise(() => {}) }));
    scheduler.start();
    await clock.advance(10);
    scheduler.remove('gone');
    await clock.advance(1000);
    expect(ofType('abandoned')).toEqual([expect.objectContaining({ key: 'gone', reason: 'removed' })]);
    expect(scheduler.stats().running).toBe(0);
    await scheduler.stop();
  });

  it('cancels a queued run of a removed job, and its runNow() promise says so', async () => {
    const { scheduler } = harness({ concurrency: { global: 1 } });
    const hog = deferred();
    scheduler.add(job('hog', { run: () => hog.promise }));
    scheduler.add(job('queued'));
    const hogRun = scheduler.runNow('hog');
    const queued = scheduler.runNow('queued');
    expect(scheduler.stats().queued).toBe(1);
    scheduler.remove('queued');
    await expect(queued).resolves.toMatchObject({ status: 'cancelled', error: expect.objectContaining({ code: 'ERR_ABORTED' }) });
    expect(scheduler.stats().queued).toBe(0);
    hog.resolve();
    await hogRun;
    await scheduler.stop();
  });

  it('isolates an onEvent listener that throws', async () => {
    const errors: unknown[] = [];
    const logger = {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (obj: object | string) => {
        errors.push(obj);
      },
    };
    const { clock, scheduler } = harness({
      logger,
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    let runs = 0;
    scheduler.add(job('k', { run: () => runs++ }));
    scheduler.start();
    await clock.advance(3000);
    expect(runs).toBe(3);
    expect(errors).toHaveLength(3);
    await scheduler.stop();
  });
});
