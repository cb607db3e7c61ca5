import type { Sample } from '../metrics/types.js';
import type { SchedulerStats } from '../scheduler/types.js';

/**
 * Warden's own numbers as ordinary samples (stored under `asset="warden"`): jobs, running and
 * queued runs, lag and run durations, counters, event-loop delay.
 *
 * @param stats - a scheduler snapshot
 * @returns the samples
 */
export function selfMetricSamples(stats: SchedulerStats): Sample[] {
  const ms = (value: number) => value / 1000;
  const samples: Sample[] = [
    { name: 'warden.scheduler.jobs', value: stats.jobs, unit: '{job}', description: 'Jobs registered with the scheduler' },
    { name: 'warden.scheduler.running', value: stats.running, unit: '{run}', description: 'Runs holding a concurrency slot' },
    { name: 'warden.scheduler.queued', value: stats.queued, unit: '{run}', description: 'Runs waiting at a concurrency limit' },
    // Percentiles as separate gauges: a `quantile` label belongs to summaries only (promtool).
    { name: 'warden.scheduler.lag.p50', value: ms(stats.lag.p50), unit: 's', description: 'How late runs start, median' },
    { name: 'warden.scheduler.lag.p99', value: ms(stats.lag.p99), unit: 's', description: 'How late runs start, 99th percentile' },
    { name: 'warden.run.duration.p50', value: ms(stats.duration.p50), unit: 's', description: 'Run durations, median' },
    { name: 'warden.run.duration.p99', value: ms(stats.duration.p99), unit: 's', description: 'Run durations, 99th percentile' },
  ];
  const counters: Array<[keyof SchedulerStats['counters'], string, string]> = [
    ['runs', 'warden.runs', 'Runs started'],
    ['failed', 'warden.runs.failed', 'Runs that failed or timed out'],
    ['overruns', 'warden.scheduler.overruns', 'Ticks skipped because the previous run was still going'],
    ['timeouts', 'warden.scheduler.timeouts', 'Runs that exceeded their timeout'],
    ['abandoned', 'warden.scheduler.abandoned', 'Runs abandoned after ignoring their abort signal'],
    ['missed', 'warden.scheduler.missed', 'Slots skipped because the scheduler fell behind'],
  ];
  for (const [key, name, description] of counters) {
    samples.push({ name, value: stats.counters[key], type: 'counter', unit: '{run}', description });
  }
  if (stats.eventLoopDelay) {
    samples.push(
      { name: 'warden.eventloop.delay.p50', value: ms(stats.eventLoopDelay.p50), unit: 's', description: 'Event-loop delay, median' },
      {
        name: 'warden.eventloop.delay.p99',
        value: ms(stats.eventLoopDelay.p99),
        unit: 's',
        description: 'Event-loop delay, 99th percentile',
      },
    );
  }
  return samples;
}
