import { describe, expect, it } from 'vitest';
import { avg, counterDelta, increase, max, min, PointBuffer, predictLinear, quantile, rate } from '../../src/metrics/functions.js';

const s = (seconds: number) => seconds * 1000;

describe('counter increase and rate', () => {
  it('treats a drop as a reset: the new reading counts from zero', () => {
    // 100 → 150 (+50) → 30 (reset: +30) → 60 (+30)
    const points = PointBuffer.from([
      [s(0), 100],
      [s(10), 150],
      [s(20), 30],
      [s(30), 60],
    ]);
    expect(increase(points)).toBe(110);
    expect(rate(points)).toBeCloseTo(110 / 30, 12);
  });

  it('treats a drop from the top quarter to the bottom quarter of a 32-bit counter as a wrap', () => {
    // 4294966000 → 4294967000 (+1000) → 200 (wrap: 2^32 − 4294967000 + 200 = 496)
    const points = PointBuffer.from([
      [s(0), 4_294_966_000],
      [s(10), 4_294_967_000],
      [s(20), 200],
    ]);
    expect(increase(points, 32)).toBe(1496);
    expect(rate(points, 32)).toBe(74.8);
    // the same readings without a width are a reset
    expect(increase(points)).toBe(1200);
  });

  it('handles a 64-bit wrap', () => {
    const prev = 2 ** 64 - 4096;
    expect(counterDelta(prev, 2048, 64)).toBe(6144);
    const points = PointBuffer.from([
      [s(0), prev],
      [s(60), 2048],
    ]);
    expect(rate(points, 64)).toBe(102.4);
  });

  it('calls a drop a reset when the previous reading was not near the top', () => {
    expect(counterDelta(1_000_000, 10, 32)).toBe(10);
    expect(counterDelta(3_000_000_000, 10, 32)).toBe(10); // below 3/4 of 2^32
    expect(counterDelta(4_000_000_000, 2_000_000_000, 32)).toBe(2_000_000_000); // new reading not in the bottom quarter
  });

  it('needs two points', () => {
    expect(rate(PointBuffer.from([[0, 5]]))).toBeUndefined();
    expect(increase(PointBuffer.from([]))).toBeUndefined();
    expect(
      rate(
        PointBuffer.from([
          [0, 5],
          [s(1), Number.NaN],
        ]),
      ),
    ).toBeUndefined();
  });
});

describe('aggregates', () => {
  const points = PointBuffer.from([
    [s(0), 1],
    [s(1), Number.NaN],
    [s(2), 5],
    [s(3), 3],
  ]);

  it('avg, min and max skip NaN', () => {
    expect(avg(points)).toBe(3);
    expect(min(points)).toBe(1);
    expect(max(points)).toBe(5);
    expect(avg(PointBuffer.from([]))).toBeUndefined();
  });

  it('quantile interpolates between ranks like quantile_over_time', () => {
    const values = PointBuffer.from([
      [0, 40],
      [1, 10],
      [2, 30],
      [3, 20],
    ]);
    expect(quantile(values, 0.5)).toBe(25); // rank 1.5 between 20 and 30
    expect(quantile(values, 0.9)).toBeCloseTo(37, 12); // rank 2.7: 30·0.3 + 40·0.7
    expect(quantile(values, 0)).toBe(10);
    expect(quantile(values, 1)).toBe(40);
  });
});

describe('predictLinear', () => {
  it('extends a straight line', () => {
    // y = 100 + 2·seconds, sampled at 0, 10, 20, 30 s; evaluated at 30 s, 60 s ahead → y(90) = 280
    const line = PointBuffer.from([0, 10, 20, 30].map((x) => [s(x), 100 + 2 * x] as const));
    expect(predictLinear(line, s(30), 60)).toBeCloseTo(280, 9);
    expect(predictLinear(line, s(30), 0)).toBeCloseTo(160, 9);
  });

  it('fits noisy points by least squares', () => {
    // x = 0, 1, 2 s; y = 0, 2, 1 → slope 0.5, intercept at x=0 is 0.5
    const pts = PointBuffer.from([
      [0, 0],
      [s(1), 2],
      [s(2), 1],
    ]);
    expect(predictLinear(pts, 0, 4)).toBeCloseTo(2.5, 12);
  });

  it('needs two distinct timestamps', () => {
    expect(predictLinear(PointBuffer.from([[0, 1]]), 0, 10)).toBeUndefined();
  });
});
