import { describe, expect, it } from 'vitest';
import { PointBuffer } from '../../src/metrics/functions.js';
import { PAGE_SIZE, PagePool } from '../../src/metrics/page-pool.js';
import { Series } from '../../src/metrics/series.js';

const META = { type: 'gauge', unit: undefined, counterBits: undefined, description: undefined } as const;
const newSeries = () => new Series('test.value', { asset: 'a' }, META, undefined);

function all(series: Series, pool: PagePool): [number, number][] {
  const out = new PointBuffer();
  series.collect(pool, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, out);
  return Array.from({ length: out.n }, (_, i) => [out.t[i] as number, out.v[i] as number]);
}

describe('Series', () => {
  it('keeps the newest maxSamples in order after wrapping many times, reusing pages', () => {
    const pool = new PagePool();
    const series = newSeries();
    for (let i = 0; i < 50; i++) series.push(pool, i * 10, 1000 + i * 1000, 20, Number.POSITIVE_INFINITY);
    expect(series.count).toBe(20);
    expect(all(series, pool)).toEqual(Array.from({ length: 20 }, (_, k) => [1000 + (30 + k) * 1000, (30 + k) * 10]));
    expect(series.latestValue(pool)).toBe(490);
    expect(series.lastTimestamp).toBe(50_000);
    // 20 samples span at most ceil(20 / PAGE_SIZE) + 1 pages; dropped pages went back to the pool.
    expect(pool.inUse).toBeLessThanOrEqual(Math.ceil(20 / PAGE_SIZE) + 1);
  });

  it('drops samples older than maxAge relative to the newest one', () => {
    const pool = new PagePool();
    const series = newSeries();
    for (let s = 0; s <= 30; s++) series.push(pool, s, s * 1000, 1000, 10_000);
    // newest at 30 s: everything before 20 s is gone
    expect(all(series, pool).map(([t]) => t / 1000)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
  });

  it('refuses an older timestamp and replaces the value at an equal one', () => {
    const pool = new PagePool();
    const series = newSeries();
    expect(series.push(pool, 1, 2000, 10, Number.POSITIVE_INFINITY)).toBe(true);
    expect(series.push(pool, 2, 1000, 10, Number.POSITIVE_INFINITY)).toBe(false);
    expect(series.push(pool, 3, 2000, 10, Number.POSITIVE_INFINITY)).toBe(true);
    expect(all(series, pool)).toEqual([[2000, 3]]);
  });

  it('moves its base when offsets would overflow 32 bits, keeping timestamps exact', () => {
    const pool = new PagePool();
    const series = newSeries();
    const day = 86_400_000;
    const t0 = 1_700_000_000_000;
    for (let d = 0; d < 60; d += 10) series.push(pool, d, t0 + d * day, 100, Number.POSITIVE_INFINITY);
    // 50 days > 2^32 ms: the oldest samples that no longer fit were dropped, the rest are exact
    const points = all(series, pool);
    expect(points.at(-1)).toEqual([t0 + 50 * day, 50]);
    for (const [t, v] of points) expect(t).toBe(t0 + v * day);
    expect(points[0]?.[0]).toBeGreaterThanOrEqual(t0 + 50 * day - 0xffff_ffff);
  });

  it('returns its pages to the pool when released', () => {
    const pool = new PagePool();
    const series = newSeries();
    for (let i = 0; i < 30; i++) series.push(pool, i, i, 100, Number.POSITIVE_INFINITY);
    expect(pool.inUse).toBe(Math.ceil(30 / PAGE_SIZE));
    series.release(pool);
    expect(pool.inUse).toBe(0);
    expect(series.removed).toBe(true);
  });
});
