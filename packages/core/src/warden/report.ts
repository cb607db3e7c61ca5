import type { AssetRegistry } from '../assets/registry-types.js';
import { compileSelector } from '../assets/selector.js';
import type { Selector } from '../assets/selector-types.js';
import { WardenError } from '../errors/warden-error.js';
import type { IncidentManager } from '../incidents/manager-types.js';
import type { MaintenanceCalendar } from '../maintenance/types.js';
import { computeAvailability } from '../reports/availability.js';
import type { AvailabilityInput, AvailabilityReport } from '../reports/types.js';
import type { StateStore } from '../store/types.js';
import type { WriteBehind } from '../store/write-behind.js';

/** Options of `warden.report()`. */
export interface ReportOptions {
  /** Start of the period (inclusive): a Date, an ISO 8601 string or ms since the epoch. */
  from: Date | string | number;
  /** End of the period (exclusive). @defaultValue now */
  to?: Date | string | number;
  /** Only these assets. @defaultValue every asset */
  assets?: Selector;
  /** Only these checks. @defaultValue every check */
  checks?: readonly string[];
  /** How `unknown` time counts. @defaultValue `'down'` */
  unknown?: AvailabilityInput['unknown'];
  /** Count soft states too. @defaultValue false */
  softStates?: boolean;
}

/** What a report reads. */
export interface ReportParts {
  registry: AssetRegistry;
  /** The (check, asset) pairs tracked now. */
  pairs(): Array<{ check: string; asset: string }>;
  store: StateStore;
  writer: WriteBehind;
  incidents: IncidentManager;
  calendar: MaintenanceCalendar;
  now(): number;
}

function toMs(value: Date | string | number, name: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms))
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid report ${name}: ${String(value)} is not a time; use a Date, an ISO 8601 string or ms`,
    );
  return ms;
}

/**
 * Builds an availability report: the selected assets × the checks tracked on them, from the
 * state-change history and incidents in the store (the writer is flushed first) and the
 * maintenance windows of the period.
 *
 * @param options - period, assets and checks
 * @param parts - inventory, states, store, incidents, calendar
 * @returns the report (see {@link computeAvailability})
 * @throws WardenError `ERR_CONFIG_INVALID` for an invalid period or selector
 */
export async function buildReport(options: ReportOptions, parts: ReportParts): Promise<AvailabilityReport> {
  const from = toMs(options.from, 'from');
  const to = toMs(options.to ?? parts.now(), 'to');
  if (to <= from)
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid report period: \`to\` (${new Date(to).toISOString()}) must be after \`from\` (${new Date(from).toISOString()})`,
    );
  const selector = options.assets === undefined ? undefined : compileSelector(options.assets, { where: 'report() assets' });
  const checks = options.checks === undefined ? undefined : new Set(options.checks);
  const pairs = parts
    .pairs()
    .filter(({ check, asset }) => {
      if (checks !== undefined && !checks.has(check)) return false;
      if (selector === undefined) return true;
      const found = parts.registry.get(asset);
      return found !== undefined && selector.matches(found);
    })
    .sort((a, b) => a.asset.localeCompare(b.asset) || a.check.localeCompare(b.check));
  await parts.writer.flush();
  const [changes, incidents] = await Promise.all([parts.store.queryStateChanges({ to }), parts.incidents.history({ to })]);
  return computeAvailability({
    from,
    to,
    pairs,
    changes,
    incidents,
    maintenance: parts.calendar.windowsBetween(from, to),
    ...(options.unknown === undefined ? {} : { unknown: options.unknown }),
    ...(options.softStates === undefined ? {} : { softStates: options.softStates }),
  });
}
