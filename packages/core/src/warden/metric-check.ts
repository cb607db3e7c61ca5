import { z } from 'zod';
import { evaluateThresholds, parseOptionalThreshold, type Threshold } from '../checks/threshold.js';
import type { CheckResult, CheckStatus } from '../checks/types.js';
import { STATUS_SEVERITY } from '../checks/types.js';
import type { Duration } from '../internal/duration.js';
import type { MetricStore, WindowFunction } from '../metrics/store-types.js';
import type { Labels } from '../metrics/types.js';
import { durationSchema, positiveDurationSchema } from './schedule.js';

/** The fields of a metric check: judge a metric the collectors already gather. */
export interface MetricCheckFields {
  /** Metric name (`system.filesystem.utilization`). */
  metric: string;
  /** Only series with these labels (`{ mountpoint: '/' }`). */
  labels?: Record<string, string>;
  /** What to judge over `window`. @defaultValue `'last'` */
  fn?: Exclude<WindowFunction, 'quantile'> | 'quantile';
  /** Window for `fn`. @defaultValue `'5m'` */
  window?: Duration;
  /** Quantile for `fn: 'quantile'` (0–1). */
  q?: number;
  /** How far ahead `fn: 'predictLinear'` looks (`'7d'`: "full within a week"). */
  ahead?: Duration;
  /** Warning threshold (`'>0.8'`, Nagios range `'~:10'`). */
  warn?: string | number;
  /** Critical threshold. */
  crit?: string | number;
  /** No sample for this long → `unknown`. @defaultValue 3× the producing collection's interval */
  staleAfter?: Duration;
}

/** Zod fields for {@link MetricCheckFields}, merged into the check spec schema. */
export const metricCheckFields = {
  metric: z.string().min(1).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  fn: z.enum(['last', 'avg', 'min', 'max', 'rate', 'increase', 'quantile', 'predictLinear']).optional(),
  window: positiveDurationSchema.optional(),
  q: z.number().min(0).max(1).optional(),
  ahead: positiveDurationSchema.optional(),
  warn: z.union([z.string(), z.number()]).optional(),
  crit: z.union([z.string(), z.number()]).optional(),
  staleAfter: durationSchema.optional(),
};

/** A pending evaluation: too little data yet. Never opens an incident. */
export interface PendingEvaluation {
  /** Marker. */
  pending: true;
  /** Why. */
  summary: string;
}

/** A metric check's result, with the series that fail (an incident updates when that set changes). */
export interface MetricOutcome extends CheckResult {
  /** Failing series (`{mountpoint=/var}`), for non-OK results. */
  readonly series?: readonly string[];
}

/** A prepared metric check. */
export interface MetricEvaluator {
  /** The metric judged. */
  readonly metric: string;
  /**
   * Judges every matching series of one asset; the worst decides and the summary names the offenders.
   *
   * @param store - the metric store
   * @param asset - asset id
   * @param now - evaluation time
   * @param defaultStaleAfter - 3× the producing collection's interval, when known
   * @returns a result, or pending when there is too little data
   */
  evaluate(store: MetricStore, asset: string, now: number, defaultStaleAfter: number | undefined): MetricOutcome | PendingEvaluation;
}

/** Validated metric fields (durations in ms). */
export interface ParsedMetricFields {
  metric: string;
  labels?: Record<string, string> | undefined;
  fn?: WindowFunction | undefined;
  window?: number | undefined;
  q?: number | undefined;
  ahead?: number | undefined;
  warn?: string | number | undefined;
  crit?: string | number | undefined;
  staleAfter?: number | undefined;
}

/**
 * Prepares a metric check: thresholds parsed once, at registration.
 *
 * @param fields - validated fields
 * @param where - the check, for messages
 * @returns the evaluator
 * @throws WardenError `ERR_CONFIG_INVALID` for invalid thresholds or a missing `ahead`/`q`
 */
export function prepareMetricCheck(fields: ParsedMetricFields, where: string): MetricEvaluator {
  const warn = parseOptionalThreshold(fields.warn, `${where}.warn`);
  const crit = parseOptionalThreshold(fields.crit, `${where}.crit`);
  const fn = fields.fn ?? 'last';
  const window = fields.window ?? 300_000;
  const labels: Labels = fields.labels ?? {};
  const options = { q: fields.q, secondsAhead: fields.ahead === undefined ? undefined : fields.ahead / 1000 };
  return {
    metric: fields.metric,
    evaluate(store, asset, now, defaultStaleAfter) {
      const filter = { ...labels, asset };
      const series = store.query(fields.metric, filter);
      if (series.length === 0) return { pending: true, summary: `no data yet for ${fields.metric} on ${asset}` };
      const staleAfter = fields.staleAfter ?? defaultStaleAfter;
      const newest = Math.max(...series.map((s) => s.latest?.timestamp ?? Number.NEGATIVE_INFINITY));
      if (staleAfter !== undefined && now - newest > staleAfter) {
        return {
          status: 'unknown',
          summary: `${fields.metric} on ${asset} is stale: no sample for ${Math.round((now - newest) / 1000)}s`,
          code: 'ERR_TIMEOUT',
        };
      }
      const results = store.evaluate(fields.metric, filter, fn, window, {
        at: now,
        ...(options.q === undefined ? {} : { q: options.q }),
        ...(options.secondsAhead === undefined ? {} : { secondsAhead: options.secondsAhead }),
      });
      const judged = results.filter((r) => r.value !== undefined).map((r) => ({ ...r, status: judge(r.value as number, warn, crit) }));
      if (judged.length === 0)
        return { pending: true, summary: `too little data for ${fn}(${fields.metric}) over ${window / 1000}s on ${asset}` };
      judged.sort((a, b) => STATUS_SEVERITY[b.status] - STATUS_SEVERITY[a.status]);
      const worst = judged[0] as (typeof judged)[number];
      const offenders = judged.filter((r) => r.status !== 'ok');
      const describe = (r: (typeof judged)[number]) => `${seriesName(r.labels)}=${format(r.value as number)}`;
      const what = fn === 'last' ? fields.metric : `${fn}(${fields.metric})`;
      const summary =
        offenders.length === 0
          ? `${what} ok: ${judged.slice(0, 3).map(describe).join(', ')}${judged.length > 3 ? ` and ${judged.length - 3} more` : ''}`
          : `${what} ${worst.status}: ${offenders.slice(0, 5).map(describe).join(', ')}${offenders.length > 5 ? ` and ${offenders.length - 5} more` : ''} (${offenders.length} of ${judged.length} series)`;
      return offenders.length === 0
        ? { status: worst.status, summary }
        : { status: worst.status, summary, series: offenders.map((r) => seriesName(r.labels)) };
    },
  };
}

function judge(value: number, warn: Threshold | undefined, crit: Threshold | undefined): CheckStatus {
  return evaluateThresholds(value, { ...(warn ? { warn } : {}), ...(crit ? { crit } : {}) });
}

function seriesName(labels: Labels): string {
  const parts = Object.entries(labels)
    .filter(([k]) => k !== 'asset')
    .map(([k, v]) => `${k}=${v}`);
  return parts.length ? `{${parts.join(',')}}` : 'value';
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}
