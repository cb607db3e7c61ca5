import { WardenError } from '../errors/warden-error.js';
import type { Incident } from '../incidents/types.js';
import { type Clock, systemClock, type TimerHandle } from '../internal/clock.js';
import { type Duration, parseDuration } from '../internal/duration.js';
import type { AuditRecord } from '../remediation/types.js';
import type { CheckStateRecord, StateChangeRecord, StateStore } from './types.js';

/** Which store call failed. */
export type WriteOperation = 'deleteCheckStates' | 'saveCheckStates' | 'appendStateChanges' | 'saveIncidents' | 'appendAudit';

/** What {@link WriteBehindOptions.onError} is told about a failed or dropped write. */
export interface WriteFailure {
  /** The store call. */
  operation: WriteOperation;
  /** How many records the call carried (they are kept and retried). */
  records: number;
  /** Consecutive failed flushes so far. */
  attempt: number;
  /** When the next try is, in ms; undefined when nothing will be retried (after `close()`). */
  retryInMs: number | undefined;
  /** State changes (or audit records) dropped because more than `maxPending` were waiting (the oldest go); the error is then the store's last one. */
  dropped: number;
}

/** Options of {@link createWriteBehind}. */
export interface WriteBehindOptions {
  /** Where the writes go. */
  store: StateStore;
  /** Timers come from here. @defaultValue the system clock */
  clock?: Clock;
  /** How long after the first queued write a batch is written. @defaultValue `'1s'` */
  delay?: Duration;
  /** Most records per store call; this many queued records are written at once, without waiting for `delay`. @defaultValue 1000 */
  maxBatch?: number;
  /** First retry delay after a failed write; doubled per further failure up to one minute. @defaultValue `'1s'` */
  retryDelay?: Duration;
  /** Most state changes (and, separately, audit records) kept waiting while the store fails; beyond it the oldest are dropped and reported. @defaultValue 100000 */
  maxPending?: number;
  /** Told about every failed or dropped write; never throws into the engine. */
  onError?: (error: unknown, failure: WriteFailure) => void;
}

/** A batching writer in front of a {@link StateStore}: synchronous to call, asynchronous to write. */
export interface WriteBehind {
  /** Queues a check state; a later one for the same (check, asset) replaces it. */
  saveCheckState(record: CheckStateRecord): void;
  /** Queues the removal of check states (every asset of the check when `asset` is left out). */
  deleteCheckStates(key: { check: string; asset?: string }): void;
  /** Queues a state change (append-only, kept in order). */
  appendStateChange(record: StateChangeRecord): void;
  /** Queues an audit record (append-only, kept in order). Intent records bypass this: they are awaited on the store. */
  appendAudit(record: AuditRecord): void;
  /** Queues an incident; a later save of the same id replaces it (the object is read when written). */
  saveIncident(incident: Incident): void;
  /** How many records are waiting. */
  readonly pending: number;
  /** Writes everything waiting now; resolves when done or when the store failed (reported, kept). Never rejects. */
  flush(): Promise<void>;
  /** Flushes, then stops the timers; queuing afterwards throws `ERR_STOPPED`. Does not close the store. Never rejects. */
  close(): Promise<void>;
}

const MAX_RETRY_DELAY = 60_000;

const stateKey = (check: string, asset: string): string => `${check}\u0000${asset}`;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Creates the writer the engine puts in front of its {@link StateStore}. Queuing is synchronous
 * and never awaited on the hot path; a batch is written `delay` after the first queued record,
 * or as soon as `maxBatch` records wait. Check states and incidents are coalesced by key (only
 * the latest is written); state changes and audit records are appended in order. Writes run one batch at a time,
 * in the order deletes → check states → state changes → incidents → audit records.
 *
 * A failed store call is reported through `onError` and its records are kept and retried
 * (after `retryDelay`, doubling up to a minute); nothing is thrown into the caller and nothing
 * is dropped silently: only when more than `maxPending` state changes wait are the oldest
 * dropped, and that is reported too.
 *
 * @param options - store, clock, batching and retry settings
 * @returns the writer
 * @throws WardenError `ERR_CONFIG_INVALID` for an invalid duration or size
 * @example
 * ```ts
 * const writer = createWriteBehind({ store, onError: (err, f) => log.warn({ err, ...f }, 'state write failed') });
 * writer.appendStateChange({ check: 'disk', asset: 'web-1', at: now, status: 'critical', previous: 'ok', stateType: 'hard' });
 * await writer.close();
 * ```
 */
