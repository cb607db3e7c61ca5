import { describe, expect, it, vi } from 'vitest';
import type { WardenError } from '../../src/errors/warden-error.js';
import type { Clock } from '../../src/internal/clock.js';
import { createMetricStore } from '../../src/metrics/store.js';

const T0 = 1_700_000_000_000;

function testClock(start = T0): Clock & { set(ms: number): void } {
  let now = start;
  return { now: () => now, set: (ms) => (now = ms), setTimer: () => ({ cancel() {} }) };
}

function caught(fn: () => unknown): WardenError {
  try {
    fn();
  } catch (err) {
    return err as WardenError;
  }
  throw new Error('expected a throw');
}

const fs = (mountpoint: string, value: number, timestamp?: number) => ({
  name: 'system.filesystem.utilization',
  value,
  unit: '1',
  labels: { device: `/dev/${mountpoint.length}`, mountpoint },
  ...(timestamp === undefined ? {} : { timestamp }),
});

describe('ingest and latest', () => {
  it('adds the asset label, defaults type to gauge and timestamp to now', () => {
    const store = createMetricStore({ clock: testClock() });
    const result = store.ingest('web-1', [{ name: 'system.cpu.utilization', value: 0.42, unit: '1' }]);
    expect(result).toEqual({ written: 1, outOfOrder: 0, conflicted: 0 });
    expect(store.latest('system.cpu.utilization', { asset: 'web-1' })).toEqual({ value: 0.42, timestamp: T0 });
    expect(store.query('system.cpu.utilization')).toEqual([
      {
        name: 'system.cpu.utilization',
        labels: { asset: 'web-1' },
        unit: '1',
        type: 'gauge',
        counterBits: undefined,
        latest: { value: 0.42, timestamp: T0 },
      },
    ]);
  });

  it('uses the batch timestamp, a sample timestamp overriding it', () => {
    const store = createMetricStore({ clock: testClock() });
    store.ingest(
      'a',
      [
        { name: 'x', value: 1 },
        { name: 'y', value: 2, timestamp: 5000 },
      ],
      { timestamp: 9000 },
    );
    expect(store.latest('x', { asset: 'a' })?.timestamp).toBe(9000);
    expect(store.latest('y', { asset: 'a' })?.timestamp).toBe(5000);
  });

  it('prefers the series whose labels equal the given ones, else the only one containing them', () => {
    const store = createMetricStore({ clock: testClock() });
    store.ingest('web-1', [
      { name: 'system.cpu.utilization', value: 0.5 },
      { name: 'system.cpu.utilization', value: 0.9, labels: { cpu: '0' } },
      fs('/', 0.7),
    ]);
    expect(store.latest('system.cpu.utilization', { asset: 'web-1' })?.value).toBe(0.5);
    expect(store.latest('system.cpu.utilization', { cpu: '0' })?.value).toBe(0.9);
    expect(store.latest('system.filesystem.utilization', { asset: 'web-1' })?.value).toBe(0.7);
    expect(store.latest('system.filesystem.utilization', { asset: 'db-1' })).toBeUndefined();
    expect(store.latest('no.such.metric', { asset: 'web-1' })).toBeUndefined();
  });

  it('throws ERR_AMBIGUOUS_SERIES naming the candidates when several series match', () => {
    const store = createMetricStore({ clock: testClock() });
    store.ingest('web-1', [fs('/', 0.7), fs('/var', 0.2)]);
    const err = caught(() => store.latest('system.filesystem.utilization', { asset: 'web-1' }));
    expect(err.code).toBe('ERR_AMBIGUOUS_SERIES');
    expect(err.message).toBe(
      '2 series of system.filesystem.utilization match {asset="web-1"}: ' +
        'system.filesystem.utilization{asset="web-1",device="/dev/1",mountpoint="/"}, ' +
        'system.filesystem.utilization{asset="web-1",device="/dev/4",mountpoint="/var"}; ' +
        'add labels to pick one, or use query() to get them all',
    );
    expect(store.query('system.filesystem.utilization', { asset: 'web-1' })).toHaveLength(2);
  });

  it('routes samples correctly when a collector changes the order or labels of its batch', () => {
    const store = createMetricStore({ clock: testClock() });
    store.ingest(
      'a',
      [
        { name: 'x', value: 1, labels: { cpu: '0' } },
        { name: 'y', value: 2 },
      ],
      { source: 'c', timestamp: 1000 },
    );
    store.ingest(
      'a',
      [
        { name: 'y', value: 3 },
        { name: 'x', value: 4 },
        { name: 'x', value: 5, labels: { cpu: '1' } },
      ],
      { source: 'c', timestamp: 2000 },
    );
    expect(store.latest('x', { asset: 'a', cpu: '0' })).toEqual({ value: 1, timestamp: 1000 });
    expect(store.latest('x', { asset: 'a' })).toEqual({ value: 4, timestamp: 2000 });
    expect(store.latest('x', { cpu: '1' })?.value).toBe(5);
    expect(store.latest('y', { asset: 'a' })?.value).toBe(3);
    expect(store.stats().series).toBe(4);
  });

  it('refuses out-of-order samples and counts them', () => {
    const store = createMetricStore({ clock: testClock() });
    store.ingest('a', [{ name: 'x', value: 1 }], { timestamp: 2000 });
    expect(store.ingest('a', [{ name: 'x', value: 2 }], { timestamp: 1000 })).toEqual({ written: 0, outOfOrder: 1, conflicted: 0 });
    expect(store.latest('x', { asset: 'a' })).toEqual({ value: 1, timestamp: 2000 });
    expect(store.stats().outOfOrder).toBe(1);
  });
});

