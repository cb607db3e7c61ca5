import type { StateChangeRecord } from '../store/types.js';
import type { TimeBucket } from './types.js';

/** A stretch of a timeline, `from` inclusive, `to` exclusive. */
export interface Segment {
  from: number;
  to: number;
  bucket: TimeBucket;
}

const bucketOf = (change: Pick<StateChangeRecord, 'status' | 'unreachable'>): TimeBucket =>
  change.status === 'pending' ? 'pending' : change.unreachable === true && change.status !== 'ok' ? 'unreachable' : change.status;

/**
 * The status timeline of one pair over `[from, to)`: contiguous segments covering it all.
 *
 * @param changes - the pair's changes, sorted by time (already filtered to the states that count)
 * @param from - start, ms
 * @param to - end, ms
 * @param initial - the status when no change is at or before `from`
 * @returns segments in order, adjacent ones never sharing a bucket
 */
export function statusTimeline(
  changes: readonly StateChangeRecord[],
  from: number,
  to: number,
  initial: StateChangeRecord['status'],
): Segment[] {
  let current: TimeBucket = initial === 'pending' ? 'pending' : initial;
  let index = 0;
  for (; index < changes.length && (changes[index] as StateChangeRecord).at <= from; index++)
    current = bucketOf(changes[index] as StateChangeRecord);
  const out: Segment[] = [];
  let start = from;
  for (; index < changes.length; index++) {
    const change = changes[index] as StateChangeRecord;
    if (change.at >= to) break;
    const next = bucketOf(change);
    if (next === current) continue;
    if (change.at > start) out.push({ from: start, to: change.at, bucket: current });
    current = next;
    start = change.at;
  }
  out.push({ from: start, to, bucket: current });
  return out;
}

/**
 * Merges intervals into a sorted list of disjoint ones, clipped to `[from, to)`.
 *
 * @param intervals - any order, may overlap
 * @param from - start, ms
 * @param to - end, ms
 * @returns disjoint intervals in order
 */
export function unionOf(intervals: Iterable<{ from: number; to: number }>, from: number, to: number): Array<{ from: number; to: number }> {
  const clipped = [...intervals]
    .map((i) => ({ from: Math.max(from, i.from), to: Math.min(to, i.to) }))
    .filter((i) => i.from < i.to)
    .sort((a, b) => a.from - b.from);
  const out: Array<{ from: number; to: number }> = [];
  for (const interval of clipped) {
    const last = out[out.length - 1];
    if (last !== undefined && interval.from <= last.to) last.to = Math.max(last.to, interval.to);
    else out.push({ ...interval });
  }
  return out;
}

/**
 * Marks the parts of a timeline inside maintenance as `maintenance` (whatever the status was).
 *
 * @param segments - contiguous segments in order
 * @param maintenance - disjoint intervals in order (see {@link unionOf})
 * @returns contiguous segments in order
 */
export function overlayMaintenance(segments: readonly Segment[], maintenance: ReadonlyArray<{ from: number; to: number }>): Segment[] {
  if (maintenance.length === 0) return [...segments];
  const out: Segment[] = [];
  const push = (from: number, to: number, bucket: TimeBucket): void => {
    if (from >= to) return;
    const last = out[out.length - 1];
    if (last !== undefined && last.bucket === bucket && last.to === from) last.to = to;
    else out.push({ from, to, bucket });
  };
  let m = 0;
  for (const segment of segments) {
    let t = segment.from;
    while (m < maintenance.length && (maintenance[m] as { to: number }).to <= t) m++;
    for (let k = m; k < maintenance.length && t < segment.to; k++) {
      const window = maintenance[k] as { from: number; to: number };
      if (window.from >= segment.to) break;
      push(t, Math.max(t, window.from), segment.bucket);
      push(Math.max(t, window.from), Math.min(segment.to, window.to), 'maintenance');
      t = Math.min(segment.to, window.to);
    }
    push(t, segment.to, segment.bucket);
  }
  return out;
}
