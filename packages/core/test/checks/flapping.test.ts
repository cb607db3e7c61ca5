import { describe, expect, it } from 'vitest';
import { createFlapDetector, FlapTable, recordFlapWord, resolveFlapThresholds } from '../../src/checks/flapping.js';
import type { CheckStatus } from '../../src/checks/types.js';
import { WardenError } from '../../src/errors/warden-error.js';

// Transition x (1 = oldest … 20 = newest) weighs w(x) = 0.75 + (x − 1) × 0.5 / 19 = 0.75 + (x − 1) / 38,
// and percent = Σ w / 20 × 100 = 5 × Σ w.

/** Nagios' loop, written the slow way: a ring of 21 states pre-filled with OK. */
function nagiosReference(statuses: CheckStatus[]): number {
  const history: CheckStatus[] = Array.from({ length: 21 }, () => 'ok');
  let index = 0;
  for (const status of statuses) {
    history[index] = status;
    index = (index + 1) % 21;
  }
  let changes = 0;
  let last = history[index];
  for (let x = 1; x < 21; x++) {
    const state = history[(index + x) % 21];
    if (state !== last) changes += ((x - 1) * (1.25 - 0.75)) / 19 + 0.75;
    last = state;
  }
  return (changes * 100) / 20;
}

const alternate = (count: number, first: CheckStatus = 'critical'): CheckStatus[] =>
  Array.from({ length: count }, (_, i) => (i % 2 === 0 ? first : 'ok'));

describe('createFlapDetector', () => {
  it('counts one change from the OK-filled history at the newest weight', () => {
    // The pre-filled history is all OK; one critical is transition x = 20: w = 0.75 + 19/38 = 1.25 → 6.25 %.
    const flap = createFlapDetector();
    expect(flap.record('critical')).toEqual({ percent: 6.25, flapping: false, changed: undefined });
  });

  it('starts flapping when the percentage reaches 30 % and not before', () => {
    // After k alternating results the newest k transitions are set (x = 21−k … 20):
    // Σ w = 0.75k + k(39 − k) / 76.
    // k=1: 1.25 → 6.25 %;  k=2: 1.5 + 74/76 = 2.47368 → 12.368 %;  k=3: 2.25 + 108/76 = 3.67105 → 18.355 %
    // k=4: 3 + 140/76 = 4.84211 → 24.211 %;  k=5: 3.75 + 170/76 = 5.98684 → 29.934 % (still below 30)
    // k=6: 4.5 + 198/76 = 7.10526 → 35.526 % → starts.
    const expected = [6.25, 12.368, 18.355, 24.211, 29.934, 35.526];
    const flap = createFlapDetector();
    const updates = alternate(6).map((status) => flap.record(status));
    updates.forEach((update, i) => {
      expect(update.percent).toBeCloseTo(expected[i] as number, 3);
    });
    expect(updates.map((u) => u.flapping)).toEqual([false, false, false, false, false, true]);
    expect(updates.map((u) => u.changed)).toEqual([undefined, undefined, undefined, undefined, undefined, 'started']);
  });

  it('keeps flapping between the thresholds and stops at 20 % or below', () => {
    // After the 6 alternations (last result ok), each further ok shifts the 6 transitions one place older.
    // After m oks they sit at x = 15−m … 20−m (those below 1 have left the window):
    // m=1: x=14…19: 4.5 + (13+…+18)/38 = 4.5 + 93/38 = 6.94737 → 34.737 %
    // m=14: x=1…6: 4.5 + 15/38 = 4.89474 → 24.474 %
    // m=15: x=1…5: 3.75 + 10/38 = 4.01316 → 20.066 % (above 20: still flapping)
    // m=16: x=1…4: 3 + 6/38 = 3.15789 → 15.789 % → stops.
    const flap = createFlapDetector();
    for (const status of alternate(6)) flap.record(status);
    const updates = Array.from({ length: 16 }, () => flap.record('ok'));
    expect(updates[0]?.percent).toBeCloseTo(34.737, 3);
    expect(updates[13]?.percent).toBeCloseTo(24.474, 3);
    expect(updates[14]?.percent).toBeCloseTo(20.066, 3);
    expect(updates[15]?.percent).toBeCloseTo(15.789, 3);
    expect(updates.slice(0, 15).every((u) => u.flapping && u.changed === undefined)).toBe(true);
    expect(updates[15]).toMatchObject({ flapping: false, changed: 'stopped' });
  });

  it('reaches 100 % when all 20 transitions changed, and forgets what is older than 21 results', () => {
    // 20 alternations: every x = 1…20 set: Σ w = 20 × 0.75 + (0+…+19)/38 = 15 + 5 = 20 → 100 %.
    const flap = createFlapDetector();
    for (const status of alternate(20)) flap.record(status);
    expect(flap.percent).toBeCloseTo(100, 10);
    // The 20th result was ok; 20 more oks push every transition out of the window.
    for (let i = 0; i < 20; i++) flap.record('ok');
    expect(flap.percent).toBe(0);
    expect(flap.flapping).toBe(false);
  });

  it('counts a change between two non-OK states', () => {
    // ok(history) → warning (x=19: 0.75 + 18/38) → critical (x=20: 1.25): Σ = 1.22368 + 1.25 = 2.47368 → 12.368 %.
    const flap = createFlapDetector();
    flap.record('warning');
    expect(flap.record('critical').percent).toBeCloseTo(12.368, 3);
  });

  it('honours custom thresholds', () => {
    // low 5, high 10: the 2nd alternation (12.368 %) starts it; 6.25 % would not.
    const flap = createFlapDetector({ low: 5, high: 10 });
    expect(flap.record('critical').flapping).toBe(false);
    expect(flap.record('ok').changed).toBe('started');
  });

  it('refuses thresholds outside 0 ≤ low ≤ high ≤ 100', () => {
    for (const bad of [{ low: 40, high: 30 }, { low: -1 }, { high: 101 }, { low: Number.NaN }]) {
      expect(() => createFlapDetector(bad)).toThrow(WardenError);
    }
    expect(() => resolveFlapThresholds({ low: 50, high: 40 }, 'check "x".flapping')).toThrow(/check "x".flapping/);
  });
});

