import { WardenError } from '../errors/warden-error.js';
import type { Incident } from '../incidents/types.js';
import type { StateChangeRecord } from '../store/types.js';
import { overlayMaintenance, type Segment, statusTimeline, unionOf } from './timeline.js';
import type {
  AssetAvailability,
  AvailabilityFigures,
  AvailabilityInput,
  AvailabilityReport,
  AvailabilityRow,
  Outage,
  TimeBreakdown,
  TimeBucket,
} from './types.js';

const toMs = (value: number | Date): number => (value instanceof Date ? value.getTime() : value);
const pairKey = (check: string, asset: string): string => `${check}\u0000${asset}`;

/** Which bucket wins when an asset's checks disagree: any counted failure, then OK, then the rest. */
function bucketRanks(unknownDown: boolean): Record<TimeBucket, number> {
  return { critical: 7, warning: 6, unknown: unknownDown ? 5 : 3, ok: 4, unreachable: 2, maintenance: 1, pending: 0 };
}

function isDown(bucket: TimeBucket, unknownDown: boolean): boolean {
  return bucket === 'critical' || bucket === 'warning' || (unknownDown && bucket === 'unknown');
}

/**
 * Figures for one timeline and its incidents.
 *
 * @param segments - contiguous segments covering the period
 * @param incidents - the incidents that belong to it
 * @param from - start, ms
 * @param to - end, ms
 * @param unknownDown - whether unknown counts as not OK
 * @returns the figures
 */
function summarize(
  segments: readonly Segment[],
  incidents: readonly Incident[],
  from: number,
  to: number,
  unknownDown: boolean,
): AvailabilityFigures {
  const time: TimeBreakdown = { ok: 0, warning: 0, critical: 0, unknown: 0, pending: 0, unreachable: 0, maintenance: 0, counted: 0 };
  let longest: Outage | undefined;
  let run: Outage | undefined;
  for (const segment of segments) {
    const ms = segment.to - segment.from;
    time[segment.bucket] += ms;
    if (isDown(segment.bucket, unknownDown)) {
      time.counted += ms;
      if (run !== undefined && run.to === segment.from) {
        run.to = segment.to;
        run.ms += ms;
      } else run = { from: segment.from, to: segment.to, ms };
      if (longest === undefined || run.ms > longest.ms) longest = { ...run };
    } else {
      if (segment.bucket === 'ok') time.counted += ms;
      run = undefined;
    }
  }
  let opened = 0;
  let resolved = 0;
  let repairMs = 0;
  for (const incident of incidents) {
    if (incident.openedAt >= from && incident.openedAt < to) opened++;
    if (incident.resolvedAt !== undefined && incident.resolvedAt >= from && incident.resolvedAt < to) {
      resolved++;
      repairMs += incident.resolvedAt - incident.openedAt;
    }
  }
  return {
    availability: time.counted > 0 ? (time.ok / time.counted) * 100 : undefined,
    time,
    incidents: opened,
    resolved,
    mttrMs: resolved > 0 ? repairMs / resolved : undefined,
    mtbfMs: opened > 0 ? time.ok / opened : undefined,
    longestOutage: longest,
  };
}

/** One timeline for several: at each moment the highest-ranked bucket among them. */
function mergeTimelines(timelines: ReadonlyArray<readonly Segment[]>, to: number, ranks: Record<TimeBucket, number>): Segment[] {
  const bounds = [...new Set(timelines.flatMap((segments) => segments.map((s) => s.from)))].sort((a, b) => a - b);
  const cursors = timelines.map(() => 0);
  const out: Segment[] = [];
  bounds.forEach((start, i) => {
    const end = bounds[i + 1] ?? to;
    let best: TimeBucket = 'pending';
    timelines.forEach((segments, k) => {
      let c = cursors[k] as number;
      while ((segments[c] as Segment).to <= start) c++;
      cursors[k] = c;
      const bucket = (segments[c] as Segment).bucket;
      if (ranks[bucket] > ranks[best]) best = bucket;
    });
    const last = out[out.length - 1];
    if (last !== undefined && last.bucket === best) last.to = end;
    else out.push({ from: start, to: end, bucket: best });
  });
  return out;
}

