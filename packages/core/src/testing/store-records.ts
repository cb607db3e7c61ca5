import type { Incident } from '../incidents/types.js';
import type { CheckStateRecord, StateChangeRecord } from '../store/types.js';

/**
 * A check state of (check, asset), hard OK: the smallest valid record, for store tests.
 *
 * @param check - check id
 * @param asset - asset id
 * @param attempt - current attempt
 * @returns the record
 */
export function sampleCheckState(check: string, asset: string, attempt = 1): CheckStateRecord {
  return { check, asset, status: 'ok', stateType: 'hard', attempt };
}

/**
 * A hard OK → critical state change of (check, asset) at `at`, for store tests.
 *
 * @param check - check id
 * @param asset - asset id
 * @param at - when (ms since the epoch)
 * @param extra - fields to override (`{ status: 'ok' }`)
 * @returns the record
 */
export function sampleStateChange(check: string, asset: string, at: number, extra: Partial<StateChangeRecord> = {}): StateChangeRecord {
  return { check, asset, at, status: 'critical', previous: 'ok', stateType: 'hard', ...extra };
}

/**
 * A critical "disk full" incident, open unless `resolvedAt` is given, for store tests.
 *
 * @param id - incident id
 * @param openedAt - when it opened
 * @param resolvedAt - when it was resolved, if it was
 * @param check - check id
 * @param asset - asset id
 * @returns the incident
 */
export function sampleIncident(id: string, openedAt: number, resolvedAt?: number, check = 'disk', asset = 'web-1'): Incident {
  return {
    id,
    check,
    asset,
    problemId: `${check}@${asset}`,
    state: resolvedAt === undefined ? 'open' : 'resolved',
    severity: 'critical',
    summary: 'disk full',
    openedAt,
    updatedAt: resolvedAt ?? openedAt,
    ...(resolvedAt === undefined ? {} : { resolvedAt, resolution: 'recovered' }),
    flapping: false,
    notified: false,
    timeline: [{ at: openedAt, kind: 'opened', status: 'critical', text: 'disk full' }],
  };
}