export function createWriteBehind(options: WriteBehindOptions): WriteBehind {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const delay = parseDuration(options.delay ?? 1_000, 'write-behind delay');
  const retryDelay = Math.max(1, parseDuration(options.retryDelay ?? 1_000, 'write-behind retryDelay'));
  const maxBatch = options.maxBatch ?? 1_000;
  const maxPending = options.maxPending ?? 100_000;
  for (const [name, value] of [
    ['maxBatch', maxBatch],
    ['maxPending', maxPending],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new WardenError('ERR_CONFIG_INVALID', `invalid write-behind ${name}: ${String(value)} is not a positive integer`);
    }
  }

  let deletes: Array<{ check: string; asset?: string }> = [];
  let states = new Map<string, CheckStateRecord>();
  let changes: StateChangeRecord[] = [];
  let incidents = new Map<string, Incident>();
  let audits: AuditRecord[] = [];
  let timer: TimerHandle | undefined;
  let running: Promise<void> | undefined;
  let soon = false;
  let failures = 0;
  let lastError: unknown;
  let closed = false;

  const pendingCount = () => deletes.length + states.size + changes.length + incidents.size + audits.length;

  function report(error: unknown, failure: WriteFailure): void {
    try {
      options.onError?.(error, failure);
    } catch {
      // A throwing error handler must not take the writer down with it.
    }
  }

  function alive(): void {
    if (closed) throw new WardenError('ERR_STOPPED', 'the state writer was closed; nothing more can be queued');
  }

  function schedule(): void {
    if (closed) return;
    if (failures === 0 && pendingCount() >= maxBatch && !soon && running === undefined) {
      soon = true;
      queueMicrotask(() => {
        soon = false;
        void kick();
      });
      return;
    }
    if (timer === undefined && running === undefined) {
      timer = clock.setTimer(() => {
        timer = undefined;
        void kick();
      }, delay);
    }
  }

  function covered(record: CheckStateRecord): boolean {
    return deletes.some((d) => d.check === record.check && (d.asset === undefined || d.asset === record.asset));
  }

  /** Puts back what a failed flush did not write; newer queued records win. */
  function restore(
    failedDeletes: Array<{ check: string; asset?: string }>,
    failedStates: CheckStateRecord[],
    failedChanges: StateChangeRecord[],
    failedIncidents: Incident[],
    failedAudits: AuditRecord[] = [],
  ): void {
    for (const record of failedStates) {
      const key = stateKey(record.check, record.asset);
      if (!states.has(key) && !covered(record)) states.set(key, record);
    }
    deletes = failedDeletes.concat(deletes);
    changes = failedChanges.concat(changes);
    for (const incident of failedIncidents) if (!incidents.has(incident.id)) incidents.set(incident.id, incident);
    audits = failedAudits.concat(audits);
    if (audits.length > maxPending) {
      const dropped = audits.length - maxPending;
      audits = audits.slice(dropped);
      report(lastError ?? new Error(`more than ${maxPending} audit records were waiting for the store`), {
        operation: 'appendAudit',
        records: 0,
        attempt: failures,
        retryInMs: undefined,
        dropped,
      });
    }
    if (changes.length > maxPending) {
      const dropped = changes.length - maxPending;
      changes = changes.slice(dropped);
      // The cause of a backlog is the store's own failure: report that error with the count dropped.
      report(lastError ?? new Error(`more than ${maxPending} state changes were waiting for the store`), {
        operation: 'appendStateChanges',
        records: 0,
        attempt: failures,
        retryInMs: undefined,
        dropped,
      });
    }
  }

  /** Writes one snapshot of everything queued; false when a store call failed. */
  async function writeOnce(): Promise<boolean> {
    const batch = { deletes, states: [...states.values()], changes, incidents: [...incidents.values()], audits };
    deletes = [];
    states = new Map();
    changes = [];
    incidents = new Map();
    audits = [];
    const steps: Array<[WriteOperation, unknown[], (part: never[]) => Promise<void>]> = [
      ['deleteCheckStates', batch.deletes, (part) => store.deleteCheckStates(part)],
      ['saveCheckStates', batch.states, (part) => store.saveCheckStates(part)],
      ['appendStateChanges', batch.changes, (part) => store.appendStateChanges(part)],
      ['saveIncidents', batch.incidents, (part) => store.saveIncidents(part)],
      ['appendAudit', batch.audits, (part) => store.appendAudit(part)],
    ];
    const done = [0, 0, 0, 0, 0];
    for (let s = 0; s < steps.length; s++) {
      const [operation, items, write] = steps[s] as (typeof steps)[number];
      for (const part of chunks(items, maxBatch)) {
        try {
          await write(part as never[]);
          done[s] = (done[s] as number) + part.length;
        } catch (err) {
          failures++;
          lastError = err;
          const retryInMs = closed ? undefined : Math.min(retryDelay * 2 ** (failures - 1), MAX_RETRY_DELAY);
          restore(
            batch.deletes.slice(done[0]),
            batch.states.slice(done[1]),
            batch.changes.slice(done[2]),
            batch.incidents.slice(done[3]),
            batch.audits.slice(done[4]),
          );
          report(err, { operation, records: part.length, attempt: failures, retryInMs, dropped: 0 });
          if (retryInMs !== undefined) {
            timer?.cancel();
            timer = clock.setTimer(() => {
              timer = undefined;
              void kick();
            }, retryInMs);
          }
          return false;
        }
      }
    }
    failures = 0;
    lastError = undefined;
    return true;
  }

  function kick(): Promise<void> {
    if (running) return running;
    timer?.cancel();
    timer = undefined;
    running = (async () => {
      try {
        while (pendingCount() > 0) if (!(await writeOnce())) break;
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  return {
    saveCheckState(record) {
      alive();
      states.set(stateKey(record.check, record.asset), record);
      schedule();
    },
    deleteCheckStates(key) {
      alive();
      for (const [k, record] of states)
        if (record.check === key.check && (key.asset === undefined || record.asset === key.asset)) states.delete(k);
      deletes.push(key.asset === undefined ? { check: key.check } : { check: key.check, asset: key.asset });
      schedule();
    },
    appendStateChange(record) {
      alive();
      changes.push(record);
      if (changes.length > maxPending) restore([], [], [], []);
      schedule();
    },
    appendAudit(record) {
      alive();
      audits.push(record);
      if (audits.length > maxPending) restore([], [], [], []);
      schedule();
    },
    saveIncident(incident) {
      alive();
      incidents.set(incident.id, incident);
      schedule();
    },
    get pending() {
      return pendingCount();
    },
    async flush() {
      if (running) await running;
      if (pendingCount() > 0) await kick();
    },
    async close() {
      if (closed) return;
      if (running) await running;
      closed = true;
      timer?.cancel();
      timer = undefined;
      // Closed: a failure in this last write reports but sets no retry timer.
      if (pendingCount() > 0) await kick();
    },
  };
}
