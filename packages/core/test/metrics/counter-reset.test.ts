import { describe, expect, it } from 'vitest';
import { increase } from '../../src/metrics/functions.js';
import { createMetricStore } from '../../src/metrics/store.js';
import { createManualClock } from '../../src/testing/manual-clock.js';

const TOP = 2 ** 32 - 1_000; // high in a 32-bit counter's range: a drop from here looks like a wrap
const counter = { name: 'hw.network.io', type: 'counter' as const, counterBits: 32 as const, unit: 'By', labels: { device: 'eth0' } };

function points(...pairs: Array<[number, number]>) {
  return { n: pairs.length, t: Float64Array.from(pairs.map((p) => p[0])), v: Float64Array.from(pairs.map((p) => p[1])) };
}

describe('counter resets flagged by the collector (Sample.reset)', () => {
  it('without the flag, a drop from the top to the bottom quarter is a wrap; with it, the reading counts from zero', () => {
    const clock = createManualClock();
    const store = createMetricStore({ clock });
    const t0 = clock.now();
    store.ingest('sw-1', [{ ...counter, value: TOP, timestamp: t0 }]);
    store.ingest('sw-1', [{ ...counter, value: 500, timestamp: t0 + 10_000 }]);
    expect(store.increase(counter.name, { asset: 'sw-1', device: 'eth0' }, '1m', { at: t0 + 10_000 })).toBe(1_500);

    store.ingest('sw-2', [{ ...counter, value: TOP, timestamp: t0 }]);
    store.ingest('sw-2', [{ ...counter, value: 500, reset: true, timestamp: t0 + 10_000 }]);
    expect(store.increase(counter.name, { asset: 'sw-2', device: 'eth0' }, '1m', { at: t0 + 10_000 })).toBe(500);
    expect(store.rate(counter.name, { asset: 'sw-2', device: 'eth0' }, '1m', { at: t0 + 10_000 })).toBe(50);
  });

  it('a flagged reading that dropped counts from zero; later readings count normally', () => {
    const clock = createManualClock();
    const store = createMetricStore({ clock });
    const t0 = clock.now();
    store.ingest('sw-1', [{ ...counter, value: 9_000, timestamp: t0 }]);
    store.ingest('sw-1', [{ ...counter, value: 5_000, reset: true, timestamp: t0 + 10_000 }]);
    store.ingest('sw-1', [{ ...counter, value: 6_000, timestamp: t0 + 20_000 }]);
    const labels = { asset: 'sw-1', device: 'eth0' };
    expect(store.increase(counter.name, labels, '1m', { at: t0 + 20_000 })).toBe(5_000 + 1_000);
    // A window that starts at the restarted reading does not count the restart again.
    expect(store.increase(counter.name, labels, '15s', { at: t0 + 20_000 })).toBe(1_000);
    expect(store.evaluate(counter.name, { asset: 'sw-1' }, 'increase', '1m', { at: t0 + 20_000 })[0]?.value).toBe(6_000);
  });

  it('a flagged reading above the last one is an ordinary rise (the agent restarted, its counter kept counting)', () => {
    const clock = createManualClock();
    const store = createMetricStore({ clock });
    const t0 = clock.now();
    // snmpd restarted: sysUpTime went back, the kernel's octet counter did not.
    store.ingest('host', [{ ...counter, counterBits: 64, value: 8e12, timestamp: t0 }]);
    store.ingest('host', [{ ...counter, counterBits: 64, value: 8e12 + 50_000, reset: true, timestamp: t0 + 10_000 }]);
    expect(store.increase(counter.name, { asset: 'host', device: 'eth0' }, '1m', { at: t0 + 10_000 })).toBe(50_000);
    expect(store.rate(counter.name, { asset: 'host', device: 'eth0' }, '1m', { at: t0 + 10_000 })).toBe(5_000);
  });

  it('a removed series whose slot is reused does not inherit its resets', () => {
    const clock = createManualClock();
    const store = createMetricStore({ clock });
    const t0 = clock.now();
    store.ingest('sw-1', [{ ...counter, value: 10, timestamp: t0 }]);
    store.ingest('sw-1', [{ ...counter, value: 20, reset: true, timestamp: t0 + 10_000 }]);
    store.removeSeries({ asset: 'sw-1' });
    store.ingest('sw-9', [{ ...counter, value: TOP, timestamp: t0 }]);
    store.ingest('sw-9', [{ ...counter, value: 500, timestamp: t0 + 10_000 }]);
    expect(store.increase(counter.name, { asset: 'sw-9', device: 'eth0' }, '1m', { at: t0 + 10_000 })).toBe(1_500);
  });

  it('refuses the flag on a gauge or as a non-boolean, naming the field', () => {
    const store = createMetricStore();
    expect(() => store.ingest('h', [{ name: 'system.memory.usage', value: 1, reset: true }])).toThrow(
      /samples\[0\]\.reset: only applies to counters/,
    );
    expect(() => store.ingest('h', [{ ...counter, value: 1, reset: 'yes' as never }])).toThrow(
      /samples\[0\]\.reset: must be true or false/,
    );
  });

  it('increase() takes the restart times beside the points', () => {
    const p = points([0, TOP], [10, 100], [20, 200], [30, 50]);
    expect(increase(p, 32)).toBe(1_000 + 100 + 100 + 50);
    expect(increase(p, 32, [10])).toBe(100 + 100 + 50);
    expect(increase(p, 32, [5, 25])).toBe(100 + 100 + 50);
    expect(increase(p, 32, [-5])).toBe(1_000 + 100 + 100 + 50); // before the window: no effect
  });
});