/**
 * Computes availability per (check, asset) and per asset over a period, from the state-change
 * history, the incidents and the maintenance intervals. Pure: no clock, no store.
 *
 * How time counts: `ok` is up; `warning` and `critical` are down; `unknown` is down unless
 * `unknown: 'excluded'`; `pending` (no data yet), `unreachable` (a parent was down: its outage
 * counts on the parent) and maintenance are left out of the denominator. Maintenance wins over
 * any status. Only hard states count unless `softStates`. An asset is down while any of its
 * checks counts as down, up while none does and one is OK.
 *
 * @param input - period, history, incidents, maintenance, pairs and counting options
 * @returns a row per pair and per asset
 * @throws WardenError `ERR_CONFIG_INVALID` when `to` is not after `from`
 * @example
 * ```ts
 * const report = computeAvailability({
 *   from, to, pairs: [{ check: 'http', asset: 'web-1' }],
 *   changes: await store.queryStateChanges({ asset: 'web-1' }),
 *   incidents: await store.queryIncidents({ asset: 'web-1' }),
 *   maintenance: calendar.windowsBetween(from, to),
 * });
 * report.rows[0].availability; // e.g. 99.86
 * ```
 */
export function computeAvailability(input: AvailabilityInput): AvailabilityReport {
  const from = toMs(input.from);
  const to = toMs(input.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from)
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid report period: \`to\` (${String(input.to)}) must be after \`from\` (${String(input.from)})`,
    );
  const unknownDown = (input.unknown ?? 'down') === 'down';
  const ranks = bucketRanks(unknownDown);
  const wanted = new Set(input.pairs.map((p) => pairKey(p.check, p.asset)));

  const changesByPair = new Map<string, StateChangeRecord[]>();
  for (const change of input.changes) {
    const key = pairKey(change.check, change.asset);
    if (!wanted.has(key) || (change.stateType === 'soft' && input.softStates !== true)) continue;
    const list = changesByPair.get(key);
    if (list === undefined) changesByPair.set(key, [change]);
    else list.push(change);
  }
  const incidentsByPair = new Map<string, Incident[]>();
  for (const incident of input.incidents) {
    const key = pairKey(incident.check, incident.asset);
    if (!wanted.has(key)) continue;
    const list = incidentsByPair.get(key);
    if (list === undefined) incidentsByPair.set(key, [incident]);
    else list.push(incident);
  }

  const rows: AvailabilityRow[] = [];
  const byAsset = new Map<string, { checks: string[]; timelines: Segment[][]; incidents: Incident[] }>();
  for (const { check, asset } of input.pairs) {
    const key = pairKey(check, asset);
    const changes = (changesByPair.get(key) ?? []).sort((a, b) => a.at - b.at);
    const windows = (input.maintenance ?? []).filter((m) => m.asset === asset && (m.checks === undefined || m.checks.includes(check)));
    const timeline = overlayMaintenance(statusTimeline(changes, from, to, input.initialStatus ?? 'pending'), unionOf(windows, from, to));
    const incidents = incidentsByPair.get(key) ?? [];
    rows.push({ check, asset, ...summarize(timeline, incidents, from, to, unknownDown) });
    const group = byAsset.get(asset) ?? { checks: [], timelines: [], incidents: [] };
    byAsset.set(asset, group);
    group.checks.push(check);
    group.timelines.push(timeline);
    group.incidents.push(...incidents);
  }
  const assets: AssetAvailability[] = [...byAsset].map(([asset, group]) => ({
    asset,
    checks: group.checks,
    ...summarize(mergeTimelines(group.timelines, to, ranks), group.incidents, from, to, unknownDown),
  }));
  return { from, to, rows, assets };
}