describe('validation', () => {
  it('lists every invalid field with its path and stores nothing from the batch', () => {
    const store = createMetricStore({ clock: testClock() });
    const bad = [
      { name: 'ok.metric', value: '3' },
      { name: 'ok.metric', value: 1, labels: { device: 3, asset: 'x' } },
      { name: '9bad name', value: 1 },
      { name: 'c', value: 1, type: 'gauge', counterBits: 32 },
      { name: 'd', value: 1, timestamp: -1 },
    ];
    const err = caught(() => store.ingest('web-1', bad as never));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('invalid samples for asset "web-1":');
    expect(err.message).toContain('samples[0].value: must be a number, got "3"');
    expect(err.message).toContain('samples[1].labels.device: must be a string, got 3');
    expect(err.message).toContain('samples[1].labels.asset: is reserved');
    expect(err.message).toContain('samples[2].name: "9bad name" is not a metric name');
    expect(err.message).toContain('samples[3].counterBits: only applies to counters');
    expect(err.message).toContain('samples[4].timestamp: must be milliseconds since the epoch, got -1');
    expect(store.stats().series).toBe(0);
  });

  it('accepts NaN and infinities as values, as Prometheus does', () => {
    const store = createMetricStore({ clock: testClock() });
    store.ingest('a', [
      { name: 'n', value: Number.NaN },
      { name: 'i', value: Number.POSITIVE_INFINITY },
    ]);
    expect(store.latest('n', { asset: 'a' })?.value).toBeNaN();
    expect(store.latest('i', { asset: 'a' })?.value).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses invalid options with their paths', () => {
    const err = caught(() => createMetricStore({ maxSamplesPerSeries: 1, onConflict: 'no' as never }));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('maxSamplesPerSeries');
    expect(err.message).toContain('onConflict');
    expect(caught(() => createMetricStore({ maxAge: 'soon' as never })).message).toContain('maxAge');
  });
});

describe('series ownership', () => {
  it('reports a second collector writing a series once, naming both, the asset and the series', () => {
    const onConflict = vi.fn();
    const store = createMetricStore({ clock: testClock(), onConflict });
    store.ingest('web-1', [fs('/', 0.5)], { source: 'host.local', timestamp: 1000 });
    const result = store.ingest('web-1', [fs('/', 0.9), fs('/', 0.9)], { source: 'ssh.linux', timestamp: 2000 });
    store.ingest('web-1', [fs('/', 0.8)], { source: 'ssh.linux', timestamp: 3000 });
    expect(result.conflicted).toBe(2);
    expect(onConflict).toHaveBeenCalledTimes(1);
    const err = onConflict.mock.calls[0]?.[0] as WardenError;
    expect(err.code).toBe('ERR_SERIES_CONFLICT');
    expect(err.message).toContain('"host.local"');
    expect(err.message).toContain('"ssh.linux"');
    expect(err.message).toContain('asset "web-1"');
    expect(err.message).toContain('system.filesystem.utilization{asset="web-1",device="/dev/1",mountpoint="/"}');
    // the owner's data is untouched
    expect(store.latest('system.filesystem.utilization', { asset: 'web-1' })).toEqual({ value: 0.5, timestamp: 1000 });
    expect(store.stats().conflicts).toBe(3);
    // the owner keeps writing
    store.ingest('web-1', [fs('/', 0.6)], { source: 'host.local', timestamp: 4000 });
    expect(store.latest('system.filesystem.utilization', { asset: 'web-1' })?.value).toBe(0.6);
  });

  it('lets a new collector write once the old one’s series were removed', () => {
    const store = createMetricStore({ clock: testClock() });
    store.ingest('web-1', [fs('/', 0.5)], { source: 'host.local', timestamp: 1000 });
    expect(store.removeSeries({ asset: 'web-1', source: 'host.local' })).toBe(1);
    expect(store.ingest('web-1', [fs('/', 0.9)], { source: 'ssh.linux', timestamp: 2000 }).written).toBe(1);
  });
});

