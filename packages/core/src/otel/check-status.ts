import type { BatchObservableResult, ObservableGauge } from '@opentelemetry/api';
import type { Warden } from '../warden/types.js';

/** The name of the check-state gauge. */
export const CHECK_STATUS_METRIC = 'warden.check.status';

/** Every state a (check, asset) pair can be in, one series each. */
const STATES = ['ok', 'warning', 'critical', 'unknown', 'pending'] as const;

/**
 * Observes every (check, asset) state the way OpenTelemetry's semantic conventions publish an
 * enumerated state (`hw.status`): one series per possible `state`, 1 for the current one and 0
 * for the others, so "how many pairs are critical" is a plain sum and a state change never
 * leaves a stale series behind.
 *
 * @param warden - the states to read (from the hot cache)
 * @param gauge - the `warden.check.status` gauge
 * @param result - the batch result of this collection
 */
export function observeCheckStates(warden: Pick<Warden, 'states'>, gauge: ObservableGauge, result: BatchObservableResult): void {
  for (const state of warden.states()) {
    for (const candidate of STATES) {
      result.observe(gauge, state.status === candidate ? 1 : 0, { check: state.check, asset: state.asset, state: candidate });
    }
  }
}
