import type { CheckStateRecord, Incident, StateChangeRecord } from '@warden/core';

export const T0 = Date.UTC(2024, 0, 1);

/** A state change of (check, asset) at `at`. */
export function change(check: string, asset: string, at: number, status: StateChangeRecord['status'] = 'critical'): StateChangeRecord {
  return { check, asset, at, status, previous: 'ok', stateType: 'hard' };
}

/** A check state of (check, asset). */
export function checkState(check: string, asset: string, attempt = 1): CheckStateRecord {
  return { check, asset, status: 'ok', stateType: 'hard', attempt };
}

/** An incident, open unless `resolvedAt` is given. */
export function incident(id: string, openedAt: number, resolvedAt?: number, check = 'disk', asset = 'web-1'): Incident {
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
    timeline: [{ at: openedAt, kind: 'opened', status: 'critical' }],
  };
}
