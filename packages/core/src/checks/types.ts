import type { ErrorCode } from '../errors/codes.js';
import type { Sample } from '../metrics/types.js';

/** A check status with Nagios semantics. */
export type CheckStatus = 'ok' | 'warning' | 'critical' | 'unknown';

/** What a check, probe or passive submission produces. */
export interface CheckResult {
  /** The status. */
  status: CheckStatus;
  /** One line for people (the Nagios status line). */
  summary: string;
  /** Longer output. */
  details?: string;
  /** Samples measured along the way (Nagios performance data, latencies). */
  samples?: Sample[];
  /** The error code when the status comes from a failure (`ERR_TIMEOUT`, …). */
  code?: ErrorCode;
}

/** Statuses in order of severity for "worst": critical > warning > unknown > ok. */
export const STATUS_SEVERITY: Readonly<Record<CheckStatus, number>> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

/** Nagios exit code for each status. */
export const STATUS_EXIT_CODE: Readonly<Record<CheckStatus, 0 | 1 | 2 | 3>> = { ok: 0, warning: 1, critical: 2, unknown: 3 };

/**
 * The worst of some statuses (critical > warning > unknown > ok).
 *
 * @param statuses - the statuses
 * @returns the worst, or `'ok'` for none
 */
export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: CheckStatus = 'ok';
  for (const status of statuses) if (STATUS_SEVERITY[status] > STATUS_SEVERITY[worst]) worst = status;
  return worst;
}
