import { describe, expect, it } from 'vitest';
import { overlayMaintenance, type Segment, unionOf } from '../../src/reports/timeline.js';

const show = (segments: readonly Segment[]) => segments.map((s) => `${s.from}-${s.to} ${s.bucket}`);

describe('timeline helpers', () => {
  it('merges and clips maintenance intervals', () => {
    expect(
      unionOf(
        [
          { from: 50, to: 70 },
          { from: -10, to: 5 },
          { from: 60, to: 80 },
          { from: 80, to: 90 },
          { from: 120, to: 130 },
        ],
        0,
        100,
      ),
    ).toEqual([
      { from: 0, to: 5 },
      { from: 50, to: 90 },
    ]);
  });

  it('cuts maintenance out of segments, across segment boundaries, joining what touches', () => {
    const segments: Segment[] = [
      { from: 0, to: 10, bucket: 'ok' },
      { from: 10, to: 20, bucket: 'critical' },
      { from: 20, to: 40, bucket: 'ok' },
    ];
    expect(
      show(
        overlayMaintenance(segments, [
          { from: 5, to: 15 },
          { from: 15, to: 17 },
          { from: 30, to: 40 },
        ]),
      ),
    ).toEqual(['0-5 ok', '5-17 maintenance', '17-20 critical', '20-30 ok', '30-40 maintenance']);
    expect(show(overlayMaintenance(segments, []))).toEqual(['0-10 ok', '10-20 critical', '20-40 ok']);
  });
});
