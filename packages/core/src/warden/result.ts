import type { CheckResult, CheckStatus } from '../checks/types.js';
import type { ErrorCode } from '../errors/codes.js';
import { isWardenError } from '../errors/warden-error.js';
import { describeError } from '../events/emitter.js';
import type { MetricStore } from '../metrics/store-types.js';

const STATUSES: ReadonlySet<string> = new Set<CheckStatus>(['ok', 'warning', 'critical', 'unknown']);

/**
 * Checks what a probe or `run` function returned. Garbage becomes an `unknown` result that
 * quotes what was wrong, never an exception.
 *
 * @param value - what the hook returned
 * @param where - the probe or check, for the message
 * @returns a valid result
 */
export function normalizeResult(value: unknown, where: string): CheckResult {
  if (typeof value !== 'object' || value === null) {
    return { status: 'unknown', summary: `${where} returned ${quote(value)} instead of a CheckResult { status, summary }` };
  }
  const result = value as Partial<CheckResult>;
  if (typeof result.status !== 'string' || !STATUSES.has(result.status)) {
    return { status: 'unknown', summary: `${where} returned status ${quote(result.status)}; expected ok, warning, critical or unknown` };
  }
  if (typeof result.summary !== 'string') {
    return { status: 'unknown', summary: `${where} returned a result without a summary string (status ${result.status})` };
  }
  return result as CheckResult;
}

/**
 * The `unknown` result for a hook that failed, carrying the error's code.
 *
 * @param err - what was thrown (already a PluginError, usually)
 * @param fallbackCode - code when the error has none
 * @returns an unknown result
 */
export function failureResult(err: unknown, fallbackCode: ErrorCode = 'ERR_PLUGIN'): CheckResult {
  return { status: 'unknown', summary: describeError(err), code: isWardenError(err) ? err.code : fallbackCode };
}

/**
 * Stores what a check measured (perfdata, latencies) under a `check` label, so two checks never
 * share a series. A store refusal is noted in the result's details, never thrown.
 *
 * @param store - the metric store
 * @param check - check id
 * @param asset - asset id
 * @param result - the result carrying samples
 * @returns the result with its samples labelled
 */
export function storeCheckSamples(store: MetricStore, check: string, asset: string, result: CheckResult): CheckResult {
  const samples = (result.samples ?? []).map((s) => ({ ...s, labels: { ...s.labels, check } }));
  try {
    store.ingest(asset, samples, { source: `check:${check}` });
    return { ...result, samples };
  } catch (err) {
    const note = `samples not stored: ${err instanceof Error ? err.message : String(err)}`;
    return { ...result, samples, details: result.details ? `${result.details}\n${note}` : note };
  }
}

function quote(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}
