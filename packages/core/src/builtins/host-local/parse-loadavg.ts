import { parseCount, parseError } from './parse-error.js';

/** What `/proc/loadavg` holds. */
export interface Loadavg {
  /** Load average over 1 minute. */
  load1: number;
  /** Load average over 5 minutes. */
  load5: number;
  /** Load average over 15 minutes. */
  load15: number;
  /** Kernel scheduling entities (threads) currently runnable. */
  runnable: number;
  /** Kernel scheduling entities (threads) that exist. */
  entities: number;
  /** The most recently assigned process id. */
  lastPid: number;
}

/**
 * Parses `/proc/loadavg` (`0.61 0.35 0.14 1/88 9153`).
 *
 * @param text - the file's content
 * @returns the load averages and scheduling counts
 * @throws WardenError `ERR_COLLECT` when the line does not have that shape
 */
export function parseLoadavg(text: string): Loadavg {
  const [l1, l5, l15, sched, last] = text.trim().split(/\s+/);
  const [runnable, entities] = (sched ?? '').split('/');
  const values = [l1, l5, l15, runnable, entities, last].map(parseCount);
  if (values.some((v) => v === undefined)) throw parseError('/proc/loadavg', 'expected "1m 5m 15m runnable/total lastpid"', text);
  const [load1, load5, load15, run, ent, pid] = values as number[];
  return { load1: load1!, load5: load5!, load15: load15!, runnable: run!, entities: ent!, lastPid: pid! };
}
