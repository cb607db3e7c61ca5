import type { StateChangeRecord } from '../../src/store/types.js';
import { sampleCheckState, sampleIncident, sampleStateChange } from '../../src/testing/store-records.js';

export const T0 = Date.UTC(2024, 0, 1);

/** A state change of (check, asset) at `at`. */
export const change = (check: string, asset: string, at: number, status: StateChangeRecord['status'] = 'critical') =>
  sampleStateChange(check, asset, at, { status });

/** A check state of (check, asset). */
export const checkState = sampleCheckState;

/** An incident, open unless `resolvedAt` is given. */
export const incident = sampleIncident;
