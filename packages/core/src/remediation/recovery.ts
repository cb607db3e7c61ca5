import type { StateChangeRecord } from '../store/types.js';
import type { AuditRecord } from './types.js';

/** Why an action found unfinished after a restart is flagged, not retried. */
export const IN_DOUBT_REASON = 'Warden stopped while this action ran: it may or may not have happened; check the asset (it is not retried)';

/**
 * The actions that were running when the previous process stopped: `started` intents with
 * neither a `finished` nor an `in-doubt` record, that this process did not start itself.
 *
 * @param records - audit records, oldest first
 * @param live - runs started by this process
 * @returns the intents in doubt, oldest first, one per run
 */
export function unfinishedRuns(
  records: readonly AuditRecord[],
  live: ReadonlySet<string> | undefined,
): Array<AuditRecord & { run: string }> {
  const closed = new Set(records.filter((r) => r.kind === 'finished' || r.kind === 'in-doubt').map((r) => r.run));
  const out: Array<AuditRecord & { run: string }> = [];
  for (const record of records) {
    const { run } = record;
    if (record.kind !== 'started' || run === undefined || closed.has(run) || live?.has(run)) continue;
    closed.add(run);
    out.push({ ...record, run });
  }
  return out;
}

/**
 * When the pair's current problem episode began: its last change out of OK (or pending).
 *
 * @param changes - the pair's state changes, oldest first
 * @returns ms since the epoch, or -Infinity when the history does not say
 */
export function episodeStart(changes: readonly StateChangeRecord[]): number {
  return changes.filter((c) => c.previous === 'ok' || c.previous === 'pending').at(-1)?.at ?? Number.NEGATIVE_INFINITY;
}

/**
 * How many actions a rule started on an asset at or after a time (its attempts this episode).
 *
 * @param records - audit records
 * @param rule - rule id
 * @param asset - asset id
 * @param since - ms since the epoch
 * @returns the count
 */
export function attemptsSince(records: readonly AuditRecord[], rule: string, asset: string, since: number): number {
  return records.filter((r) => r.kind === 'started' && r.rule === rule && r.asset === asset && r.at >= since).length;
}
