import { describe, expect, it } from 'vitest';
import { hashKey, nextSlot, phaseOffset } from '../../src/scheduler/phase.js';

describe('phase', () => {
  it('gives a key the same offset every time (restarts keep the phase)', () => {
    // Pinned values: changing the hash would move every job's phase after an upgrade.
    expect(hashKey('check:disk/web-1')).toBe(830550670);
    expect(phaseOffset('check:disk/web-1', 30_000)).toBe(18270);
    expect(hashKey('')).toBe(2872998923);
    expect(hashKey('a')).not.toBe(hashKey('b'));
  });

  it('spreads similar keys evenly across the interval', () => {
    const every = 60_000;
    const buckets = new Array<number>(10).fill(0);
    const offsets = Array.from({ length: 10_000 }, (_, i) => phaseOffset(`collect:host.local/web-${i}`, every));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(every);
    for (const offset of offsets) buckets[Math.floor(offset / (every / 10))] = (buckets[Math.floor(offset / (every / 10))] ?? 0) + 1;
    // 1,000 expected per bucket; a uniform spread stays well within ±15 %.
    for (const count of buckets) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('spreads intervals longer than 2^32 ms too', () => {
    const every = 2 ** 33;
    const offsets = Array.from({ length: 200 }, (_, i) => phaseOffset(`k${i}`, every));
    expect(offsets.filter((o) => o >= 2 ** 32).length).toBeGreaterThan(50);
  });

  it('aligns slots to the epoch, not to the reference time', () => {
    const every = 10_000;
    const offset = 1234;
    for (const time of [0, 1233, 1234, 1235, 1_700_000_000_000, 1_700_000_001_234]) {
      const slot = nextSlot(time, every, offset, false);
      expect((slot - offset) % every).toBe(0);
      expect(slot).toBeGreaterThanOrEqual(time);
      expect(slot - time).toBeLessThan(every);
    }
    expect(nextSlot(11_234, every, offset, false)).toBe(11_234);
    expect(nextSlot(11_234, every, offset, true)).toBe(21_234);
  });
});
