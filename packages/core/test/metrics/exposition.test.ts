import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/internal/clock.js';
import { createMetricStore } from '../../src/metrics/store.js';

const clock: Clock = { now: () => 1_700_000_000_000, setTimer: () => ({ cancel() {} }) };

describe('exposition', () => {
  it('renders the golden text: families sorted, HELP/TYPE once, names, units and escaping', () => {
    const store = createMetricStore({ clock });
    store.ingest('web-1', [
      {
        name: 'system.filesystem.utilization',
        value: 0.5,
        unit: '1',
        description: 'Share of the filesystem in use.',
        labels: { device: '/dev/sda1', mountpoint: '/' },
      },
      {
        name: 'system.network.io',
        value: 1234,
        unit: 'By',
        type: 'counter',
        description: 'Bytes moved\nper "interface" \\ direction',
        labels: { device: 'eth0', direction: 'receive' },
      },
      { name: 'hw.temperature', value: 45.5, unit: 'Cel', labels: { sensor: 'CPU "die"\nzone\\1' } },
      { name: 'plugin.someValue', value: Number.NaN, labels: { 'k8s.pod-name': 'api-0' } },
      { name: 'system.network.packets', value: 7, unit: '{packet}', type: 'counter', labels: { device: 'eth0', direction: 'transmit' } },
      { name: 'system.filesystem.utilization', value: 0.25, unit: '1', labels: { device: '/dev/sdb1', mountpoint: '/var' } },
    ]);
    store.ingest('db-1', [{ name: 'hw.temperature', value: Number.NEGATIVE_INFINITY, unit: 'Cel', labels: { sensor: 'inlet' } }]);

    const expected = [
      '# HELP hw_temperature_celsius hw.temperature',
      '# TYPE hw_temperature_celsius gauge',
      String.raw`hw_temperature_celsius{asset="web-1",sensor="CPU \"die\"\nzone\\1"} 45.5`,
      'hw_temperature_celsius{asset="db-1",sensor="inlet"} -Inf',
      '# HELP plugin_some_value plugin.someValue',
      '# TYPE plugin_some_value gauge',
      'plugin_some_value{asset="web-1",k8s_pod_name="api-0"} NaN',
      '# HELP system_filesystem_utilization_ratio Share of the filesystem in use.',
      '# TYPE system_filesystem_utilization_ratio gauge',
      'system_filesystem_utilization_ratio{asset="web-1",device="/dev/sda1",mountpoint="/"} 0.5',
      'system_filesystem_utilization_ratio{asset="web-1",device="/dev/sdb1",mountpoint="/var"} 0.25',
      String.raw`# HELP system_network_io_bytes_total Bytes moved\nper "interface" \\ direction`,
      '# TYPE system_network_io_bytes_total counter',
      'system_network_io_bytes_total{asset="web-1",device="eth0",direction="receive"} 1234',
      '# HELP system_network_packets_total system.network.packets',
      '# TYPE system_network_packets_total counter',
      'system_network_packets_total{asset="web-1",device="eth0",direction="transmit"} 7',
      '',
    ].join('\n');
    expect(store.exposition()).toBe(expected);
  });

  it('renders one asset only when asked, with the newest value', () => {
    const store = createMetricStore({ clock });
    store.ingest('a', [{ name: 'x.y', value: 1 }], { timestamp: 1000 });
    store.ingest('a', [{ name: 'x.y', value: 2 }], { timestamp: 2000 });
    store.ingest('b', [{ name: 'x.y', value: 3 }], { timestamp: 1000 });
    expect(store.exposition({ asset: 'a' })).toBe('# HELP x_y x.y\n# TYPE x_y gauge\nx_y{asset="a"} 2\n');
    expect(store.exposition({ asset: 'nobody' })).toBe('');
  });

  it('merges label names that collide after sanitizing, ordered by the original names', () => {
    const store = createMetricStore({ clock });
    store.ingest('a', [{ name: 'm', value: 1, labels: { a_b: 'second', 'a.b': 'first' } }]);
    expect(store.exposition()).toContain('m{a_b="first;second",asset="a"} 1\n');
  });

  it('never writes two TYPE lines for one family: a series of another type is left out', () => {
    const store = createMetricStore({ clock });
    store.ingest('a', [
      { name: 'jobs_total', value: 1 },
      { name: 'jobs', value: 5, type: 'counter' },
    ]);
    const text = store.exposition();
    expect(text.match(/# TYPE jobs_total/g)).toHaveLength(1);
    expect(text).toBe('# HELP jobs_total jobs_total\n# TYPE jobs_total gauge\njobs_total{asset="a"} 1\n');
  });

  it('follows a change of unit or type on an existing series', () => {
    const store = createMetricStore({ clock });
    store.ingest('a', [{ name: 'q', value: 1 }]);
    expect(store.exposition()).toContain('q{asset="a"} 1');
    store.ingest('a', [{ name: 'q', value: 2, unit: 's' }], { timestamp: clock.now() + 1 });
    expect(store.exposition()).toBe('# HELP q_seconds q\n# TYPE q_seconds gauge\nq_seconds{asset="a"} 2\n');
  });
});