describe('window functions', () => {
  function counterStore() {
    const clock = testClock(T0 + 40_000);
    const store = createMetricStore({ clock });
    const readings = [4_294_966_000, 4_294_967_000, 200, 1200];
    readings.forEach((value, i) => {
      store.ingest(
        'sw-1',
        [
          {
            name: 'system.network.io',
            value,
            type: 'counter',
            counterBits: 32,
            unit: 'By',
            labels: { device: 'ge-0/0/1', direction: 'receive' },
          },
        ],
        {
          timestamp: T0 + i * 10_000,
        },
      );
    });
    return { store, clock };
  }

  it('rate and increase handle a 32-bit wrap over the window', () => {
    const { store } = counterStore();
    const labels = { asset: 'sw-1', device: 'ge-0/0/1', direction: 'receive' };
    // +1000, wrap +496, +1000 over 30 s
    expect(store.increase('system.network.io', labels, '1m')).toBe(2496);
    expect(store.rate('system.network.io', labels, '1m')).toBe(83.2);
    // a 15 s window ending at T0+40s holds only the reading at T0+30s: too little for a rate
    expect(store.rate('system.network.io', labels, '15s')).toBeUndefined();
    // evaluating at an earlier time moves the window
    expect(store.increase('system.network.io', labels, '15s', { at: T0 + 20_000 })).toBe(496);
  });

  it('avg, min, max, quantile and predictLinear over a window', () => {
    const clock = testClock(T0 + 30_000);
    const store = createMetricStore({ clock });
    [0.1, 0.2, 0.4, 0.3].forEach((v, i) => {
      store.ingest('web-1', [fs('/', v)], { timestamp: T0 + i * 10_000 });
    });
    const labels = { asset: 'web-1' };
    expect(store.avg('system.filesystem.utilization', labels, '1m')).toBeCloseTo(0.25, 12);
    expect(store.min('system.filesystem.utilization', labels, '1m')).toBe(0.1);
    expect(store.max('system.filesystem.utilization', labels, '1m')).toBe(0.4);
    expect(store.quantile('system.filesystem.utilization', labels, 0.5, '1m')).toBeCloseTo(0.25, 12);
    // window (T0+10s, T0+30s]: points 0.4 @20s and 0.3 @30s → slope −0.01/s; 70 s after T0+30s → 0.3 − 0.7
    expect(store.predictLinear('system.filesystem.utilization', labels, '20s', 70)).toBeCloseTo(-0.4, 12);
    expect(caught(() => store.quantile('system.filesystem.utilization', labels, 2, '1m')).code).toBe('ERR_CONFIG_INVALID');
    expect(caught(() => store.avg('system.filesystem.utilization', labels, 'later' as never)).code).toBe('ERR_CONFIG_INVALID');
  });

  it('evaluate judges every matching series and reports points, so a check can tell pending from no data', () => {
    const clock = testClock(T0 + 10_000);
    const store = createMetricStore({ clock });
    store.ingest('web-1', [fs('/', 0.5), fs('/var', 0.9)], { timestamp: T0 });
    store.ingest('web-1', [fs('/', 0.7), fs('/var', 0.95)], { timestamp: T0 + 10_000 });
    store.ingest('web-1', [fs('/tmp', 0.1)], { timestamp: T0 + 10_000 });
    const results = store.evaluate('system.filesystem.utilization', { asset: 'web-1' }, 'max', '1m');
    expect(results.map((r) => [r.labels.mountpoint, r.value, r.points])).toEqual([
      ['/', 0.7, 2],
      ['/var', 0.95, 2],
      ['/tmp', 0.1, 1],
    ]);
    const rates = store.evaluate('system.filesystem.utilization', { mountpoint: '/tmp' }, 'rate', '1m');
    expect(rates).toEqual([
      {
        name: 'system.filesystem.utilization',
        labels: { asset: 'web-1', device: '/dev/4', mountpoint: '/tmp' },
        value: undefined,
        points: 1,
      },
    ]);
    expect(store.evaluate('system.filesystem.utilization', { asset: 'db-1' }, 'avg', '1m')).toEqual([]);
  });

  it('range returns the samples between two times, both included', () => {
    const store = createMetricStore({ clock: testClock() });
    for (let i = 0; i < 5; i++) store.ingest('a', [{ name: 'x', value: i }], { timestamp: 1000 * i });
    expect(store.range('x', { asset: 'a' }, 1000, 3000)).toEqual([
      { timestamp: 1000, value: 1 },
      { timestamp: 2000, value: 2 },
      { timestamp: 3000, value: 3 },
    ]);
  });
});

