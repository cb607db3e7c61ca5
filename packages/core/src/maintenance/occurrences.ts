import type { WindowSchedule } from './validate.js';

/** A stretch of time, `from` inclusive, `to` exclusive (ms since the epoch). */
export interface Span {
  from: number;
  to: number;
}

/**
 * Most occurrences chained into one span (a window longer than its period never closes); past
 * it the span ends early and the calendar simply re-checks there, reporting nothing.
 */
export const MAX_CHAINED = 1_000;

/** Most occurrences one {@link spansBetween} call reads (a year of a 5-minute pattern). */
export const MAX_LISTED = 110_000;

/** End of the run of touching or overlapping occurrences that starts at `start`. */
function chainEnd(schedule: Extract<WindowSchedule, { kind: 'recurring' }>, start: number): number {
  let end = start + schedule.durationMs;
  let last = start;
  for (let i = 0; i < MAX_CHAINED; i++) {
    const next = schedule.cron.next(last);
    if (next === undefined || next > end) break;
    end = Math.max(end, next + schedule.durationMs);
    last = next;
  }
  return end;
}

/**
 * The span of the window covering `t`, if it is open then. For a recurring window, occurrences
 * that touch or overlap are one span; `from` is the earliest occurrence still covering `t`.
 *
 * @param schedule - the window's schedule
 * @param t - ms since the epoch
 * @returns the span, or `undefined` when the window is closed at `t`
 */
export function spanAt(schedule: WindowSchedule, t: number): Span | undefined {
  if (schedule.kind === 'fixed') return schedule.from <= t && t < schedule.to ? { from: schedule.from, to: schedule.to } : undefined;
  // The first occurrence that has not ended by t: it started after t − duration.
  const start = schedule.cron.next(t - schedule.durationMs);
  if (start === undefined || start > t) return undefined;
  return { from: start, to: chainEnd(schedule, start) };
}

/**
 * The next time after `t` at which the window opens or closes.
 *
 * @param schedule - the window's schedule
 * @param t - ms since the epoch
 * @returns the edge, or `undefined` when the window never changes again
 */
export function nextEdge(schedule: WindowSchedule, t: number): number | undefined {
  if (schedule.kind === 'fixed') {
    if (t < schedule.from) return schedule.from;
    return t < schedule.to ? schedule.to : undefined;
  }
  const start = schedule.cron.next(t - schedule.durationMs);
  if (start === undefined) return undefined;
  return start > t ? start : chainEnd(schedule, start);
}

/**
 * Every span of the window overlapping `[from, to)`, clipped to it, in order.
 *
 * @param schedule - the window's schedule
 * @param from - start, ms (inclusive)
 * @param to - end, ms (exclusive)
 * @returns the spans (at most {@link MAX_LISTED} occurrences are read)
 */
export function spansBetween(schedule: WindowSchedule, from: number, to: number): Span[] {
  if (to <= from) return [];
  if (schedule.kind === 'fixed') {
    const a = Math.max(from, schedule.from);
    const b = Math.min(to, schedule.to);
    return a < b ? [{ from: a, to: b }] : [];
  }
  const spans: Span[] = [];
  let start = schedule.cron.next(from - schedule.durationMs);
  let current: Span | undefined;
  for (let i = 0; start !== undefined && start < to && i < MAX_LISTED; i++) {
    const end = start + schedule.durationMs;
    if (current !== undefined && start <= current.to) current.to = Math.max(current.to, end);
    else {
      if (current !== undefined) spans.push(current);
      current = { from: start, to: end };
    }
    start = schedule.cron.next(start);
  }
  if (current !== undefined) spans.push(current);
  return spans.map((span) => ({ from: Math.max(from, span.from), to: Math.min(to, span.to) })).filter((span) => span.from < span.to);
}
