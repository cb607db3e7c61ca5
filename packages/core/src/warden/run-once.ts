import type { AssetRegistry } from '../assets/registry-types.js';
import { compileSelector } from '../assets/selector.js';
import type { CheckResult } from '../checks/types.js';
import { STATUS_EXIT_CODE, worstStatus } from '../checks/types.js';
import type { Clock } from '../internal/clock.js';
import type { Scheduler } from '../scheduler/types.js';
import type { CheckRunner } from './check-runner.js';
import type { BoundCollection } from './engine-helpers.js';
import type { JobTable } from './job-table.js';
import type { RunOnceOptions, RunReport, RunReportResult } from './types.js';

/** What `runOnce` needs from the Warden. */
export interface RunOnceDeps {
  options: RunOnceOptions;
  jobs: JobTable;
  collections: ReadonlyMap<string, BoundCollection>;
  scheduler: Scheduler;
  checks: CheckRunner;
  assets: AssetRegistry;
  clock: Clock;
  /** Wait between the two readings of delta collectors (ms). */
  deltaGap: number;
}

/**
 * One pass for scripts: every applicable collection (twice, `deltaGap` apart, for collectors
 * that compute deltas), then every check, once each, through the scheduler's limits.
 * Statuses are raw (attempts ignored); states, incidents and notifications move only with
 * `incidents: true`.
 *
 * @param deps - the Warden's parts
 * @returns the report with the worst status and its Nagios exit code
 */
export async function runOnce(deps: RunOnceDeps): Promise<RunReport> {
  const selector = deps.options.assets === undefined ? undefined : compileSelector(deps.options.assets, { where: 'runOnce() assets' });
  const applies = (assetId: string): boolean => {
    if (!selector) return true;
    const asset = deps.assets.get(assetId);
    return asset !== undefined && selector.matches(asset);
  };
  const jobsWith = (kind: 'collect' | 'check') => {
    const out: Array<{ id: string; assetId: string; key: string }> = [];
    for (const binding of deps.jobs.bindings()) {
      if (!binding.prefix.startsWith(`${kind}:`)) continue;
      const id = binding.prefix.slice(kind.length + 1);
      for (const [assetId, key] of binding.jobs) if (applies(assetId)) out.push({ id, assetId, key });
    }
    return out;
  };

  const collections = jobsWith('collect');
  await Promise.all(collections.map((job) => deps.scheduler.runNow(job.key)));
  const deltaJobs = collections.filter((job) => deps.collections.get(job.id)?.deltas);
  if (deltaJobs.length > 0) {
    // Clock timers are unref'd so they never keep an app alive; a script whose only pending work
    // is this wait would exit mid-run (exit code 13), so hold the loop open while waiting.
    const keepAlive = setInterval(() => undefined, 2 ** 30);
    try {
      await new Promise<void>((resolve) => deps.clock.setTimer(resolve, deps.deltaGap));
    } finally {
      clearInterval(keepAlive);
    }
    await Promise.all(deltaJobs.map((job) => deps.scheduler.runNow(job.key)));
  }

  const checks = jobsWith('check');
  // Without `incidents`, results stay raw: they are reported and emitted, but no state moves.
  const raw = deps.options.incidents !== true;
  const results: RunReportResult[] = await Promise.all(
    checks.map(async (job) => {
      const evaluated = deps.checks.evaluateNow(job.id, job.assetId, raw);
      if (evaluated) return { check: job.id, asset: job.assetId, status: evaluated.status, summary: evaluated.summary, durationMs: 0 };
      if (raw) deps.checks.setRaw(job.key, true);
      let outcome: Awaited<ReturnType<Scheduler['runNow']>>;
      try {
        outcome = await deps.scheduler.runNow(job.key);
      } finally {
        if (raw) deps.checks.setRaw(job.key, false);
      }
      const result: CheckResult = (outcome.ok ? (outcome.value as CheckResult | undefined) : undefined) ?? {
        status: 'unknown',
        summary: outcome.error?.message ?? `check "${job.id}" on ${job.assetId} did not run (${outcome.status})`,
      };
      return { check: job.id, asset: job.assetId, status: result.status, summary: result.summary, durationMs: outcome.durationMs };
    }),
  );
  results.sort((a, b) => a.check.localeCompare(b.check) || a.asset.localeCompare(b.asset));

  if (results.length === 0) {
    const scope = selector ? ` for assets ${selector.toString()}` : '';
    return {
      results,
      worst: 'unknown',
      exitCode: 3,
      summary: `UNKNOWN: no check matched${scope}; add checks with warden.check() or widen the selector`,
    };
  }
  const worst = worstStatus(results.map((r) => r.status));
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const tally = ['critical', 'warning', 'unknown', 'ok']
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
  return {
    results,
    worst,
    exitCode: STATUS_EXIT_CODE[worst],
    summary: `${worst.toUpperCase()}: ${results.length} check${results.length === 1 ? '' : 's'} (${tally})`,
  };
}