describe('the packed implementation matches the Nagios loop', () => {
  it('gives the same percentage for 2,000 pseudo-random sequences', () => {
    const statuses: CheckStatus[] = ['ok', 'warning', 'critical', 'unknown'];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const thresholds = resolveFlapThresholds();
    for (let run = 0; run < 2000; run++) {
      const length = Math.floor(random() * 40);
      const bias = random();
      const sequence = Array.from({ length }, () => (random() < bias ? 'ok' : (statuses[Math.floor(random() * 4)] as CheckStatus)));
      const flap = createFlapDetector();
      let word = 0;
      for (const status of sequence) {
        flap.record(status);
        word = recordFlapWord(word, status, thresholds);
      }
      expect(flap.percent).toBeCloseTo(nagiosReference(sequence), 9);
    }
  });
});

describe('FlapTable', () => {
  it('keeps independent detectors, grows past its capacity and reuses released slots', () => {
    const table = new FlapTable(undefined, 2);
    const slots = Array.from({ length: 5 }, () => table.allocate());
    expect(new Set(slots).size).toBe(5);
    const [a, b] = slots as [number, number];
    const changes = alternate(6).map((status) => table.record(a, status));
    expect(changes[5]).toBe('started');
    expect(table.flapping(a)).toBe(true);
    expect(table.flapping(b)).toBe(false);
    expect(table.percent(b)).toBe(0);
    table.release(a);
    const again = table.allocate();
    expect(again).toBe(a);
    expect(table.percent(again)).toBe(0);
    expect(table.size).toBe(5);
  });

  it('restores a snapshot', () => {
    const table = new FlapTable();
    const slot = table.allocate();
    for (const status of alternate(7)) table.record(slot, status);
    const word = table.snapshot(slot);
    const other = new FlapTable();
    const copy = other.allocate();
    other.restore(copy, word);
    expect(other.percent(copy)).toBe(table.percent(slot));
    expect(other.flapping(copy)).toBe(true);
  });

  it('takes per-check thresholds on record', () => {
    const table = new FlapTable();
    const slot = table.allocate();
    expect(table.record(slot, 'critical', resolveFlapThresholds({ low: 1, high: 5 }))).toBe('started');
  });
});
