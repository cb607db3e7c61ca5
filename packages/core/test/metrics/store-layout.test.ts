import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/internal/clock.js';
import { createMetricStore } from '../../src/metrics/store.js';

// Behaviour that depends on how the store lays series out: shared (interned) label values,
// reused series numbers, label-pool compaction and the ingest fast path's guesses.

const T0 = 1_700_000_000_000;
const clock: Clock = { now: () => T0, setTimer: () => ({ cancel() {} }) };

const io = (device: string, value: number) => ({
  name: 'system.network.io',
  value,
  unit: 'By',
  type: 'counter' as const,
  labels: { device, direction: 'receive' },
});

describe('store layout', () => {
  it('keeps series apart that share label values, and keeps the values of others when one asset goes', () => {
    const store = createMetricStore({ clock });
    for (let a = 0; a < 200; a++) store.ingest(`sw-${a}`, [io('eth0', a), io('eth1', a + 0.5), io('eth2', a + 0.25)], { timestamp: T0 });
    expect(store.stats().series).toBe(600);
    expect(store.latest('system.network.io', { asset: 'sw-7', device: 'eth1', direction: 'receive' })?.value).toBe(7.5);
    expect(store.query('system.network.io', { device: 'eth2' })).toHaveLength(200);
    expect(store.removeSeries({ asset: 'sw-0' })).toBe(3);
    // eth0/receive are still used by the other 199 assets
    expect(store.query('system.network.io', { device: 'eth0', direction: 'receive' }).map((s) => s.latest?.value)).toEqual(
      Array.from({ length: 199 }, (_, i) => i + 1),
    );
    expect(store.exposition({ asset: 'sw-1' })).toBe(
      '# HELP system_network_io_bytes_total system.network.io\n# TYPE system_network_io_bytes_total counter\n' +
        'system_network_io_bytes_total{asset="sw-1",device="eth0",direction="receive"} 1\n' +
        'system_network_io_bytes_total{asset="sw-1",device="eth1",direction="receive"} 1.5\n' +
        'system_network_io_bytes_total{asset="sw-1",device="eth2",direction="receive"} 1.25\n',
    );
  });

  it('re-creates removed series in reused slots without old samples, labels or rendered text', () => {
    const store = createMetricStore({ clock });
    const old = store.series('hw.temperature', { asset: 'ups-1', sensor: 'inlet' }, { unit: 'Cel' });
    old.push(20, T0);
    store.exposition(); // renders (and caches fragments of) "ups-1" and "inlet"
    expect(store.removeSeries({ asset: 'ups-1' })).toBe(1);
    // new strings take the freed ids; their text must not be the old one
    store.ingest('pdu-9', [{ name: 'hw.temperature', value: 31, unit: 'Cel', labels: { sensor: 'outlet' } }], { timestamp: T0 + 1000 });
    expect(store.exposition()).toBe(
      '# HELP hw_temperature_celsius hw.temperature\n# TYPE hw_temperature_celsius gauge\n' +
        'hw_temperature_celsius{asset="pdu-9",sensor="outlet"} 31\n',
    );
    expect(store.range('hw.temperature', { asset: 'pdu-9' }, 0, T0 * 2)).toEqual([{ timestamp: T0 + 1000, value: 31 }]);
    // the old handle writes to a fresh series of its own
    expect(old.push(21, T0 + 2000)).toBe(true);
    expect(store.range('hw.temperature', { asset: 'ups-1' }, 0, T0 * 2)).toEqual([{ timestamp: T0 + 2000, value: 21 }]);
    expect(store.latest('hw.temperature', { asset: 'pdu-9' })?.value).toBe(31);
    expect(store.stats()).toMatchObject({ series: 2, samples: 2 });
  });

  it('renders a label value under its own name after another name took over a freed name id', () => {
    const store = createMetricStore({ clock });
    store.ingest('b', [{ name: 'n', value: 1, labels: { keep: 'v' } }]); // keeps "v" alive, never rendered below
    store.ingest('a', [{ name: 'm', value: 2, labels: { zone: 'v' } }]);
    expect(store.exposition({ asset: 'a' })).toContain('m{asset="a",zone="v"} 2\n');
    store.removeSeries({ asset: 'a' }); // frees "zone"; "device" gets its id next
    store.ingest('a', [{ name: 'm', value: 3, labels: { device: 'v' } }]);
    expect(store.exposition({ asset: 'a' })).toBe('# HELP m m\n# TYPE m gauge\nm{asset="a",device="v"} 3\n');
    expect(store.exposition({ asset: 'b' })).toContain('n{asset="b",keep="v"} 1\n');
  });

  it('keeps every label set intact while removals compact the label storage', () => {
    const store = createMetricStore({ clock });
    const fsSample = (i: number) => ({
      name: 'system.filesystem.utilization',
      value: i,
      labels: { device: `/dev/d${i}`, mountpoint: `/m${i}` },
    });
    for (let i = 0; i < 3000; i++) store.ingest(`host-${i % 30}`, [fsSample(i)], { timestamp: T0 });
    // remove two thirds: far more than half the label storage is then unused
    for (let h = 0; h < 20; h++) store.removeSeries({ asset: `host-${h}` });
    const left = store.query('system.filesystem.utilization');
    expect(left).toHaveLength(1000);
    for (const series of left) {
      const i = series.latest?.value as number;
      expect(series.labels).toEqual({ asset: `host-${i % 30}`, device: `/dev/d${i}`, mountpoint: `/m${i}` });
    }
    // exact lookups and new series still work after the move
    expect(store.latest('system.filesystem.utilization', { asset: 'host-29', device: '/dev/d2999', mountpoint: '/m2999' })?.value).toBe(
      2999,
    );
    store.ingest('host-0', [fsSample(5000)], { timestamp: T0 });
    expect(store.query('system.filesystem.utilization', { mountpoint: '/m5000' })[0]?.labels.asset).toBe('host-0');
  });

  it('routes every sample right when two collectors of one asset alternate and series come and go', () => {
    const store = createMetricStore({ clock });
    for (let tick = 0; tick < 4; tick++) {
      const ts = T0 + tick * 1000;
      store.ingest('web-1', [io('eth0', tick), io('eth1', tick + 10)], { source: 'snmp.interfaces', timestamp: ts });
      store.ingest('web-1', [{ name: 'system.cpu.utilization', value: tick / 10, unit: '1' }], { source: 'host.local', timestamp: ts });
      if (tick === 1) store.removeSeries({ asset: 'web-1', labels: { device: 'eth0' } });
    }
    expect(
      store.range('system.network.io', { asset: 'web-1', device: 'eth0', direction: 'receive' }, 0, T0 * 2).map((p) => p.value),
    ).toEqual([2, 3]);
    expect(store.range('system.network.io', { asset: 'web-1', device: 'eth1', direction: 'receive' }, 0, T0 * 2)).toHaveLength(4);
    expect(store.range('system.cpu.utilization', { asset: 'web-1' }, 0, T0 * 2).map((p) => p.value)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(store.stats()).toMatchObject({ series: 3, conflicts: 0, outOfOrder: 0 });
  });

  it('removes nothing when the filter asks for two different assets', () => {
    const store = createMetricStore({ clock });
    store.ingest('a', [{ name: 'x', value: 1 }]);
    expect(store.removeSeries({ asset: 'a', labels: { asset: 'b' } })).toBe(0);
    expect(store.removeSeries({ asset: 'a', labels: { asset: 'a' } })).toBe(1);
  });

  it('lists a metric’s series in the order they were first written, across assets', () => {
    const store = createMetricStore({ clock });
    store.ingest('a', [{ name: 'x', value: 1 }]);
    store.ingest('b', [{ name: 'x', value: 2 }]);
    store.ingest('a', [{ name: 'x', value: 3, labels: { cpu: '1' } }]);
    expect(store.query('x').map((s) => s.latest?.value)).toEqual([1, 2, 3]);
  });
});
