import { describe, expect, it } from 'vitest';
import { ConcurrencyProbe, harness, job } from './helpers.js';

/** Adds jobs that all fall due at once (immediate), starts, and lets them reach the limits. */
async function saturate(
  h: ReturnType<typeof harness>,
  specs: { key: string; plugin?: string; assetId?: string; group: string }[],
  probe: ConcurrencyProbe,
) {
  for (const spec of specs)
    h.scheduler.add(
      job(spec.key, {
        plugin: spec.plugin ?? 'test',
        ...(spec.assetId === undefined ? {} : { assetId: spec.assetId }),
        immediate: true,
        timeoutMs: 3_600_000,
        schedule: { every: 3_600_000 },
        run: probe.body(spec.group),
      }),
    );
  h.scheduler.start();
  await h.clock.advance(0);
}

/** Releases running bodies until every job has run once. */
async function drain(h: ReturnType<typeof harness>, probe: ConcurrencyProbe, total: number): Promise<void> {
  for (let round = 0; round <= total && probe.pending.length > 0; round++) {
    probe.releaseAll();
    await h.clock.advance(0);
  }
}

describe('scheduler: concurrency limits', () => {
  it('honours the global limit and runs everything eventually', async () => {
    const h = harness({ concurrency: { global: 5 } });
    const probe = new ConcurrencyProbe();
    await saturate(
      h,
      Array.from({ length: 20 }, (_, i) => ({ key: `j${i}`, assetId: `a${i}`, group: 'all' })),
      probe,
    );
    expect(probe.current).toBe(5);
    expect(h.scheduler.stats()).toMatchObject({ running: 5, queued: 15 });
    await drain(h, probe, 20);
    expect(probe.max).toBe(5);
    expect(h.scheduler.stats().counters.ok).toBe(20);
    await h.scheduler.stop();
  });

  it('honours the per-asset limit', async () => {
    const h = harness({ concurrency: { perAsset: 2 } });
    const probe = new ConcurrencyProbe();
    await saturate(
      h,
      Array.from({ length: 12 }, (_, i) => ({
        key: `j${i}`,
        assetId: i % 2 === 0 ? 'sw-1' : 'sw-2',
        group: i % 2 === 0 ? 'sw-1' : 'sw-2',
      })),
      probe,
    );
    expect(probe.current).toBe(4);
    await drain(h, probe, 12);
    expect(probe.maxByGroup.get('sw-1')).toBe(2);
    expect(probe.maxByGroup.get('sw-2')).toBe(2);
    expect(h.scheduler.stats().counters.ok).toBe(12);
    await h.scheduler.stop();
  });

  it('honours the per-plugin limit', async () => {
    const h = harness({ concurrency: { perPlugin: 3, global: 100 } });
    const probe = new ConcurrencyProbe();
    await saturate(
      h,
      Array.from({ length: 15 }, (_, i) => ({
        key: `j${i}`,
        plugin: i < 10 ? 'snmp' : 'ssh',
        assetId: `a${i}`,
        group: i < 10 ? 'snmp' : 'ssh',
      })),
      probe,
    );
    expect(probe.current).toBe(6);
    await drain(h, probe, 15);
    expect(probe.maxByGroup.get('snmp')).toBe(3);
    expect(probe.maxByGroup.get('ssh')).toBe(3);
    expect(h.scheduler.stats().counters.ok).toBe(15);
    await h.scheduler.stop();
  });

  it('uses documented defaults: 64 global, 4 per asset, 32 per plugin', async () => {
    const h = harness();
    const probe = new ConcurrencyProbe();
    const specs = [
      ...Array.from({ length: 10 }, (_, i) => ({ key: `same-asset-${i}`, plugin: 'p0', assetId: 'hot', group: 'hot' })),
      ...Array.from({ length: 40 }, (_, i) => ({ key: `p1-${i}`, plugin: 'p1', assetId: `x${i}`, group: 'p1' })),
      ...Array.from({ length: 40 }, (_, i) => ({ key: `p2-${i}`, plugin: 'p2', assetId: `y${i}`, group: 'p2' })),
    ];
    await saturate(h, specs, probe);
    expect(probe.maxByGroup.get('hot')).toBe(4);
    expect(probe.maxByGroup.get('p1')).toBe(32);
    expect(probe.current).toBe(64);
    await drain(h, probe, specs.length);
    expect(h.scheduler.stats().counters.ok).toBe(specs.length);
    await h.scheduler.stop();
  });

  it('does not let a blocked asset hold up other assets (and serves each gate first-in first-out)', async () => {
    const h = harness({ concurrency: { global: 4, perAsset: 1 } });
    const started: string[] = [];
    const probe = new ConcurrencyProbe();
    const body = probe.body('all');
    for (let i = 0; i < 6; i++)
      h.scheduler.add(
        job(`slow-${i}`, {
          assetId: 'slow',
          schedule: { every: 3_600_000 },
          immediate: true,
          timeoutMs: 3_600_000,
          run: (s) => {
            started.push(`slow-${i}`);
            return body(s);
          },
        }),
      );
    for (let i = 0; i < 3; i++)
      h.scheduler.add(
        job(`fast-${i}`, {
          assetId: `fast-${i}`,
          schedule: { every: 3_600_000 },
          immediate: true,
          timeoutMs: 3_600_000,
          run: (s) => {
            started.push(`fast-${i}`);
            return body(s);
          },
        }),
      );
    h.scheduler.start();
    await h.clock.advance(0);
    // slow-0 holds the asset; slow-1..5 wait at the asset gate and hold nothing, so every fast job starts.
    expect(started).toEqual(['slow-0', 'fast-0', 'fast-1', 'fast-2']);
    for (let i = 0; i < 6; i++) {
      probe.releaseAll();
      await h.clock.advance(0);
    }
    expect(started).toEqual(['slow-0', 'fast-0', 'fast-1', 'fast-2', 'slow-1', 'slow-2', 'slow-3', 'slow-4', 'slow-5']);
    await h.scheduler.stop();
  });

  it('dispatches 10,000 jobs due at once in slices, yielding to the event loop between them', async () => {
    const h = harness({ concurrency: { global: 20_000, perPlugin: 20_000 }, sliceSize: 500 });
    let started = 0;
    let seenByHost: number | undefined;
    for (let i = 0; i < 10_000; i++)
      h.scheduler.add(
        job(`j${i}`, {
          schedule: { cron: '0 * * * *' },
          run: () => {
            started++;
            // The host app's own work, queued while the first slice runs.
            if (started === 1) setImmediate(() => (seenByHost = started));
          },
        }),
      );
    h.scheduler.start();
    await h.clock.advance(3_600_000 - (h.clock.now() % 3_600_000));
    expect(started).toBe(10_000);
    expect(seenByHost).toBeGreaterThan(0);
    expect(seenByHost).toBeLessThanOrEqual(500);
    expect(h.scheduler.stats().counters.yields).toBeGreaterThanOrEqual(19);
    expect(h.scheduler.stats().counters.ok).toBe(10_000);
    await h.scheduler.stop();
  });
});
