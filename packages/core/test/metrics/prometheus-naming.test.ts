import { describe, expect, it } from 'vitest';
import {
  escapeHelp,
  escapeLabelValue,
  formatValue,
  prometheusLabelName,
  prometheusName,
  prometheusUnit,
} from '../../src/metrics/prometheus-naming.js';

describe('prometheusName', () => {
  it.each([
    ['system.cpu.utilization', '1', 'gauge', 'system_cpu_utilization_ratio'],
    ['system.cpu.load_average.1m', '1', 'gauge', 'system_cpu_load_average_1m_ratio'],
    ['system.memory.usage', 'By', 'gauge', 'system_memory_usage_bytes'],
    ['system.filesystem.inodes.usage', '{inode}', 'gauge', 'system_filesystem_inodes_usage'],
    ['system.network.io', 'By', 'counter', 'system_network_io_bytes_total'],
    ['system.network.packets', '{packet}', 'counter', 'system_network_packets_total'],
    ['system.network.interface.speed', 'bit/s', 'gauge', 'system_network_interface_speed_bits_per_second'],
    ['system.uptime', 's', 'gauge', 'system_uptime_seconds'],
    ['hw.temperature', 'Cel', 'gauge', 'hw_temperature_celsius'],
    ['hw.voltage', 'V', 'gauge', 'hw_voltage_volts'],
    ['hw.ups.on_battery', undefined, 'gauge', 'hw_ups_on_battery'],
    ['process.cpu.time', 's', 'counter', 'process_cpu_time_seconds_total'],
    ['disk.io', 'By/s', 'gauge', 'disk_io_bytes_per_second'],
    ['requests', '1/s', 'gauge', 'requests_per_second'],
    ['queue.fill', '%', 'gauge', 'queue_fill_percent'],
    ['ratio.counted', '1', 'counter', 'ratio_counted_total'],
    // already ending in the unit or _total: not repeated
    ['download_bytes', 'By', 'gauge', 'download_bytes'],
    ['jobs.done_total', '{job}', 'counter', 'jobs_done_total'],
    ['jobs.seconds_total', 's', 'counter', 'jobs_seconds_total'],
    // invalid characters, camelCase, leading digit, unknown unit
    ['snmp.ifHCInOctets', 'By', 'counter', 'snmp_if_hcin_octets_bytes_total'],
    ['my-app/queue..depth', 'items', 'gauge', 'my_app_queue_depth_items'],
    ['1st.metric', undefined, 'gauge', '_1st_metric'],
  ] as const)('%s [%s, %s] → %s', (name, unit, type, expected) => {
    expect(prometheusName(name, unit, type)).toBe(expected);
  });
});

describe('prometheusUnit', () => {
  it('drops annotations and turns a/b into a_per_b', () => {
    expect(prometheusUnit('{packet}/s', 'gauge')).toBe('per_second');
    expect(prometheusUnit('By{transmitted}', 'gauge')).toBe('bytes');
    expect(prometheusUnit('MiBy', 'gauge')).toBe('mebibytes');
    expect(prometheusUnit('ms', 'gauge')).toBe('milliseconds');
    expect(prometheusUnit(undefined, 'gauge')).toBe('');
  });
});

describe('label names and escaping', () => {
  it('sanitizes label names', () => {
    expect(prometheusLabelName('k8s.pod.name')).toBe('k8s_pod_name');
    expect(prometheusLabelName('ifDescr')).toBe('if_descr');
    expect(prometheusLabelName('9lives')).toBe('_9lives');
    expect(prometheusLabelName('mountpoint')).toBe('mountpoint');
  });

  it('escapes label values and help text', () => {
    expect(escapeLabelValue('C:\\dir "x"\nnext')).toBe('C:\\\\dir \\"x\\"\\nnext');
    expect(escapeHelp('a\\b "c"\nd')).toBe('a\\\\b "c"\\nd');
  });

  it('formats special values', () => {
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe('-Inf');
    expect(formatValue(0.1)).toBe('0.1');
    expect(formatValue(1e21)).toBe('1e+21');
  });
});
