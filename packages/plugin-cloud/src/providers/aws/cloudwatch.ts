import type { Sample } from '@warden/core';
import type { MetricsQuery } from '../types.js';
import { items, path, text, type XmlNode } from './xml.js';

/** CloudWatch API version the plugin speaks. */
export const CLOUDWATCH_VERSION = '2010-08-01';

interface MetricSpec {
  id: string;
  metric: string;
  stat: 'Average' | 'Sum' | 'Maximum';
  set: MetricsQuery['sets'][number];
  toSample(value: number): Pick<Sample, 'name' | 'value' | 'unit' | 'labels'>;
}

// CloudWatch EC2 metrics mapped to Warden's canonical names where one exists.
const SPECS: readonly MetricSpec[] = [
  {
    id: 'cpu',
    metric: 'CPUUtilization',
    stat: 'Average',
    set: 'cpu',
    toSample: (v) => ({ name: 'system.cpu.utilization', value: v / 100, unit: '1' }),
  },
  {
    id: 'netin',
    metric: 'NetworkIn',
    stat: 'Sum',
    set: 'network',
    toSample: (v) => ({ name: 'cloud.network.io', value: v, unit: 'By', labels: { direction: 'receive' } }),
  },
  {
    id: 'netout',
    metric: 'NetworkOut',
    stat: 'Sum',
    set: 'network',
    toSample: (v) => ({ name: 'cloud.network.io', value: v, unit: 'By', labels: { direction: 'transmit' } }),
  },
  {
    id: 'scf',
    metric: 'StatusCheckFailed',
    stat: 'Maximum',
    set: 'status',
    toSample: (v) => ({ name: 'cloud.instance.status_check.failed', value: v, unit: '1', labels: { check: 'any' } }),
  },
  {
    id: 'scfsys',
    metric: 'StatusCheckFailed_System',
    stat: 'Maximum',
    set: 'status',
    toSample: (v) => ({ name: 'cloud.instance.status_check.failed', value: v, unit: '1', labels: { check: 'system' } }),
  },
  {
    id: 'scfinst',
    metric: 'StatusCheckFailed_Instance',
    stat: 'Maximum',
    set: 'status',
    toSample: (v) => ({ name: 'cloud.instance.status_check.failed', value: v, unit: '1', labels: { check: 'instance' } }),
  },
  {
    id: 'ebsread',
    metric: 'EBSReadBytes',
    stat: 'Sum',
    set: 'disk',
    toSample: (v) => ({ name: 'cloud.disk.io', value: v, unit: 'By', labels: { direction: 'read' } }),
  },
  {
    id: 'ebswrite',
    metric: 'EBSWriteBytes',
    stat: 'Sum',
    set: 'disk',
    toSample: (v) => ({ name: 'cloud.disk.io', value: v, unit: 'By', labels: { direction: 'write' } }),
  },
];

/**
 * Builds the GetMetricData parameters (query protocol: `MetricDataQueries.member.N…`) for one
 * instance's metric sets over the window ending at `now`.
 *
 * @param instanceId - the instance
 * @param query - sets, window and period
 * @param now - ms since the epoch
 * @returns query parameters
 */
export function getMetricDataParams(instanceId: string, query: MetricsQuery, now: number): Record<string, string> {
  const params: Record<string, string> = {
    StartTime: new Date(now - query.windowMs).toISOString(),
    EndTime: new Date(now).toISOString(),
    ScanBy: 'TimestampDescending',
  };
  SPECS.filter((s) => query.sets.includes(s.set)).forEach((spec, i) => {
    const p = `MetricDataQueries.member.${i + 1}`;
    params[`${p}.Id`] = spec.id;
    params[`${p}.MetricStat.Metric.Namespace`] = 'AWS/EC2';
    params[`${p}.MetricStat.Metric.MetricName`] = spec.metric;
    params[`${p}.MetricStat.Metric.Dimensions.member.1.Name`] = 'InstanceId';
    params[`${p}.MetricStat.Metric.Dimensions.member.1.Value`] = instanceId;
    params[`${p}.MetricStat.Period`] = String(query.periodSeconds);
    params[`${p}.MetricStat.Stat`] = spec.stat;
    params[`${p}.ReturnData`] = 'true';
  });
  return params;
}

/**
 * Reads a GetMetricData answer: the newest datapoint of each result becomes a sample stamped
 * with the datapoint's time; results without datapoints give none.
 *
 * @param page - the answer's root element
 * @returns the samples and the next page's token
 * @throws Error when a result's timestamps and values do not pair up
 */
export function metricDataSamples(page: XmlNode): { samples: Sample[]; nextToken: string | undefined } {
  const result = path(page, 'GetMetricDataResult');
  const samples: Sample[] = [];
  for (const entry of items(path(result, 'MetricDataResults'))) {
    const spec = SPECS.find((s) => s.id === text(entry, 'Id'));
    if (!spec) continue;
    const times = items(path(entry, 'Timestamps')).map((t) => Date.parse(t.text));
    const values = items(path(entry, 'Values')).map((v) => Number(v.text));
    if (times.length !== values.length || times.some(Number.isNaN) || values.some(Number.isNaN)) {
      throw new Error(`result ${spec.id} has ${times.length} timestamps and ${values.length} values, or unreadable ones`);
    }
    let newest = -1;
    times.forEach((t, i) => {
      if (newest < 0 || t > (times[newest] as number)) newest = i;
    });
    if (newest < 0) continue;
    samples.push({ ...spec.toSample(values[newest] as number), timestamp: times[newest] as number });
  }
  return { samples, nextToken: text(result, 'NextToken') || undefined };
}
