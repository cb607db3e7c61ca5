import { describe, expect, it } from 'vitest';
import { PointBuffer } from '../../src/metrics/functions.js';
import { PAGE_SIZE, PagePool } from '../../src/metrics/page-pool.js';
import { SeriesTable } from '../../src/metrics/series-table.js';

function all(table: SeriesTable, s: number): [number, number][] {
  const out = new PointBuffer();
  table.collect(s, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, out);
  return Array.from({ length: out.n }, (_, i) => [out.t[i] as number, out.v[i] as number]);
}

/** A table with one series (number `s`) and the pool behind it. */
function setup() {
  const pool = new PagePool();
  const table = new SeriesTable(pool);
  const s = table.alloc();
  table.group[s] = 0;
  return { pool, table, s };
}

describe('SeriesTable', () => {
  it('keeps the newest maxSamples in order after wrapping many times, reusing pages', () => {
    const { pool, table, s } = setup();
    for (let i = 0; i < 50; i++) table.push(s, i * 10, 1000 + i * 1000, 20, Number.POSITIVE_INFINITY);
    expect(table.count[s]).toBe(20);
    expect(all(table, s)).toEqual(Array.from({ length: 20 }, (_, k) => [1000 + (30 + k) * 1000, (30 + k) * 10]));
    expect(table.latestValue(s)).toBe(490);
    expect(table.lastTimestamp(s)).toBe(50_000);
    // 20 samples span at most ceil(20 / PAGE_SIZE) + 1 pages; dropped pages went back to the pool.
    expect(pool.inUse).toBeLessThanOrEqual(Math.ceil(20 / PAGE_SIZE) + 1);
  });

  it('drops samples older than maxAge relative to the newest one', () => {
    const { table, s } = setup();
    for (let sec = 0; sec <= 30; sec++) table.push(s, sec, sec * 1000, 1000, 10_000);
    // newest at 30 s: everything before 20 s is gone
    expect(all(table, s).map(([t]) => t / 1000)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
  });

  it('refuses an older timestamp and replaces the value at an equal one', () => {
    const { table, s } = setup();
    expect(table.push(s, 1, 2000, 10, Number.POSITIVE_INFINITY)).toBe(true);
    expect(table.push(s, 2, 1000, 10, Number.POSITIVE_INFINITY)).toBe(false);
    expect(table.push(s, 3, 2000, 10, Number.POSITIVE_INFINITY)).toBe(true);
    expect(all(table, s)).toEqual([[2000, 3]]);
  });

  it('moves its base when offsets would overflow 32 bits, keeping timestamps exact', () => {
    const { table, s } = setup();
    const day = 86_400_000;
    const t0 = 1_700_000_000_000;
    for (let d = 0; d < 60; d += 10) table.push(s, d, t0 + d * day, 100, Number.POSITIVE_INFINITY);
    // 50 days > 2^32 ms: the oldest samples that no longer fit were dropped, the rest are exact
    const points = all(table, s);
    expect(points.at(-1)).toEqual([t0 + 50 * day, 50]);
    for (const [t, v] of points) expect(t).toBe(t0 + v * day);
    expect(points[0]?.[0]).toBeGreaterThanOrEqual(t0 + 50 * day - 0xffff_ffff);
  });

  it('returns its pages to the pool when released', () => {
    const { pool, table, s } = setup();
    for (let i = 0; i < 30; i++) table.push(s, i, i, 100, Number.POSITIVE_INFINITY);
    expect(pool.inUse).toBe(Math.ceil(30 / PAGE_SIZE));
    const gen = table.gen[s];
    table.free(s);
    expect(pool.inUse).toBe(0);
    expect(table.gen[s]).not.toBe(gen);
    // the freed number is handed out again, empty
    expect(table.alloc()).toBe(s);
    expect(table.lastTimestamp(s)).toBe(Number.NEGATIVE_INFINITY);
    expect(all(table, s)).toEqual([]);
  });
});
