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
    { name: 'warden.scheduler.lag', value: ms(stats.lag.p50), unit: 's', labels: { quantile: '0.5' }, description: 'How late runs start' },
    { name: 'warden.scheduler.lag', value: ms(stats.lag.p99), unit: 's', labels: { quantile: '0.99' }, description: 'How late runs start' },
    { name: 'warden.run.duration', value: ms(stats.duration.p50), unit: 's', labels: { quantile: '0.5' }, description: 'Run durations' },
    { name: 'warden.run.duration', value: ms(stats.duration.p99), unit: 's', labels: { quantile: '0.99' }, description: 'Run durations' },
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
      {
        name: 'warden.eventloop.delay',
        value: ms(stats.eventLoopDelay.p50),
        unit: 's',
        labels: { quantile: '0.5' },
        description: 'Event-loop delay',
      },
      {
        name: 'warden.eventloop.delay',
        value: ms(stats.eventLoopDelay.p99),
        unit: 's',
        labels: { quantile: '0.99' },
        description: 'Event-loop delay',
      },
    );
  }
  return samples;
}
