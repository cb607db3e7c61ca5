import type { Selector } from '../assets/selector-types.js';
import type { Asset } from '../assets/types.js';
import type { Clock } from '../internal/clock.js';
import type { Duration } from '../internal/duration.js';

/** A point in time as specs accept it: a Date, an ISO 8601 string or ms since the epoch. */
export type TimeInput = Date | string | number;

/** What both forms of a maintenance window share. */
export interface MaintenanceSpecBase {
  /** Stable id; generated (`maintenance-1`, …) when omitted. */
  id?: string | undefined;
  /** Which assets the window covers (live: the selector is re-read when assets change). */
  assets: Selector;
  /** Only these checks are in maintenance; omitted = every check of the covered assets. */
  checks?: readonly string[] | undefined;
  /**
   * Also cover every asset that depends on a covered one, directly or not (a switch's hosts).
   * @defaultValue false
   */
  includeChildren?: boolean | undefined;
  /** Why, for people reading events and reports. */
  reason?: string | undefined;
}

/** A one-off window: active from `from` (inclusive) to `to` (exclusive). */
export interface FixedMaintenanceSpec extends MaintenanceSpecBase {
  /** Start (inclusive). */
  from: TimeInput;
  /** End (exclusive); must be after `from`. */
  to: TimeInput;
}

/** A recurring window: opens at each cron occurrence and lasts `duration`. */
export interface RecurringMaintenanceSpec extends MaintenanceSpecBase {
  /** 5- or 6-part cron pattern (`'0 2 * * 0'`: Sundays 02:00). */
  cron: string;
  /** How long each occurrence lasts (`'2h'`); must be > 0. */
  duration: Duration;
  /**
   * IANA time zone the pattern is read in (`'Europe/Amsterdam'`).
   * @defaultValue the process's local time zone
   */
  timezone?: string | undefined;
}

/** Either form of a maintenance window, as `warden.maintenance()` takes it. */
export type MaintenanceSpec = FixedMaintenanceSpec | RecurringMaintenanceSpec;

/** How a recurring window repeats. */
export interface MaintenanceRecurrence {
  /** The cron pattern of the openings. */
  cron: string;
  /** How long each occurrence lasts, in ms. */
  durationMs: number;
  /** IANA time zone of the pattern. */
  timezone?: string | undefined;
}

/** One occurrence of a window (for a recurring window, occurrences that touch are merged). */
export interface MaintenanceWindow {
  /** Window id. */
  id: string;
  /** Why, as given. */
  reason?: string | undefined;
  /** The selector, in canonical string form. */
  selector: string;
  /** Only these checks; absent = every check. */
  checks?: readonly string[] | undefined;
  /** Whether descendants are covered too. */
  includeChildren: boolean;
  /** The recurrence, for a recurring window. */
  recurring?: MaintenanceRecurrence | undefined;
  /** Start of this occurrence (ms since the epoch, inclusive). */
  from: number;
  /** End of this occurrence (ms since the epoch, exclusive). */
  to: number;
}

/** An open window with the assets it covers now. */
export interface ActiveMaintenanceWindow extends MaintenanceWindow {
  /** Ids of the covered assets (matching the selector, plus descendants with `includeChildren`). */
  assets: string[];
}

/** A window opening or closing, reported at the exact edge. */
export interface MaintenanceTransition {
  /** `started` at `from`, `ended` at `to` (or when the window is removed). */
  type: 'started' | 'ended';
  /** When the calendar noticed it (the edge, on a timely clock). */
  at: number;
  /** The occurrence. */
  window: MaintenanceWindow;
  /**
   * Assets the window covers (matching the selector, plus descendants with `includeChildren`).
   * On `ended`, re-evaluate each (check, asset) pair of these whose check is in
   * `window.checks` (or any check when absent) with `MaintenanceCalendar.isActive`: a
   * pair no longer in maintenance that is still failing must open (or re-notify) its incident.
   */
  assets: string[];
}

/** One stretch of maintenance for one asset: what availability reports exclude. */
export interface MaintenanceInterval {
  /** Window id. */
  window: string;
  /** Asset id. */
  asset: string;
  /** Only these checks; absent = every check of the asset. */
  checks?: readonly string[] | undefined;
  /** Start, ms (inclusive). */
  from: number;
  /** End, ms (exclusive). */
  to: number;
}

/** What `MaintenanceCalendar.isActive` asks about. */
export interface MaintenanceQuery {
  /** Asset id. */
  asset: string;
  /**
   * Check id. Without it, only windows covering every check of the asset count (the question
   * is then "is the whole asset in maintenance", as changes and remediation ask it).
   */
  check?: string | undefined;
  /** When (ms or Date). @defaultValue now, answered from the precomputed active set */
  at?: number | Date | undefined;
}

/** A registered window's handle. */
export interface MaintenanceHandle {
  /** The window id. */
  readonly id: string;
  /** Removes the window; an open one reports `ended` first. Calling it twice is harmless. */
  remove(): void;
}

/** Options of {@link createMaintenanceCalendar}. */
export interface MaintenanceCalendarOptions {
  /** Time source; the calendar arms at most one timer on it. */
  clock: Clock;
  /** The current inventory (e.g. `() => registry.list()`), read when a window's asset set is (re)computed. */
  listAssets(): Iterable<Asset>;
  /** Assets depending on `id`, directly or not (e.g. `registry.descendants`); needed for `includeChildren`. */
  descendants?: ((id: string) => readonly string[]) | undefined;
  /** Receives each window edge once {@link MaintenanceCalendar.start} was called. */
  onTransition?: ((transition: MaintenanceTransition) => void) | undefined;
  /**
   * Receives what `onTransition` threw; the calendar carries on.
   * @defaultValue rethrow (after the other transitions of that edge were delivered)
   */
  onError?: ((error: unknown, transition: MaintenanceTransition) => void) | undefined;
}

/** Every maintenance window, answering "is this in maintenance?" fast and reporting edges. */
export interface MaintenanceCalendar {
  /**
   * Registers a window. When the calendar runs and the window is already open, `started` is
   * reported before this returns.
   *
   * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path; `ERR_DUPLICATE` for a known id
   */
  add(spec: MaintenanceSpec): MaintenanceHandle;
  /** Whether the (asset, check) is in maintenance now (or at `at`). Cheap when nothing is open. */
  isActive(query: MaintenanceQuery): boolean;
  /** Windows open now (or at `at`) with the assets each covers. */
  activeWindows(at?: number | Date): ActiveMaintenanceWindow[];
  /** Maintenance per asset between `from` and `to`, clipped to that range (assets as they are now). */
  windowsBetween(from: number | Date, to: number | Date): MaintenanceInterval[];
  /** The next time a window opens or closes (or the calendar re-checks), if any. */
  nextChange(): number | undefined;
  /**
   * Call when assets were added, changed or removed: cached asset sets are recomputed lazily.
   * Coverage changes this way are not reported as transitions.
   */
  assetsChanged(): void;
  /** Starts reporting transitions: open windows are reported `started` now, edges on the clock. */
  start(): void;
  /** Stops reporting and cancels the timer; `isActive` keeps answering. */
  stop(): void;
}
