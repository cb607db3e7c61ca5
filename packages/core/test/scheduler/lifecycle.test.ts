import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import type { Executor, JobRun } from '../../src/scheduler/types.js';
import { createManualClock } from '../../src/testing/manual-clock.js';
import { deferred, harness, job } from './helpers.js';

describe('scheduler: lifecycle', () => {
  it('runs nothing before start(), and start() twice is a no-op', async () => {
    const { clock, scheduler } = harness();
    let runs = 0;
    scheduler.add(job('k', { run: () => runs++ }));
    await clock.advance(5000);
    expect(runs).toBe(0);
    expect(scheduler.nextRunAt('k')).toBeUndefined();
    scheduler.start();
    scheduler.start();
    await clock.advance(3000);
    expect(runs).toBe(3);
    expect(clock.pendingTimers()).toBe(1);
    await scheduler.stop();
  });

  it('stop() drains running runs, then aborts and abandons the rest; queued runs are cancelled', async () => {
    const { clock, scheduler, ofType } = harness({ concurrency: { global: 2 } });
    const quick = deferred();
    let stuckReason: unknown;
    scheduler.add(job('quick', { schedule: { every: 60_000 }, timeoutMs: 60_000, run: () => quick.promise }));
    scheduler.add(
      job('stuck', {
        schedule: { every: 60_000 },
        timeoutMs: 60_000,
        run: (signal) => {
          signal.addEventListener('abort', () => {
            stuckReason = signal.reason;
          });
          return new Promise(() => {});
        },
      }),
    );
    scheduler.add(job('queued', { schedule: { every: 60_000 } }));
    const runs = ['quick', 'stuck', 'queued'].map((key) => scheduler.runNow(key));
    scheduler.start();
    expect(scheduler.stats()).toMatchObject({ running: 2, queued: 1 });
    let stopped = false;
    const stopping = scheduler.stop({ timeout: '10s' }).then(() => {
      stopped = true;
    });
    expect(scheduler.stats().state).toBe('stopping');
    await expect(runs[2]).resolves.toMatchObject({ status: 'cancelled', error: expect.objectContaining({ code: 'ERR_STOPPED' }) });
    quick.resolve();
    await clock.advance(9_999);
    await expect(runs[0]).resolves.toMatchObject({ status: 'ok' });
    expect(stopped).toBe(false);
    expect(stuckReason).toBeUndefined();
    await clock.advance(1);
    await stopping;
    expect(stuckReason).toMatchObject({ code: 'ERR_STOPPED' });
    expect(ofType('abandoned')).toEqual([expect.objectContaining({ key: 'stuck', reason: 'stopped' })]);
    await expect(runs[1]).resolves.toMatchObject({ status: 'abandoned' });
    expect(scheduler.stats()).toMatchObject({ state: 'stopped', running: 0, queued: 0 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stop() resolves at once when nothing runs, and is idempotent', async () => {
    const { clock, scheduler } = harness();
    scheduler.add(job('k'));
    scheduler.start();
    const a = scheduler.stop();
    const b = scheduler.stop({ timeout: 1 });
    expect(b).toBe(a);
    await a;
    expect(clock.pendingTimers()).toBe(0);
  });

  it('is final: start(), add() and runNow() after stop() fail with ERR_STOPPED', async () => {
    const { scheduler } = harness();
    scheduler.add(job('k'));
    await scheduler.stop();
    expect(() => scheduler.start()).toThrow(expect.objectContaining({ code: 'ERR_STOPPED' }));
    expect(() => scheduler.add(job('other'))).toThrow(expect.objectContaining({ code: 'ERR_STOPPED' }));
    await expect(scheduler.runNow('k')).rejects.toMatchObject({ code: 'ERR_STOPPED' });
  });

  it('reports jobs, running, queued, lag and duration summaries, counters and event-loop delay', async () => {
    const { clock, scheduler } = harness({ concurrency: { global: 1 } });
    expect(scheduler.stats().eventLoopDelay).toBeUndefined();
    const gates = [deferred(), deferred()];
    scheduler.add(job('a', { schedule: { every: 60_000 }, immediate: true, timeoutMs: 60_000, run: () => gates[0]?.promise }));
    scheduler.add(job('b', { schedule: { every: 60_000 }, immediate: true, timeoutMs: 60_000, run: () => gates[1]?.promise }));
    scheduler.start();
    await clock.advance(0);
    expect(scheduler.stats()).toMatchObject({ state: 'running', jobs: 2, running: 1, queued: 1 });
    await clock.advance(300);
    gates[0]?.resolve();
    await clock.advance(200);
    gates[1]?.resolve();
    await clock.advance(0);
    const stats = scheduler.stats({ reset: true });
    // a started on time and ran 300 ms; b waited 300 ms for the global slot, then ran 200 ms.
    expect(stats.lag).toEqual({ p50: 0, p99: 300, max: 300, count: 2 });
    expect(stats.duration).toEqual({ p50: 200, p99: 300, max: 300, count: 2 });
    expect(stats.counters).toMatchObject({ runs: 2, ok: 2, failed: 0, overruns: 0, timeouts: 0, abandoned: 0 });
    expect(stats.eventLoopDelay).toEqual(expect.objectContaining({ p50: expect.any(Number), p99: expect.any(Number) }));
    expect(scheduler.stats().lag.count).toBe(0);
    await scheduler.stop();
    expect(scheduler.stats().eventLoopDelay).toBeUndefined();
  });

  it('hands runs to a custom executor, still enforcing timeouts when it never answers', async () => {
    const seen: JobRun[] = [];
    const remote: Executor = {
      execute(run) {
        seen.push(run);
        if (run.key === 'lost') return new Promise(() => {});
        return Promise.resolve(`done by worker: ${run.key}`);
      },
    };
    const { clock, scheduler, ofType } = harness({ executor: remote, abandonAfter: 100 });
    scheduler.add(job('k', { assetId: 'web-1', plugin: 'ssh', run: () => 'local' }));
    scheduler.add(job('lost', { timeoutMs: 200 }));
    const outcome = await scheduler.runNow('k');
    expect(outcome).toMatchObject({ status: 'ok', value: 'done by worker: k' });
    expect(seen[0]).toMatchObject({ key: 'k', plugin: 'ssh', assetId: 'web-1', dueAt: clock.now() });
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
    const lost = scheduler.runNow('lost');
    await clock.advance(300);
    await expect(lost).resolves.toMatchObject({ status: 'abandoned' });
    expect(seen[1]?.signal.aborted).toBe(true);
    expect(ofType('timeout').map((e) => e.key)).toEqual(['lost']);
    expect(ofType('abandoned').map((e) => e.key)).toEqual(['lost']);
    await scheduler.stop();
  });

  it('contains an executor that throws synchronously', async () => {
    const clock = createManualClock(0);
    const scheduler = createScheduler({
      clock,
      executor: {
        execute() {
          throw new Error('executor down');
        },
      },
    });
    scheduler.add(job('k'));
    await expect(scheduler.runNow('k')).resolves.toMatchObject({
      status: 'error',
      error: expect.objectContaining({ message: 'executor down' }),
    });
    await scheduler.stop();
  });

  it('does not keep the process alive, started or stopped, on the system clock', () => {
    const script = fileURLToPath(new URL('./fixtures/keep-alive.ts', import.meta.url));
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 15_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ran 1; exiting on its own');
    expect(result.status).toBe(0);
    // Jobs every 60 s are still scheduled; the process still exits promptly.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
