import type { Incident } from '../incidents/types.js';
import type { MaintenanceInterval } from '../maintenance/types.js';
import type { StateChangeRecord } from '../store/types.js';

/** A (check, asset) pair. */
export interface CheckAssetPair {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
}

/** What a stretch of time counts as in a report. */
export type TimeBucket = 'ok' | 'warning' | 'critical' | 'unknown' | 'pending' | 'unreachable' | 'maintenance';

/** Input of {@link computeAvailability}. */
export interface AvailabilityInput {
  /** Start of the period (inclusive). */
  from: number | Date;
  /** End of the period (exclusive); after `from`. */
  to: number | Date;
  /**
   * State changes of the pairs, any order; include the last change before `from` of each pair
   * (it says what the status was when the period began).
   */
  changes: readonly StateChangeRecord[];
  /** Incidents of the pairs (those opened or resolved in the period matter). */
  incidents: readonly Incident[];
  /** Maintenance per asset (see `MaintenanceCalendar.windowsBetween`); excluded from availability. */
  maintenance?: readonly Pick<MaintenanceInterval, 'asset' | 'checks' | 'from' | 'to'>[] | undefined;
  /** The (check, asset) pairs to report on, in the order rows should come. */
  pairs: readonly CheckAssetPair[];
  /**
   * Status of a pair that has no change at or before `from`.
   * @defaultValue `'pending'` (no data: excluded)
   */
  initialStatus?: StateChangeRecord['status'] | undefined;
  /**
   * How `unknown` time counts: `'down'` (not OK: you cannot claim it was up) or `'excluded'`
   * (left out of the denominator, like pending). Either way it is reported in `time.unknown`.
   * @defaultValue `'down'`
   */
  unknown?: 'down' | 'excluded' | undefined;
  /**
   * Count soft states too. By default only hard states count (as in Nagios availability
   * reports): a blip that recovered within its retries is not an outage.
   * @defaultValue false
   */
  softStates?: boolean | undefined;
}

/** Time spent in each bucket, ms. */
export type TimeBreakdown = Record<TimeBucket, number> & {
  /** The denominator of availability: ok + warning + critical (+ unknown when it counts as down). */
  counted: number;
};

/** The longest continuous not-OK stretch. */
export interface Outage {
  /** Start, ms (clipped to the period). */
  from: number;
  /** End, ms (clipped to the period). */
  to: number;
  /** Length, ms. */
  ms: number;
}

/** Availability figures for one (check, asset) pair, or for an asset over all its checks. */
export interface AvailabilityFigures {
  /** Percentage (0–100) of counted time that was OK; `undefined` when no time counted. */
  availability: number | undefined;
  /** Time per bucket. */
  time: TimeBreakdown;
  /** Incidents opened in the period. */
  incidents: number;
  /** Incidents resolved in the period (MTTR is their mean duration). */
  resolved: number;
  /** Mean time to resolve: mean `resolvedAt − openedAt` of incidents resolved in the period, ms. */
  mttrMs: number | undefined;
  /** Mean time between failures: OK time divided by incidents opened in the period, ms. */
  mtbfMs: number | undefined;
  /** The longest not-OK stretch in the period. */
  longestOutage: Outage | undefined;
}

/** One row of a report: a (check, asset) pair. */
export interface AvailabilityRow extends AvailabilityFigures {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
}

/** An asset over all its reported checks: down while any counted check is not OK. */
export interface AssetAvailability extends AvailabilityFigures {
  /** Asset id. */
  asset: string;
  /** Its checks in the report. */
  checks: string[];
}

/** What {@link computeAvailability} returns. */
export interface AvailabilityReport {
  /** Start, ms. */
  from: number;
  /** End, ms. */
  to: number;
  /** One row per pair, in the order given. */
  rows: AvailabilityRow[];
  /** One row per asset, in order of first appearance. */
  assets: AssetAvailability[];
}