describe('bounds, removal and handles', () => {
  it('keeps at most maxSamplesPerSeries samples and drops by age', () => {
    const clock = testClock(100_000);
    const store = createMetricStore({ clock, maxSamplesPerSeries: 3, maxAge: '1m' });
    for (let i = 0; i < 10; i++) store.ingest('a', [{ name: 'x', value: i }], { timestamp: i * 1000 });
    expect(store.range('x', { asset: 'a' }, 0, 100_000).map((p) => p.value)).toEqual([7, 8, 9]);
    // now = 100 s, maxAge 1 m: the samples (≤ 9 s) are past the age bound, so the series goes
    expect(store.dropStale()).toBe(1);
    expect(store.stats().series).toBe(0);
  });

  it('dropStale removes series not written for longer than the given age', () => {
    const clock = testClock(T0);
    const store = createMetricStore({ clock });
    store.ingest('old', [{ name: 'x', value: 1 }], { timestamp: T0 - 20 * 60_000 });
    store.ingest('new', [{ name: 'x', value: 1 }], { timestamp: T0 - 60_000 });
    expect(store.dropStale('15m')).toBe(1);
    expect(store.query('x').map((s) => s.labels.asset)).toEqual(['new']);
    expect(caught(() => store.dropStale()).code).toBe('ERR_CONFIG_INVALID');
  });

  it('removeSeries by asset, by name and labels', () => {
    const store = createMetricStore({ clock: testClock() });
    store.ingest('web-1', [fs('/', 1), fs('/var', 1), { name: 'x', value: 1 }]);
    store.ingest('web-2', [fs('/', 1)]);
    expect(store.removeSeries({ name: 'system.filesystem.utilization', labels: { mountpoint: '/var' } })).toBe(1);
    expect(store.removeSeries({ asset: 'web-1' })).toBe(2);
    expect(store.query('system.filesystem.utilization').map((s) => s.labels.asset)).toEqual(['web-2']);
    expect(store.exposition({ asset: 'web-1' })).toBe('');
    expect(store.stats()).toMatchObject({ series: 1, samples: 1 });
  });

  it('a handle writes without label lookups and survives removal of its series', () => {
    const store = createMetricStore({ clock: testClock() });
    const handle = store.series(
      'system.network.io',
      { asset: 'sw-1', device: 'eth0', direction: 'receive' },
      { type: 'counter', unit: 'By', source: 'snmp.interfaces' },
    );
    expect(handle.push(10, 1000)).toBe(true);
    expect(handle.push(20, 2000)).toBe(true);
    expect(store.query('system.network.io')[0]).toMatchObject({ type: 'counter', unit: 'By', latest: { value: 20, timestamp: 2000 } });
    // ingest() by another collector conflicts with the handle's source
    expect(
      store.ingest('sw-1', [{ name: 'system.network.io', value: 1, labels: { device: 'eth0', direction: 'receive' } }], {
        source: 'ssh.linux',
      }).conflicted,
    ).toBe(1);
    store.removeSeries({ asset: 'sw-1' });
    expect(handle.push(30, 3000)).toBe(true);
    expect(store.latest('system.network.io', { asset: 'sw-1' })).toEqual({ value: 30, timestamp: 3000 });
    expect(caught(() => handle.push('1' as never)).code).toBe('ERR_CONFIG_INVALID');
    expect(caught(() => store.series('x', { device: 'eth0' })).message).toContain('labels.asset: is required');
  });

  it('stats counts series, samples and buffer bytes', () => {
    const store = createMetricStore({ clock: testClock() });
    expect(store.stats()).toEqual({ series: 0, samples: 0, bytes: 0, outOfOrder: 0, conflicts: 0 });
    for (let i = 0; i < 3; i++)
      store.ingest(
        'a',
        [
          { name: 'x', value: i },
          { name: 'y', value: i },
        ],
        { timestamp: i },
      );
    const stats = store.stats();
    expect(stats).toMatchObject({ series: 2, samples: 6 });
    expect(stats.bytes).toBeGreaterThan(0);
  });
});
